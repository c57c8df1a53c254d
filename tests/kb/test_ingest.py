from pathlib import Path

import pytest

from bot.kb import default_documents
from bot.kb.ingest import MAX_PASSAGE, SourceDocument, clean_text, read_document, split_passages

EXPECTED = {
    "000_d0d9f3696ef33b4b.txt": ("เทคนิคการสร้างและพัฒนาผู้นำสัมมาชีพ", "นางสาวสุดารัตน์ ล่างาม"),
    "001_73bb3aefcac4f189.txt": ("เทคนิคการส่งเสริมสัมมาชีพชุมชน", "นายเรวัตร งามแสง สพอ.ม่วงสามสิบ"),
    "002_c15caba5186b4e01.txt": ("การสร้างและพัฒนากลุ่มอาชีพที่ยั่งยืน", "นางสาวรัตตยิ า"),
    # the web page's own name comes first; the record inside has its own title
    "003_71cf02377128074f.txt": ("การพัฒนาปราชญ์ชุมชน สร้างสรรค์สัมมาชีพชุมชน จังหวัดเชียงราย", "นายปรีชา ปวงคำ สพจ.เชียงราย"),
    "004_836ae6a6f335cd44.txt": (None, "สพจ.อุบลราชธานี"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_documents(samples_dir, name):
    doc = read_document(samples_dir / name)
    title, owner = EXPECTED[name]
    assert doc.source_file == name
    if title:
        assert doc.title == title
    assert doc.owner == owner
    assert not any(ch in doc.text for ch in "๐๑๒๓๔๕๖๗๘๙\u200b\ufeff")
    passages = split_passages(doc)
    assert len(passages) >= 3
    assert [p.position for p in passages] == list(range(len(passages)))
    assert all(len(p.text) <= MAX_PASSAGE for p in passages)
    assert sum(len(p.text) for p in passages) / len(passages) >= 300


def test_web_chrome_is_dropped(samples_dir):
    text = read_document(samples_dir / "002_c15caba5186b4e01.txt").text
    for chrome in ("PubHTML5", "Published by", "Read the Text Version", "Keywords"):
        assert chrome not in text
    assert "5 ก" in text


def test_repeated_slide_text_kept_once(samples_dir):
    text = read_document(samples_dir / "004_836ae6a6f335cd44.txt").text
    assert text.count("ประเมินความเสี่ยงที่อาจทำให้ไม่สามารถชำระคืนเงินได้") == 1


def test_clean_text_drops_repeats_and_non_thai_lines():
    raw = "image1\n\nหัวข้อการประชุมกลุ่มอาชีพประจำเดือน\n- ประชุมทุกเดือนอย่างสม่ำเสมอ\n\n" \
          "- ประชุมทุกเดือนอย่างสม่ำเสมอ\n\n|--|--|\nความเป็นมา ->"
    assert clean_text(raw) == "หัวข้อการประชุมกลุ่มอาชีพประจำเดือน\n- ประชุมทุกเดือนอย่างสม่ำเสมอ\n\nความเป็นมา"


def test_heading_stays_with_its_list():
    doc = SourceDocument("t", "", "x.md", "# เรื่อง\n\n## กรรมการกลุ่ม\n- ประธาน ดูแลงานทั้งหมดของกลุ่ม\n- เหรัญญิก ดูแลเงิน\n"
                         "\n## การประชุม\n" + "ประชุมเดือนละครั้ง " * 80)
    passages = split_passages(doc)
    committee = next(p for p in passages if "เหรัญญิก" in p.text)
    assert "กรรมการกลุ่ม" in committee.text and "ประธาน" in committee.text
    assert all(len(p.text) <= MAX_PASSAGE for p in passages)
    assert passages[-1].heading == "เรื่อง › การประชุม"   # the heading path, outermost first


def test_default_documents_have_title_owner_and_sections():
    paths = default_documents()
    assert len(paths) == 8
    for path in paths:
        doc = read_document(path)
        assert doc.title and doc.owner.startswith("ทีมผู้ช่วยสัมมาชีพ")
        assert len(split_passages(doc)) >= 2


def test_docx(tmp_path: Path):
    import docx

    document = docx.Document()
    document.add_heading("การออมเงินของกลุ่ม", level=1)
    document.add_paragraph("เจ้าของความรู้ นางสมใจ ใจดี สำนักงานพัฒนาชุมชนอำเภอเมือง")
    document.add_heading("ออมอย่างไร", level=2)
    document.add_paragraph("สมาชิกฝากเงินสัจจะทุกเดือน เดือนละ ๑๐๐ บาท")
    path = tmp_path / "saving.docx"
    document.save(path)
    doc = read_document(path)
    assert doc.title == "การออมเงินของกลุ่ม"
    assert doc.owner == "นางสมใจ ใจดี สพอ.เมือง"
    assert "เดือนละ 100 บาท" in doc.text


def test_pdf(tmp_path: Path):
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 20 150 Td (Group savings 1,500 baht) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    path = tmp_path / "note.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    assert "Group savings 1,500 baht" in read_document_raw_text(path)


def read_document_raw_text(path: Path) -> str:
    # a Latin-only PDF has no Thai line to keep, so look at the text before cleaning
    from bot.kb.ingest import _read_raw
    from bot.kb.normalize import normalize

    return normalize(_read_raw(path))


def test_every_markdown_section_is_its_own_passage():
    doc = SourceDocument("กลุ่มอาชีพ", "", "g.md", "# กลุ่มอาชีพ\nผู้จัดทำ: ทีมงาน\n\n## หลัก 5 ร่วม\nร่วมคิด ร่วมทำ\n\n"
                         "## การประชุม\nกลุ่มควรประชุมเดือนละครั้ง\n- คุยเรื่องเงิน\n- คุยเรื่องงาน")
    passages = split_passages(doc)
    assert [p.heading for p in passages] == ["หลัก 5 ร่วม", "การประชุม"]
    # the title block holds only labels: it is the record's title and owner, not a passage
    assert passages[0].text == "หลัก 5 ร่วม\nร่วมคิด ร่วมทำ"
    assert passages[1].text == "การประชุม\nกลุ่มควรประชุมเดือนละครั้ง\n- คุยเรื่องเงิน\n- คุยเรื่องงาน"


def test_guessed_headings_still_merge_when_short():
    doc = SourceDocument("t", "", "t.txt", "ความเป็นมา\nหมู่บ้านเริ่มทำกลุ่มเมื่อปีก่อน\nวิธีการ\n" + "ลงพื้นที่เยี่ยมบ้านทุกสัปดาห์ " * 30)
    passages = split_passages(doc)
    assert len(passages) == 1 and passages[0].heading == "ความเป็นมา"


def test_a_bundle_is_split_into_its_records(samples_dir):
    """Sample 004: a cover letter, then write-ups from five district offices, each with its own title and owner."""
    doc = read_document(samples_dir / "004_836ae6a6f335cd44.txt")
    owners = [record.owner for record in doc.records]
    assert len(doc.records) == 6
    for office in ("สพอ.วารินชำราบ", "สพอ.ตระการพืชผล", "สพอ.ทุ่งศรีอุดม", "สพอ.โพธิ์ไทร"):
        assert office in owners
    assert any("กข.คจ." in record.title for record in doc.records)
    passages = split_passages(doc)
    ptt = next(p for p in passages if "ประเมินความเสี่ยงที่อาจทำให้ไม่สามารถชำระคืนเงินได้" in p.text)
    assert ptt.title.startswith("การดำเนินงานกองทุนพัฒนาบทบาทสตรี") and ptt.owner == "สพอ.วารินชำราบ"
    # the slides that repeat the Warin write-up join it rather than making a record of their own
    assert sum("กองทุนพัฒนาบทบาทสตรี" in record.title for record in doc.records) == 1


def test_records_split_on_title_labels_after_a_page_break():
    text = ("เรื่อง หนังสือนำส่งเอกสาร\n" + "ส่งองค์ความรู้ของอำเภอมาเพื่อพิจารณา " * 10 + "\n\n\n\n\n"
            "KM Challenge\n\nเรื่อง การเลี้ยงปลาในกระชัง\nโดย สำนักงานพัฒนาชุมชนอำเภอเขื่องใน\n\n"
            "ปล่อยลูกปลาเมื่อน้ำในกระชังใสและมีออกซิเจนพอ ให้อาหารวันละสองครั้ง\n\n\n\n"
            "ผลที่ได้ สมาชิกกลุ่มมีรายได้เพิ่มจากการขายปลา")
    from bot.kb.ingest import _pages, _records, clean_pages
    records = _records(clean_pages(_pages(text)), Path("bundle.txt"))
    assert [r.title for r in records] == ["หนังสือนำส่งเอกสาร", "การเลี้ยงปลาในกระชัง"]
    assert records[1].owner == "สพอ.เขื่องใน"
    assert "ผลที่ได้" in records[1].text   # a page without labels continues the record before it


def test_heading_path_follows_the_numbering():
    doc = SourceDocument("t", "", "t.txt", "1. ที่มาของงาน\n" + "หมู่บ้านเริ่มทำกลุ่มอาชีพเมื่อปีก่อน มีสมาชิกยี่สิบคน " * 8 + "\n"
                         "1.1 การเตรียมการ\n" + "ประชุมสมาชิกทุกเดือนเพื่อวางแผนงาน " * 12 + "\n"
                         "2. ผลการดำเนินงาน\n" + "สมาชิกมีรายได้เพิ่มขึ้นทุกครัวเรือน " * 12)
    headings = [p.heading for p in split_passages(doc)]
    assert "1. ที่มาของงาน › 1.1 การเตรียมการ" in headings
    assert headings[-1] == "2. ผลการดำเนินงาน"


def test_a_numbered_list_is_not_cut_into_headings():
    # each step is a short line before a longer one, which alone would look like a heading
    steps = ["1. สำรวจ", "2. คัดเลือกผู้นำที่มีความรู้และจิตอาสา " * 3, "3. อบรม",
             "4. ติดตามให้กำลังใจอย่างต่อเนื่องทุกเดือน " * 3, "5. สรุปและประเมินผลการดำเนินงานทั้งโครงการ " * 2]
    text = ("ขั้นตอนการทำงาน\n" + "\n".join(s.strip() for s in steps)
            + "\n1. ที่มา\n" + "โครงการเริ่มจากความต้องการของชาวบ้านในหมู่บ้านเอง " * 8)
    passages = split_passages(SourceDocument("เรื่องทดสอบ", "", "steps.txt", text))
    holding = [p for p in passages if "1. สำรวจ" in p.text]
    assert len(holding) == 1 and all(step.strip() in holding[0].text for step in steps)
    assert holding[0].heading == "ขั้นตอนการทำงาน"
    # a numbered line with text under it is still a heading
    assert any(p.heading.endswith("1. ที่มา") for p in passages)


def test_a_letters_date_is_no_heading():
    text = ("ศาลากลางจังหวัดอุบลราชธานี\n" + "สำนักงานพัฒนาชุมชนจังหวัดขอส่งเอกสารการจัดการความรู้ประจำปีมาเพื่อทราบ " * 6
            + "\n37 กรกฎาคม 2565\n"
            + "เรื่อง การคัดเลือกองค์ความรู้ดีเด่น ระดับหน่วยงาน ตามโครงการจัดการความรู้งานพัฒนาชุมชน " * 8 + "\n"
            + "1. ที่มา\n" + "โครงการเริ่มจากความต้องการของชาวบ้านในหมู่บ้านเอง " * 8)
    headings = [p.heading for p in split_passages(SourceDocument("หนังสือ", "", "letter.txt", text))]
    assert not any("กรกฎาคม" in heading for heading in headings)

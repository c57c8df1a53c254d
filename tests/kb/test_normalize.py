import pytest

from bot.kb.normalize import fold_abbreviations, looks_split, normalize


@pytest.mark.parametrize("raw, expected", [
    ("ทํางาน", "ทำงาน"),                       # ำ spelled as nikhahit + sara aa
    ("ทำงาน", "ทำงาน"),
    ("ที่่ดิน", "ที่ดิน"),                        # doubled tone mark
    ("\u200bกู้\ufeffเงิน\u200d", "กู้เงิน"),       # zero-width and BOM
    ("๑,๕๐๐ บาท", "1,500 บาท"),                 # Thai digits; the separator stays for the reader
    ("1,500,000", "1,500,000"),
    ("3.35 ล้าน", "3.35 ล้าน"),
    ("ดีมากกกกก", "ดีมาก"),                     # stuck key
    ("แบบบันทึก", "แบบบันทึก"),                   # three in a row is real Thai
    ("สรา้ง", "สร้าง"),                          # tone mark after sara aa
    ("a\n\nb   c", "a\n\nb c"),                 # paragraphs survive
    ("KM Challenge", "KM Challenge"),            # case is kept
])
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_nfc_not_nfkc():
    assert normalize("ﬁ") == "ﬁ"  # NFKC would expand the ligature


def test_split_marks_are_repaired_only_in_damaged_text():
    damaged = "ช่อื องคค์ วามรู้ การสรา้ งและพัฒนากลมุ่ อาชีพ " * 40
    assert looks_split(damaged)
    repaired = normalize(damaged)
    assert "ชื่อองค์ความรู้" in repaired and "กลุ่มอาชีพ" in repaired and "การสร้างและ" in repaired
    sound = "ความรู้ การทำงาน ผู้นำ ดี มาก " * 40
    assert not looks_split(sound)
    assert normalize(sound) == sound.strip()


@pytest.mark.parametrize("raw, expected", [
    ("กองทุน กข.คจ. คืออะไร", "กองทุน กขคจ  คืออะไร"),
    ("โมเดล ป.ต.ท.", "โมเดล ปตท "),
    ("สพอ.ม่วงสามสิบ", "สพอ ม่วงสามสิบ"),     # the dot closing an office stays a word break
    ("ทำได้ดีมาก.", "ทำได้ดีมาก."),              # a sentence's full stop is not an abbreviation
    ("ครับ.", "ครับ."),
])
def test_fold_abbreviations(raw, expected):
    assert fold_abbreviations(raw) == expected

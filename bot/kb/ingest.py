"""Read a field document (.txt .md .docx .pdf), clean it, and cut it into passages.

Officers' documents are messy: web-page chrome around the text, slide text pasted
three times, form labels, one huge line per PDF page. Cleaning uses only generic
signs (no Thai letters at all, web metadata fields, exact repeats), never per-file rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import bot.kb  # noqa: F401  (sets PyThaiNLP's offline flags before it is imported)
from pythainlp.util.date import thai_full_months

from bot.kb.normalize import normalize

MAX_PASSAGE = 1200  # a phone screen or two; longer passages bury the answer
MIN_PASSAGE = 300   # shorter sections are merged with the next one under the same title
HEADING_MAX = 90


@dataclass(frozen=True)
class Record:
    """One knowledge record inside a file: its own title, owner (person, office) and text."""
    title: str
    owner: str
    text: str


@dataclass(frozen=True)
class SourceDocument:
    title: str
    owner: str
    source_file: str
    text: str
    # a bundle (cover letter plus write-ups from several offices) holds several records;
    # empty means the whole text is one record under the document's title and owner
    records: tuple[Record, ...] = ()

    def all_records(self) -> tuple[Record, ...]:
        return self.records or (Record(self.title, self.owner, self.text),)


@dataclass(frozen=True)
class PassageDraft:
    heading: str   # the heading path: "3. การขับเคลื่อน › 3.1 ..." (outermost first)
    text: str
    position: int
    title: str = ""
    owner: str = ""


def read_document(path: Path | str) -> SourceDocument:
    path = Path(path)
    pages = _pages(normalize(_read_raw(path)))
    cleaned = clean_pages(pages)
    records = _records(cleaned, path)
    text = "\n\n".join(r.text for r in records)
    first = records[0] if records else Record(path.stem, "", "")
    return SourceDocument(title=first.title, owner=first.owner, source_file=path.name, text=text,
                          records=tuple(records) if len(records) > 1 else ())


def _read_raw(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".txt", ".md"}:
        return path.read_text(encoding="utf-8-sig", errors="replace")
    if suffix == ".docx":
        return _read_docx(path)
    if suffix == ".pdf":
        return _read_pdf(path)
    raise ValueError(f"unsupported document type: {path.name} (use .txt, .md, .docx or .pdf)")


def _read_docx(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    lines = []
    for paragraph in document.paragraphs:
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        level = re.search(r"heading (\d)", style) or (re.search(r"title", style) and "1")
        prefix = "#" * int(level if isinstance(level, str) else level[1]) + " " if level else ""
        lines.append(prefix + paragraph.text)
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n\n".join(lines)


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader

    return "\n\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


# ---- cleaning -----------------------------------------------------------------------
_THAI = re.compile("[\u0e01-\u0e2e]")
_WEB_FIELD = re.compile(r"^[A-Za-z][A-Za-z ]{1,30}:")        # "Published by x", "Keywords: ไทย"
_WEB_LINE = re.compile(r"^(Published by|Read the Text Version)\b", re.I)
_MARKUP = re.compile(r"\*\*|__|\|")
_ARROW = re.compile(r"\s*-+>\s*$")                          # web-form labels: "ความเป็นมา ->"
_INLINE_SECTION = re.compile(r" (?=\d+\.\d+(?:\.\d+)* \S)")   # "... 5.1.2 ขั้น..." inside a PDF page line
_HEAD_THEN_ITEMS = re.compile(r"^(\d+(?:\.\d+)+ .{2,80}?) (1\) .*)$")


def clean_text(text: str) -> str:
    """Drop chrome and repeats; keep paragraphs separated by blank lines."""
    return clean_pages([text])[0]


def clean_pages(pages: list[str]) -> list[str]:
    """clean_text for each page, with repeats dropped across the whole file (slides pasted twice)."""
    seen_blocks: set[str] = set()
    seen_lines: set[str] = set()
    return [_clean(page, seen_blocks, seen_lines) for page in pages]


def _clean(text: str, seen_blocks: set[str], seen_lines: set[str]) -> str:
    kept_blocks = []
    for block in re.split(r"\n\s*\n", text):
        key = _key(block)
        if not key or key in seen_blocks:
            continue
        seen_blocks.add(key)
        lines = []
        for line in _split_long_lines(block.split("\n")):
            line = _MARKUP.sub(" ", line)
            line = _ARROW.sub("", re.sub(r"\s+", " ", line)).strip(" -") if _ARROW.search(line) else \
                re.sub(r"\s+", " ", line).strip()
            if not line or not _THAI.search(line) or _WEB_FIELD.match(line) or _WEB_LINE.match(line):
                continue
            line_key = _key(line)
            if len(line_key) >= 20 and line_key in seen_lines:
                continue
            seen_lines.add(line_key)
            lines.append(line)
        if lines:
            kept_blocks.append("\n".join(lines))
    return "\n\n".join(kept_blocks)


def _split_long_lines(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        if len(line) <= MAX_PASSAGE:
            out.append(line)
            continue
        for part in _INLINE_SECTION.split(line):
            head = _HEAD_THEN_ITEMS.match(part)
            out.extend([head[1], head[2]] if head else [part])
    return out


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


# ---- records --------------------------------------------------------------------------
# A run of blank lines is a page or record break in extracted text, and so is a banner (a line
# without Thai between blank lines, like a slide's "KM Challenge"); a page whose first lines
# carry a title label ("เรื่อง", "ชื่อองค์ความรู้") or an owner label ("โดย", "เจ้าของความรู้")
# opens a new record. A record whose title repeats an earlier one is that write-up again
# (the slides after the report), so its text joins the earlier record.
_PAGE_BREAK = re.compile(r"\n(?:[ \t]*\n){3,}")
_RECORD_TITLE = re.compile(r"^(?:เรื่อง|ชื่อองค์ความรู้|ชื่อความรู้)\s*:?\s*\S")
_RECORD_OWNER = re.compile(r"^(?:โดย|เจ้าของ(?:องค์)?ความรู้|ผู้จัดทำ)\s*:?\s*\S")
RECORD_HEAD_LINES = 6
SAME_TITLE_CHARS = 20


def _pages(text: str) -> list[str]:
    pages: list[list[str]] = [[]]
    for chunk in _PAGE_BREAK.split(text):
        pages.append([])
        lines = chunk.split("\n")
        for i, line in enumerate(lines):
            alone = (i == 0 or not lines[i - 1].strip()) and (i + 1 == len(lines) or not lines[i + 1].strip())
            if alone and line.strip() and not _THAI.search(line):
                pages.append([])
            pages[-1].append(line)
    return ["\n".join(page) for page in pages if any(line.strip() for line in page)]


def _records(pages: list[str], path: Path) -> list[Record]:
    records: list[tuple[str, str, list[str]]] = []
    for page in pages:
        head = [line for line in page.split("\n") if line.strip()][:RECORD_HEAD_LINES]
        if not head:
            continue
        opens = any(_RECORD_TITLE.match(line) or _RECORD_OWNER.match(line) for line in head)
        if records and not opens:
            records[-1][2].append(page)
            continue
        title = find_title(page, path)
        repeated = next((r for r in records if _key(r[0])[:SAME_TITLE_CHARS] == _key(title)[:SAME_TITLE_CHARS]), None)
        if repeated is not None:
            repeated[2].append(page)
            continue
        if records and len(records[-1][2]) == 1 and len(records[-1][2][0]) < MIN_PASSAGE:
            # what came before was only a page title (a web page's name), not a record
            page = records.pop()[2][0] + "\n\n" + page
        records.append((title, find_owner(page), [page]))
    return [Record(title, owner, "\n\n".join(pages)) for title, owner, pages in records]


# ---- title and owner ------------------------------------------------------------------
_TITLE_LABEL = re.compile(r"(?:ชื่อองค์ความรู้|ชื่อความรู้|^เรื่อง)\s*:?\s*(.+)", re.M)
_NEXT_LABEL = re.compile(r"\s(?=ชื่อเจ้าของ|เจ้าของ|\d+\.\s)")
_OWNER_LABEL = re.compile(r"เจ้าของ(?:องค์)?ความรู้|ผู้จัดทำ|ผู้เขียน|^โดย", re.M)
_PERSON = re.compile(r"(?:นางสาว|นาง|นาย|ว่าที่ร้อยตรี|ดร\.)\s?\S+\s+[^\s(]+")
# "สำนักงานพัฒนาชุมชนอำเภอแห่งการเรียนรู้" (a learning office) is an idea, not an office
_OFFICE = re.compile("(?:สำนักงานพัฒนาชุมชน\\s?(อำเภอ|จังหวัด)|(สพอ|สพจ)\\.)\\s?(?!แห่ง)([ก-ฮเ-ไ][^\\s(“”\"]*)")
_HEAD = 3000  # labels that matter sit at the top of a record


def find_title(text: str, path: Path) -> str:
    for line in text.split("\n"):
        if line.startswith("# "):
            return line[2:].strip()
    label = _TITLE_LABEL.search(text[:_HEAD])
    if label:
        return _shorten(_NEXT_LABEL.split(label[1])[0])
    first = next((line for line in text.split("\n") if len(line) >= 8), path.stem)
    return _shorten(first)


def find_owner(text: str) -> str:
    """The person and office (สพอ./สพจ.) named at the top, or the owner line as written."""
    head = text[:_HEAD]
    labels = list(_OWNER_LABEL.finditer(head))
    person = next((p for p in (_PERSON.search(head, m.end(), m.end() + 60) for m in labels) if p), None)
    office_match = _OFFICE.search(head)
    office = ""
    if office_match:
        kind = office_match[1] or office_match[2]
        office = ("สพอ." if kind in {"อำเภอ", "สพอ"} else "สพจ.") + office_match[3]
    if person:
        return f"{person[0]} {office}".strip()
    written = next((head[m.end():].split("\n", 1)[0].strip(" :") for m in labels), "")
    return office or _shorten(written, 60)


def _shorten(text: str, limit: int = 120) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


# ---- passages -------------------------------------------------------------------------
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+)$")
_LIST_ITEM = re.compile(r"^([-•*]|\d+\)|[ก-ฮ]\.|\(\d+\))\s")
_SENTENCE_END = re.compile(r"[.!?ฯ]$|ค่ะ$|ครับ$")


_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)[.)]?\s")
PATH_SEPARATOR = " › "


@dataclass
class _Section:
    path: tuple[str, ...]   # headings from the outermost to this section's own
    lines: list[str]
    # an author's own heading (Markdown ## and deeper, Word heading 2+) bounds a topic, so
    # its section stays a passage however short; guessed headings and the title block may merge
    explicit: bool = False

    @property
    def heading(self) -> str:
        return self.path[-1] if self.path else ""


def split_passages(doc: SourceDocument) -> list[PassageDraft]:
    drafts: list[PassageDraft] = []
    for record in doc.all_records():
        # a title block of labels only ("ผู้จัดทำ: ...") is the record's metadata, shown as its source
        sections = [s for s in _sections(record.text.split("\n"), record.title) if not _labels_only(s, record.title)]
        chunks = [(section.explicit, (PATH_SEPARATOR.join(section.path), text))
                  for section in sections for _, text in _chunk_section(section.heading, section.lines)]
        for heading, text in _merge_small(chunks):
            drafts.append(PassageDraft(heading=heading[:500], text=text, position=len(drafts),
                                       title=record.title, owner=record.owner))
    return drafts


def _labels_only(section: _Section, title: str) -> bool:
    """The record's own title, alone or with label lines under it ("ผู้จัดทำ: ...")."""
    return (_key(section.heading) in {"", _key(title)} and (bool(section.lines) or bool(section.heading))
            and all(_OWNER_LABEL.match(line) or _TITLE_LABEL.match(line) for line in section.lines))


_ITEM_NUMBER = re.compile(r"^\s*((?:\d+\.)*)(\d{1,2})(?:[.)]|\s)")


def in_numbered_run(lines: list[str], i: int) -> bool:
    """True for a line numbered right after or right before its neighbour ("8. ..." between "7."
    and "9."): an item of a numbered list, not a heading; a numbered heading has text under it."""
    this = _ITEM_NUMBER.match(lines[i])
    if not this:
        return False
    for j, step in ((i - 1, -1), (i + 1, 1)):
        other = _ITEM_NUMBER.match(lines[j]) if 0 <= j < len(lines) else None
        if other and other[1] == this[1] and int(other[2]) == int(this[2]) + step:
            return True
    return False


_DATE = re.compile(rf"^(วันที่\s*)?\d{{1,2}}\s*({'|'.join(thai_full_months)})\s*(พ\.\s?ศ\.\s*)?\d{{4}}$")


def is_date(line: str) -> bool:
    """A letter's date line ("37 กรกฎาคม 2565"): short and above a paragraph, but no heading."""
    return bool(_DATE.match(line.strip()))


def _is_heading(line: str, next_line: str | None, guess: bool, listed: bool = False,
                next_listed: bool = False) -> bool:
    if _MD_HEADING.match(line):
        return True
    if (not guess or listed or len(line) > HEADING_MAX or _LIST_ITEM.match(line) or _SENTENCE_END.search(line)
            or is_date(line)):
        return False
    # a short line that introduces something longer: a list or a paragraph
    return next_line is not None and (len(next_line) > 1.5 * len(line) or bool(_LIST_ITEM.match(next_line))
                                      or next_listed)


GUESSED_LEVEL = 9


def _level(line: str, md: re.Match | None) -> int:
    """Markdown depth, or the depth of a number like 5.1.2.

    An unnumbered guessed heading may be a sentence that only looks like one, so it never
    becomes the parent of a numbered section: it sits at the bottom of the path.
    """
    if md:
        return len(md[1])
    numbered = _NUMBERED.match(line)
    return len(numbered[1].split(".")) if numbered else GUESSED_LEVEL


def _sections(lines: list[str], title: str = "") -> list[_Section]:
    content = [line for line in lines if line.strip()]
    # where the author marked sections, a short line before a list is part of the section
    guess = not any(_MD_HEADING.match(line) for line in content[1:])
    sections = [_Section((), [])]
    stack: list[tuple[int, str]] = []
    for i, line in enumerate(content):
        following = content[i + 1] if i + 1 < len(content) else None
        if _is_heading(line, following, guess, listed=in_numbered_run(content, i),
                       next_listed=following is not None and in_numbered_run(content, i + 1)):
            md = _MD_HEADING.match(line)
            heading = md[2].strip() if md else line
            level = _level(line, md)
            stack = [(lvl, h) for lvl, h in stack if lvl < level] + [(level, heading)]
            # the record's own title is shown as the source; the path holds what is below it
            path = tuple(h for _, h in stack if _key(h) != _key(title)) or (heading,)
            sections.append(_Section(path, [], explicit=bool(md) and len(md[1]) >= 2))
        else:
            sections[-1].lines.append(line)
    return [s for s in sections if s.lines or s.path]


def _chunk_section(heading: str, lines: list[str]) -> list[tuple[str, str]]:
    """Cut a section into pieces of at most MAX_PASSAGE, each opening with its heading."""
    budget = MAX_PASSAGE - len(heading) - 1
    pieces: list[str] = []
    current = ""
    for line in lines:
        for part in _split_line(line, budget):
            if current and len(current) + 1 + len(part) > budget:
                pieces.append(current)
                current = part
            else:
                current = f"{current}\n{part}" if current else part
    if current or not pieces:
        pieces.append(current)
    return [(heading, "\n".join(x for x in (heading, piece) if x)) for piece in pieces]


def _split_line(line: str, budget: int) -> list[str]:
    parts = []
    while len(line) > budget:
        window = line[:budget]
        # prefer a cut before a numbered item, then any space, in the second half
        cut = max((m.start() for m in re.finditer(r" (?=\d+[.)] )", window) if m.start() > budget // 2),
                  default=-1)
        if cut < 0:
            cut = window.rfind(" ", budget // 2)
        if cut < 0:
            cut = budget
        parts.append(line[:cut].strip())
        line = line[cut:].strip()
    if line:
        parts.append(line)
    return parts


def _merge_small(chunks: list[tuple[bool, tuple[str, str]]]) -> list[tuple[str, str]]:
    """Join a short piece to its neighbour; a piece under an explicit heading never absorbs another."""
    merged: list[tuple[bool, str, str]] = []
    for explicit, (heading, text) in chunks:
        if merged:
            last_explicit, last_heading, last_text = merged[-1]
            if len(last_text) < MIN_PASSAGE and len(last_text) + 1 + len(text) <= MAX_PASSAGE and not last_explicit:
                # a short title block or guessed section leads into what follows it
                merged[-1] = (explicit, heading if explicit else last_heading, f"{last_text}\n{text}")
                continue
        merged.append((explicit, heading, text))
    if len(merged) > 1:
        tail_explicit, _, tail_text = merged[-1]
        head_explicit, head_heading, head_text = merged[-2]
        if len(tail_text) < MIN_PASSAGE and len(head_text) + 1 + len(tail_text) <= MAX_PASSAGE \
                and not tail_explicit and not head_explicit:
            merged.pop()
            merged[-1] = (head_explicit, head_heading, f"{head_text}\n{tail_text}")
    return [(heading, text) for _, heading, text in merged]

"""Read a field document (.txt .md .docx .pdf), clean it, and cut it into passages.

Officers' documents are messy: web-page chrome around the text, slide text pasted
three times, form labels, one huge line per PDF page. Cleaning uses only generic
signs (no Thai letters at all, web metadata fields, exact repeats), never per-file rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.kb.normalize import normalize

MAX_PASSAGE = 1200  # a phone screen or two; longer passages bury the answer
MIN_PASSAGE = 300   # shorter sections are merged with the next one under the same title
HEADING_MAX = 90


@dataclass(frozen=True)
class SourceDocument:
    title: str
    owner: str
    source_file: str
    text: str


@dataclass(frozen=True)
class PassageDraft:
    heading: str
    text: str
    position: int


def read_document(path: Path | str) -> SourceDocument:
    path = Path(path)
    raw = _read_raw(path)
    text = clean_text(normalize(raw))
    return SourceDocument(title=find_title(text, path), owner=find_owner(text),
                          source_file=path.name, text=text)


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
    seen_blocks: set[str] = set()
    seen_lines: set[str] = set()
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


# ---- title and owner ------------------------------------------------------------------
_TITLE_LABEL = re.compile(r"(?:ชื่อองค์ความรู้|ชื่อความรู้|^เรื่อง)\s*:?\s*(.+)", re.M)
_NEXT_LABEL = re.compile(r"\s(?=ชื่อเจ้าของ|เจ้าของ|\d+\.\s)")
_OWNER_LABEL = re.compile(r"เจ้าของ(?:องค์)?ความรู้|ผู้จัดทำ|ผู้เขียน|^โดย", re.M)
_PERSON = re.compile(r"(?:นางสาว|นาง|นาย|ว่าที่ร้อยตรี|ดร\.)\s?\S+\s+[^\s(]+")
_OFFICE = re.compile(r"สำนักงานพัฒนาชุมชน\s?(อำเภอ|จังหวัด)\s?([^\s(]+)")
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
    office = ("สพอ." if office_match[1] == "อำเภอ" else "สพจ.") + office_match[2] if office_match else ""
    if person:
        return f"{person[0]} {office}".strip()
    written = next((head[m.end():].split("\n", 1)[0].strip(" :") for m in labels), "")
    return _shorten(written, 60) if written else office


def _shorten(text: str, limit: int = 120) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


# ---- passages -------------------------------------------------------------------------
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+)$")
_LIST_ITEM = re.compile(r"^([-•*]|\d+\)|[ก-ฮ]\.|\(\d+\))\s")
_SENTENCE_END = re.compile(r"[.!?ฯ]$|ค่ะ$|ครับ$")


@dataclass
class _Section:
    heading: str
    lines: list[str]
    # an author's own heading (Markdown ## and deeper, Word heading 2+) bounds a topic, so
    # its section stays a passage however short; guessed headings and the title block may merge
    explicit: bool = False


def split_passages(doc: SourceDocument) -> list[PassageDraft]:
    sections = _sections(doc.text.split("\n"))
    chunks = [(section.explicit, chunk) for section in sections for chunk in _chunk_section(section.heading, section.lines)]
    merged = _merge_small(chunks)
    return [PassageDraft(heading=h, text=t, position=i) for i, (h, t) in enumerate(merged)]


def _is_heading(line: str, next_line: str | None, guess: bool) -> bool:
    if _MD_HEADING.match(line):
        return True
    if not guess or len(line) > HEADING_MAX or _LIST_ITEM.match(line) or _SENTENCE_END.search(line):
        return False
    # a short line that introduces something longer: a list or a paragraph
    return next_line is not None and (len(next_line) > 1.5 * len(line) or bool(_LIST_ITEM.match(next_line)))


def _sections(lines: list[str]) -> list[_Section]:
    content = [line for line in lines if line.strip()]
    # where the author marked sections, a short line before a list is part of the section
    guess = not any(_MD_HEADING.match(line) for line in content[1:])
    sections = [_Section("", [])]
    for i, line in enumerate(content):
        following = content[i + 1] if i + 1 < len(content) else None
        if _is_heading(line, following, guess):
            md = _MD_HEADING.match(line)
            heading = md[2].strip() if md else line
            sections.append(_Section(heading, [], explicit=bool(md) and len(md[1]) >= 2))
        else:
            sections[-1].lines.append(line)
    return [s for s in sections if s.lines or s.heading]


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

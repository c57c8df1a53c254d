"""Turn a question into what the chat shows: the sentences that answer it, or a kind "not yet".

Search finds candidate sections (KnowledgeIndex); this module reads them the way a person
would. Each section is cut into sentences, each sentence scored by how much of the
question's content it holds (rarity-weighted), with a bonus for the shape the question
asks for (a figure, a list, a definition, steps, a reason). The section whose best
sentence and overall coverage agree best is shown: its heading for context, the best
sentence with what belongs to it (the items of a list it introduces), then the next-best
sentences while they fit one phone screen, and the source. A short section is shown whole
(but for the sentence that defines a term asked about); a question for a list or steps gets
the section in order from where the list opens, under the heading those lines stand under.

Declining has two answers. A question that shares almost no content word with the
knowledge base is outside what the bot is for (gold price, football): a kind word and no
hand-off. A question in the bot's domain that no sentence answers well enough is offered to
the officer. The thresholds live in calibration.py, chosen on a split of the project's
own questions (benchmarks/kb_calibrate.py) and checked on the other half.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot import texts
from bot.kb import calibration
from bot.kb.index import Hit, KnowledgeIndex, analyse
from bot.kb.ingest import is_date
from bot.kb.normalize import fold_abbreviations, normalize
from bot.kb.question import Question, parse
from bot.kb.tokenize import words as segment

CONTENT_CHARS = 320  # the extracted sentences; with heading and source about one phone screen
SENTENCE_CHARS = 120  # a long paragraph line is read in pieces of about this size
SEARCHED = 5
# weight of BM25 against confidence when ranking the searched sections; chosen on the tune half of
# benchmarks/kb_questions.jsonl (the middle of the best range, 0.5 to 1.0), see BENCHMARKS.md
RANK_BM25_SHARE = 0.7
WHOLE_SECTION_CHARS = 330  # a section this short is shown whole
LEAD_SHARE = 0.3  # of the screen, at most, for the lines before the best sentence (see _answer_start)
HEADING_MATCH = 0.5  # the question names the section's heading: show the section from its start
_WHOLE_TOPIC = {"list", "steps", "definition", "other"}  # kinds a whole section can answer; not a figure or a reason
SOURCE_TITLE_CHARS = 35
SOURCE_TITLE_SLACK = 6  # a title at most this much longer is not worth an ellipsis
STORY_SHARE = 0.8  # weight of a long question's story words against its asking clause's
# weight of the focus's words outside the clause that asks; the tune half of the project's own
# questions scores the same from 0.7 to 1.0 (BENCHMARKS.md), this is the middle
CONTEXT_SHARE = 0.85

_GREETING = re.compile(r"^(สวัสดี|หวัดดี|ดีจ้า|ดีค่ะ|ดีครับ|hello|hi)[\w\u0e00-\u0e7f]{0,12}$", re.I)
_THANKS = re.compile(r"^(ขอบคุณ|ขอบใจ|ขอบพระคุณ|thank)[\w\u0e00-\u0e7f]{0,16}$", re.I)
_LIST_ITEM = re.compile(r"^\s*([-•*▪●]|\(?\d+(\.\d+)*[.)]|[ก-ฮ][.)])\s*")
_INTRODUCES = re.compile(r"(ดังนี้|ได้แก่|ประกอบด้วย|คือ|:)\s*$")
_OPENS_LIST = re.compile(r"ดังนี|ได้แก่|ประกอบด้วย")  # ดังนี้, also with its tone mark lost in a PDF
_DIGIT = re.compile(r"\d")
# a figure written in digits or in words ("สองถึงสามวัน")
_FIGURE = "(?:\\d|หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ร้อย|พัน|หมื่น|แสน|ล้าน|ครึ่ง)"
_SHAPES = {
    "figure": re.compile(_FIGURE),
    "definition": re.compile(r"คือ|หมายถึง|เป็น"),
    "reason": re.compile(r"เพราะ|เพื่อ|เนื่องจาก|ทำให้|จึง"),
    "person": re.compile(r"ผู้|คณะ|กรรมการ|เจ้าหน้าที่|พัฒนากร|นาย|นาง"),
    "time": re.compile(r"\d|วัน|เดือน|ปี|ก่อน|หลัง|ครั้ง"),
}
SHAPE_BONUS = 0.15  # share of a sentence's score added when it has the shape asked for
NUMBER_BONUS = 0.15  # a sentence holding a number the question names ("8 ด้าน", "ข้อ 3")
FIGURE_BONUS = 0.3  # a number followed by what the question counts ("กี่ครั้ง" -> "142 ครั้ง")
NO_FIGURE_FACTOR = 0.6  # a figure question is rarely answered by a sentence without a number
_COUNTED = re.compile(r"กี่\s*([ก-ฮเแโใไ][\u0e00-\u0e7f]{1,8}?)(?=$|\s|มี|ได้|แล้ว|เป็น|และ|ต่อ|ที่|ครับ|คะ|ค่ะ|จ๊ะ|จ้ะ|อะ|นะ|น้อ|เนาะ|ล่ะ|เด้อ|กี่|[?])")
_ANY_FIGURE = re.compile(_FIGURE)
# between a figure and the unit counted, a short word that makes the unit a longer one (3 รูปแบบ
# for กี่แบบ), not one that says where or how often the figure applies ("2565 ทุกหมู่บ้าน",
# "ครั้งที่ 2 ในวันเสาร์", "ร้อยละ 5 ต่อคน")
_BEFORE_UNIT = r"\s*(?:(?!ทุก|ใน|ต่อ|ละ|ที่|ของ|จาก|แต่|กับ|และ|หรือ)[\u0e01-\u0e4e]{1,4})?"
_NUMBER = re.compile(r"\d[\d,.]*")
DEFINITION_BONUS = 0.3  # a sentence that defines the very term asked about ("X คือ", "ชื่อเต็ม (X)")
_DEFINITION_ASK = re.compile(r"(คือ(อะไร|ไร|หยัง)?|หมายถึง(อะไร)?|ย่อมาจาก(อะไร|ไร)?|แปลว่า(อะไร)?|"
                             r"หมายความว่า(อะไร)?|แม่นหยัง)(อะ|ครับ|คะ|ค่ะ|จ๊ะ|นะ|หรอ)*\??$")
_DEFINES = "(?:คือ|หมายถึง|ย่อมาจาก|หมายความว่า)"
_PERCENT = re.compile(r"ร้อยละ|เปอร์เซ็นต์|%")
_SHARE_FIGURE = re.compile(r"ร้อยละ\s*\d|\d\s*(%|เปอร์เซ็นต์)")
_HOW_OFTEN = re.compile(r"(บ่อย|ถี่)\s*(แค่ไหน|เท่าไร|เท่าไหร่|ขนาดไหน|ไหม|มั้ย)")
_FREQUENCY = re.compile(r"(วัน|สัปดาห์|อาทิตย์|เดือน|ปี)ละ|ทุก\s*(วัน|สัปดาห์|อาทิตย์|เดือน|ปี|\d)|เป็นประจำ|สม่ำเสมอ|"
                        r"\d\s*ครั้ง")


@dataclass(frozen=True)
class Source:
    title: str
    file: str
    score: float


@dataclass(frozen=True)
class Answer:
    kind: str  # "answer" | "greeting" | "thanks" | "unknown" (in scope) | "out_of_scope"
    text: str
    passage_id: int | str | None = None
    sources: list[Source] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return self.kind == "answer"

    def to_json(self) -> dict:
        return {"answered": self.answered, "kind": self.kind, "answer": self.text,
                "sources": [{"title": s.title, "file": s.file, "score": s.score} for s in self.sources]}


@dataclass(frozen=True)
class Sentence:
    line: int          # which line of the passage (pieces of one line join with a space)
    text: str
    score: float       # share of the question's content it holds, plus the shape bonus
    item: bool         # a list item or numbered step
    introduces: bool   # ends with "ดังนี้" or ":", or is a heading inside the section: what follows belongs to it


@dataclass(frozen=True)
class Reading:
    """One candidate section as read for this question."""
    hit: Hit
    sentences: list[Sentence]
    best: int          # index into sentences
    confidence: float
    heading_share: float = 0.0  # how much of the question the section's own heading names
    evidence: float = 0.0       # the best sentence's share, or the heading's where the section answers whole
    defines: bool = False       # its best sentence defines the term a definition question asks about


@dataclass(frozen=True)
class Consideration:
    """Everything the decision to answer rests on; the calibration script reads the same."""
    asked: Question
    readings: list[Reading]     # candidate sections that have sentences, best first
    scope: float                # share of the question's content the knowledge base knows
    figure_score: float         # a figure question: best score of a sentence holding a figure (of the
                                # thing counted: "กี่คน" wants "9 คน"); 1.0 for other questions

    @property
    def best(self) -> Reading | None:
        """The section to show."""
        return self.readings[0] if self.readings else None

    @property
    def surest(self) -> Reading | None:
        """The section that holds the question best: whether to answer at all rests on it, not on
        the one shown (ranking also weighs BM25, which says which section, not whether any)."""
        return max(self.readings, key=lambda r: r.confidence) if self.readings else None


def answer_question(index: KnowledgeIndex, question: str) -> Answer:
    compact = re.sub(r"[\s!.,?~😊🙏]+", "", normalize(question))
    if _GREETING.match(compact):
        return Answer("greeting", texts.KB_GREETING_REPLY)
    if _THANKS.match(compact):
        return Answer("thanks", texts.KB_THANKS_REPLY)
    if not len(index):  # nothing imported yet: every question is one for the officers
        return Answer("unknown", texts.KB_UNKNOWN_OFFER)
    seen = consider(index, question)
    best, surest = seen.best, seen.surest
    if best is None or not calibration.answers(surest.confidence, surest.evidence,
                                               seen.asked.kind, seen.figure_score, long=bool(seen.asked.story),
                                               scope=seen.scope):
        if seen.scope >= calibration.IN_SCOPE:
            return Answer("unknown", texts.KB_UNKNOWN_OFFER)
        return Answer("out_of_scope", texts.KB_OUT_OF_SCOPE)
    passage = best.hit.passage
    return Answer(
        kind="answer",
        text=compose(best, seen.asked),
        passage_id=passage.id,
        sources=[Source(r.hit.passage.title, r.hit.passage.source_file, round(r.confidence, 3))
                 for r in seen.readings[:3]],
    )


def consider(index: KnowledgeIndex, question: str) -> Consideration:
    asked = parse(index.spelled(question))
    # "บ่อยแค่ไหน" asks for a frequency, which the answer gives in other words ("เดือนละ 1 ครั้ง")
    wanted = content_terms(index, _HOW_OFTEN.sub(" ", asked.focus))
    # in "แก้หนี้ กขคจ พิบูล ได้กี่หมู่บ้าน" the words that ask say what the answering sentence
    # holds; the others say which record, and the section's title and heading often hold them
    if asked.asking != asked.focus:
        asking = content_terms(index, _HOW_OFTEN.sub(" ", asked.asking))
        wanted = {term: weight if term in asking else CONTEXT_SHARE * weight for term, weight in wanted.items()}
    # the story around a long question still says what it is about, with less weight
    for term, weight in content_terms(index, asked.story).items():
        wanted.setdefault(term, STORY_SHARE * weight)
    # what a figure counts ("กี่คน"), if the documents use that word at all: a misspelt unit
    # ("กี่หมุ่บ้าน") would otherwise rule out every figure
    counted = [m[1] for m in _COUNTED.finditer(asked.focus.replace(" ", "")) if _used(index, m[1])]
    numbers = {n.replace(",", "") for n in _NUMBER.findall(asked.focus)}
    defines = _defined_term(asked.focus) if asked.kind == "definition" else None
    # the figure asked for, when the question says which (a count of something, a share, how
    # often): a sentence holding it is worth more than one that only shares the question's words
    figure = _asked_figure(asked.focus, counted) if asked.kind == "figure" else None
    readings = [read(index, hit, wanted, asked, figure, numbers, defines)
                for hit in index.search(asked.focus, k=SEARCHED, story=asked.story)]
    # Which section to show: its confidence (how well its best sentence and the whole section hold
    # the question) plus its BM25 score against the best candidate's, which favours the section
    # that holds the question's rare words many times. A sentence that defines the asked term gets
    # its bonus back here: confidence caps the sentence share at 1, so a short term that many
    # sections mention would tie with them.
    top_score = max((r.hit.score for r in readings), default=0.0) or 1.0
    readings = sorted((r for r in readings if r.sentences),
                      key=lambda r: -(r.confidence + RANK_BM25_SHARE * r.hit.score / top_score
                                      + r.defines * calibration.SENTENCE_SHARE * DEFINITION_BONUS))
    if asked.kind == "author":  # the record whose title the question names: its owner is the answer
        readings.sort(key=lambda r: -_share(_central(r.hit.passage.title), wanted))
    if defines is not None:  # a section that defines the asked term, or is headed by it, answers "what is X" first
        readings.sort(key=lambda r: not (r.defines or r.heading_share >= HEADING_MATCH))
    figure_score = 1.0
    if asked.kind == "figure":
        wanted_figure = figure or _ANY_FIGURE

        rate = _asked_rate(asked.focus)

        def holds_figure(sentence: Sentence) -> bool:
            text = _LIST_ITEM.sub("", sentence.text)
            return bool(wanted_figure.search(text)) and (rate is None or bool(rate.search(text)))
        # a section without such a figure cannot answer: the sections that have one go first
        readings.sort(key=lambda r: not any(holds_figure(s) for s in r.sentences))
        # how much of the question a sentence holding the figure carries, with its section's title
        # and heading (which name the office or topic the figure belongs to), and no bonus for the
        # figure itself: "พัฒนากรผู้หญิงกี่คน" is not answered by "พัฒนาการ 4 คน".
        # -1: no sentence holds such a figure at all, which no threshold lets through
        figure_score = -1.0
        if readings:
            passage = readings[0].hit.passage
            context = _central(passage.title + passage.heading)
            sentences = readings[0].sentences
            figure_score = max((_share(context + _central(_with_neighbours(sentences, i)), wanted)
                                for i, s in enumerate(sentences) if holds_figure(s)), default=-1.0)
    return Consideration(asked, readings, scope(index, asked.text), figure_score)


_RATE_UNITS = ("คน|ครัวเรือน|โครงการ|กลุ่ม|ปี|เดือน|สัปดาห์|อาทิตย์|วัน|ครั้ง|ราย|หมู่บ้าน|ตำบล|ไร่|ก้อน|ตัว|"
               "ชิ้น|ผืน|ใบ|กิโลกรัม|กิโล|กก|หลัง|แห่ง|รุ่น")
_ASKS_RATE = re.compile(rf"ต่อ\s*(?:หนึ่ง|1)?\s*({_RATE_UNITS})|({_RATE_UNITS})ละ")


def _asked_rate(focus: str) -> re.Pattern | None:
    """A figure asked per something ("กี่บาทต่อคน", "ก้อนละเท่าไร", "ปีละกี่ครั้ง") is answered only
    by a figure given per the same thing ("คนละ 5,000 บาท", "ต่อ 1 โครงการ", "/ปี"), not by a total."""
    match = _ASKS_RATE.search(focus)
    if match is None:
        return None
    unit = re.escape(match[1] or match[2])
    return re.compile(rf"ต่อ\s*(?:หนึ่ง|1)?\s*{unit}|{unit}\s*ละ|/\s*{unit}")


def _with_neighbours(sentences: list[Sentence], i: int) -> str:
    """A sentence with the pieces of the same paragraph line just before and after it: a long
    line is read in pieces, and what a figure counts may be named in the piece beside it."""
    return " ".join(s.text for s in sentences[max(i - 1, 0):i + 2] if s.line == sentences[i].line)


def _defined_term(focus: str) -> re.Pattern | None:
    """What a sentence that defines the asked term looks like: the term followed by "คือ" or
    "หมายถึง" (quotes allowed), or the term beside a bracket, where a name meets its short form
    ("ศูนย์อำนวยการ... (ศจพ.)", "TPMAP (Thai People Map...)")."""
    term = _DEFINITION_ASK.sub("", _central(focus))
    if len(term) < 2:
        return None
    term = re.escape(term)
    return re.compile(rf"{term}[”\"'’]?{_DEFINES}|\({term}\)|{term}\(")


def _asked_figure(focus: str, counted: list[str]) -> re.Pattern | None:
    """The figure a sentence must hold to answer, where the question names it (a list's own
    numbering is stripped before the search): a share ("ร้อยละเท่าไร": ร้อยละ 25, 25 %), how often
    ("บ่อยแค่ไหน": เดือนละ 1 ครั้ง, ทุกปี, เป็นประจำ) or a count of something ("กี่คน": 9 คน;
    a short word may stand between: "กี่แบบ" is "3 รูปแบบ"); None when any figure would do."""
    if _PERCENT.search(focus):
        return _SHARE_FIGURE
    if _HOW_OFTEN.search(focus):
        return _FREQUENCY
    if counted:
        return re.compile("|".join(_FIGURE + _BEFORE_UNIT + re.escape(unit) for unit in counted))
    return None


def content_terms(index: KnowledgeIndex, text: str) -> dict[str, float]:
    """The question's content as trigrams inside its content words, each with its rarity.

    Trigrams within words (not across them) keep question words and particles out;
    a two-letter word (กก, ปู) counts whole.
    """
    terms: dict[str, float] = {}
    for word in analyse(text).words:
        pieces = [word[i:i + 3] for i in range(len(word) - 2)] or [word]
        for piece in pieces:
            terms[piece] = index.weight(piece if len(piece) == 3 else "w:" + piece)
    return terms


def scope(index: KnowledgeIndex, question: str) -> float:
    """Share of the question's content words that the knowledge base uses at all.

    Counted per word, not weighted by rarity: one unknown word ("เปอร์เซ็นต์") in a question
    about the women's fund does not make it off-topic, while a question about football or
    gold shares only a word or two with the documents.
    """
    words = [w for w in analyse(question).words if not _DIGIT.fullmatch(w)]
    if not words:
        return 0.0
    known = sum(_known_word(index, w) for w in words)
    # Names and words of a trade the documents do not cover ("บ่อกบของป้าศรีนวล") lower the
    # share, yet a question that uses several words of the documents is about this work:
    # told "out of scope", it would never reach an officer.
    if known >= calibration.KNOWN_WORDS_IN_SCOPE:
        return 1.0
    return known / len(words)


def _used(index: KnowledgeIndex, unit: str) -> bool:
    """A unit the documents use: as a word, or inside the words they write it in ("แบบ" only
    in "รูปแบบ", which the segmenter keeps whole)."""
    trigrams = [unit[i:i + 3] for i in range(len(unit) - 2)]
    return index.knows("w:" + unit) or (bool(trigrams) and all(index.knows(t) for t in trigrams))


def _known_word(index: KnowledgeIndex, word: str) -> bool:
    """A word the documents use, or a compound of two they use (ใส่ปุ๋ย = ใส่ + ปุ๋ย)."""
    if index.knows("w:" + word):
        return True
    return any(index.knows("w:" + word[:i]) and index.knows("w:" + word[i:]) for i in range(2, len(word) - 1))


def read(index: KnowledgeIndex, hit: Hit, wanted: dict[str, float], asked: Question,
         figure: re.Pattern | None = None, numbers: set[str] = frozenset(),
         defines: re.Pattern | None = None) -> Reading:
    own_heading = section_heading(hit.passage.heading, hit.passage.text)
    sentences = score_sentences(hit.passage.text, wanted, asked.kind, figure, numbers,
                                skip_first=bool(own_heading), defines=defines)
    if not sentences:
        return Reading(hit, [], 0, 0.0)
    best = max(range(len(sentences)), key=lambda i: sentences[i].score)
    heading_share = _share(_central(own_heading), wanted)
    # "ทำปุ๋ยหมักยังไง" is answered by the section headed "ปุ๋ยหมักทำอย่างไร", whose steps
    # never repeat the word: for such questions the heading is evidence like a sentence
    evidence = max(sentences[best].score, heading_share if asked.kind in _WHOLE_TOPIC else 0.0)
    confidence = calibration.confidence(hit.coverage, evidence,
                                        _share(_central(hit.passage.heading + hit.passage.title), wanted))
    defining = defines is not None and bool(defines.search(_central(sentences[best].text)))
    return Reading(hit, sentences, best, confidence, heading_share, evidence, defining)


def section_heading(path: str, text: str) -> str:
    """The section's own heading when the passage opens with it (a passage cut from a section
    opens with the heading; text before any heading has none)."""
    own = path.rsplit(" › ", 1)[-1] if path else ""
    return own if own and text.split("\n", 1)[0].strip() == own else ""


def score_sentences(text: str, wanted: dict[str, float], kind: str, figure: re.Pattern | None = None,
                    numbers: set[str] = frozenset(), skip_first: bool = True,
                    defines: re.Pattern | None = None) -> list[Sentence]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    out: list[Sentence] = []
    # a share or a frequency is the shape asked for; any other number (a year, a count) is not one
    shape = figure if figure in (_SHARE_FIGURE, _FREQUENCY) else _SHAPES.get(kind)
    first = 1 if skip_first else 0  # the section's heading, when the passage opens with it
    for number, line in enumerate(lines[first:], start=first):
        item = bool(_LIST_ITEM.match(line))
        for piece in _pieces(line):
            central = _central(piece)
            score = _share(central, wanted)
            if shape is not None and shape.search(piece):
                score += SHAPE_BONUS * score
            elif kind == "figure":
                score *= NO_FIGURE_FACTOR
            if figure is not None and figure.search(_LIST_ITEM.sub("", piece)):
                score += FIGURE_BONUS
            # "ข้อ 3", "ขั้นตอนที่ 8", a year: the question's own numbers, matched whole
            if numbers and any(re.search(rf"(?<![\d.]){re.escape(n)}(?![\d])", central) for n in numbers):
                score += NUMBER_BONUS
            if defines is not None and defines.search(central):
                score += DEFINITION_BONUS
            if kind in {"list", "steps"} and (item or _INTRODUCES.search(piece)):
                score += SHAPE_BONUS * score
            out.append(Sentence(number, piece, score, item, bool(_INTRODUCES.search(piece)) or _inner_heading(
                line, lines[number + 1] if number + 1 < len(lines) else None)))
    return out


def compose(reading: Reading, asked: Question) -> str:
    """Heading for context, the answering sentences in reading order, then the source.

    A short section is shown whole, unless one of its sentences defines the term asked about
    (that sentence is the answer). A question for a list or steps, or one whose words are
    the section's own heading, gets the section's lines in order from where the answer
    starts (the list's opening line), as far as one screen allows. Any other question gets
    its best sentence, the rest of that paragraph, then the next-best sentences.
    """
    sentences = reading.sentences
    in_order = False
    if sum(len(s.text) + 1 for s in sentences) <= WHOLE_SECTION_CHARS and not reading.defines:
        chosen = set(range(len(sentences)))
    elif asked.kind in {"list", "steps"} or (reading.heading_share >= HEADING_MATCH and asked.kind in _WHOLE_TOPIC):
        chosen, in_order = _in_order(sentences, _answer_start(sentences, reading, asked.kind)), True
        if asked.kind in {"list", "steps"}:
            chosen = _reaching_items(sentences, chosen)
        if _hides_best(sentences, chosen, reading.best):
            chosen, in_order = _best_sentences(sentences, reading.best), False
    elif sentences[reading.best].introduces:  # the question names a heading inside the section: what it heads
        chosen, in_order = _in_order(sentences, reading.best), True
    else:
        chosen = _best_sentences(sentences, reading.best)
    # read in order, the screen may end on the next heading inside the section, none of its lines shown
    while in_order and len(chosen) > 1 and max(chosen) != reading.best and _is_inner_heading(sentences, max(chosen)):
        chosen.discard(max(chosen))
    parts: list[str] = []
    previous = None
    for i in sorted(chosen):
        if previous is not None and i == previous + 1 and sentences[i].line == sentences[previous].line:
            parts[-1] += " " + sentences[i].text
        else:
            if previous is not None and i != previous + 1:
                parts.append("…")
            parts.append(sentences[i].text)
        previous = i
    passage = reading.hit.passage
    inner = _inner_heading_over(sentences, min(chosen), reading.best)
    if inner == min(chosen):  # the shown lines open with a heading inside the section: it leads
        parts[0] = "📌 " + parts[0]
        context = []
    else:
        heading = sentences[inner].text if inner is not None else section_heading(passage.heading, passage.text)
        context = [f"📌 {heading}"] if heading and heading not in parts[0] else []
    return "\n".join(context + parts) + "\n\n" + source_line(passage.title, passage.owner)


INNER_HEADING_CHARS = 70
_NUMBERED_LINE = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s")
_SENTENCE_END = re.compile(r"[.!?ฯ]$|ค่ะ$|ครับ$|นั้น$")


def _inner_heading(line: str, following: str | None) -> bool:
    """A short line, not an item and not a finished sentence, followed by more text: a heading
    that a merged section keeps inside ("6. ผลลัพธ์ที่ได้", "ผลสำเร็จของการดำเนินงาน")."""
    if following is None or len(line) > INNER_HEADING_CHARS or _SENTENCE_END.search(line) or is_date(line):
        return False
    number = _NUMBERED_LINE.match(line)
    # "6. ผลลัพธ์..." followed by "6.1 ...": a numbered heading over its own numbered parts
    if number and following.startswith(number[1] + "."):
        return True
    return not _LIST_ITEM.match(line) or len(following) > len(line)


def _is_inner_heading(sentences: list[Sentence], i: int) -> bool:
    """A heading inside the section: a short line over a list or a longer line, not one leading
    in to a list ("... ดังนี้") and not a letter's address or date over the next short line."""
    line = sentences[i]
    following = sentences[i + 1] if i + 1 < len(sentences) else None
    return (line.introduces and not line.item and not _INTRODUCES.search(line.text)
            and len(line.text) <= INNER_HEADING_CHARS and following is not None
            and (following.item or len(following.text) > 1.5 * len(line.text)))


def _inner_heading_over(sentences: list[Sentence], first: int, best: int) -> int | None:
    """The heading inside the section that the shown lines stand under: the first of them, or
    the line above them past the items of their list; items under "ต = ติดตาม (ระหว่างกู้)" are
    not under the section's own "ป = ป้องกัน". Never the section's first line, which leads in to
    the section's own heading."""
    start = first
    while start > 0 and sentences[start - 1].line == sentences[first].line:
        start -= 1  # the shown text may begin inside a paragraph line
    # the answering sentence leads as a heading only over the list it heads ("ต = ติดตาม" and its
    # steps); a short sentence over a paragraph ("ไก่ไข่ต้องได้วัคซีนปีละ 2 ครั้ง") is the answer
    heads_list = first + 1 < len(sentences) and sentences[first + 1].item
    if start == first and first > 0 and (first != best or heads_list) and _is_inner_heading(sentences, first):
        return first
    for i in range(start - 1, 0, -1):
        if i != best and _is_inner_heading(sentences, i):
            return i
        if not sentences[i].item:
            return None  # a paragraph between: the shown lines are not under a heading of their own
    return None


def _answer_start(sentences: list[Sentence], reading: Reading, asked_kind: str) -> int:
    """Where the answer begins: the section's start when its heading is the question (the
    steps of "how do I start" begin at step one), unless the best sentence itself opens the list
    asked for; else the line that opens the list holding the best sentence, if what comes before
    the best sentence leaves most of the screen to the answer."""
    best = reading.best
    # what comes before the best sentence may take at most this much of the screen: the rest is
    # for the answer itself and what follows it (a list's items)
    lead = LEAD_SHARE * CONTENT_CHARS
    if asked_kind in {"list", "steps"} and _OPENS_LIST.search(sentences[best].text):
        return best  # the best sentence opens the list asked for ("... 5 ก ได้แก่")
    if reading.heading_share >= HEADING_MATCH and asked_kind in _WHOLE_TOPIC:
        return 0
    start = best
    while start > 0 and sentences[start].item and (sentences[start - 1].item or sentences[start - 1].introduces):
        start -= 1
    if _chars(sentences, start, best - 1) <= lead:
        return start
    # the list's opening is too far back: the best sentence's own line (a step, an item) still
    # starts at its beginning, as long as the line up to it leaves room for it
    line_start = best
    while line_start > 0 and sentences[line_start - 1].line == sentences[best].line:
        line_start -= 1
    return line_start if _chars(sentences, line_start, best) <= CONTENT_CHARS else best


def _hides_best(sentences: list[Sentence], chosen: set[int], best: int) -> bool:
    """Prose read from the section's start fills the screen before the sentence that holds the
    question best: reading in order is for a list or steps, which this section does not have."""
    return best not in chosen and not any(s.item for s in sentences)


def _reaching_items(sentences: list[Sentence], chosen: set[int]) -> set[int]:
    """A list asked for is its items: when the screen fills with the lead-in before the first
    item is reached, start at the line that opens the list ("... กล่าวคือ", "ดังนี้") instead."""
    if any(sentences[i].item for i in chosen):
        return chosen
    for i in range(min(chosen), len(sentences) - 1):
        if sentences[i].introduces and sentences[i + 1].item:
            return chosen if i + 1 in chosen else _in_order(sentences, i)
    return chosen


def _in_order(sentences: list[Sentence], start: int) -> set[int]:
    chosen, size = set(), 0
    for i in range(start, len(sentences)):
        if chosen and size + len(sentences[i].text) > CONTENT_CHARS:
            break
        chosen.add(i)
        size += len(sentences[i].text) + 1
    return chosen


def _best_sentences(sentences: list[Sentence], best: int) -> set[int]:
    chosen = {best}
    size = len(sentences[best].text)
    # a paragraph's fact often runs on past the piece that matched best, or starts just before it
    for after in (best + 1, best - 1, best + 2):
        if after < 0:
            continue
        if after < len(sentences) and sentences[after].line == sentences[best].line \
                and size + len(sentences[after].text) <= CONTENT_CHARS:
            chosen.add(after)
            size += len(sentences[after].text) + 1
    floor = sentences[best].score * 0.5
    for i in sorted(range(len(sentences)), key=lambda i: -sentences[i].score):
        if i in chosen or sentences[i].score < floor:
            continue
        if size + len(sentences[i].text) > CONTENT_CHARS:
            continue
        chosen.add(i)
        size += len(sentences[i].text) + 1
    return chosen


def _chars(sentences: list[Sentence], start: int, end: int) -> int:
    return sum(len(s.text) + 1 for s in sentences[start:end + 1])


def source_line(title: str, owner: str) -> str:
    return texts.KB_SOURCE_LINE.format(source=" ".join(p for p in (short_title(title), owner) if p))


@lru_cache(maxsize=1024)  # a handful of titles, one under every answer
def short_title(title: str) -> str:
    """A long title cut after a whole word: Thai has no spaces between words, so cutting at the
    last space left "5…" of "5 กระบวนการสร้างการเรียนรู้...", and cutting anywhere left "ยั่งยื…".
    A title only a word longer than the limit is kept whole."""
    if len(title) <= SOURCE_TITLE_CHARS + SOURCE_TITLE_SLACK:
        return title
    kept = ""
    for word in segment(title):
        if len(kept) + len(word) > SOURCE_TITLE_CHARS:
            break
        kept += word
    return (kept.rstrip(" (:-–") or title[:SOURCE_TITLE_CHARS]) + "…"


def _pieces(line: str) -> list[str]:
    """A long paragraph line in pieces of about SENTENCE_CHARS, cut at spaces.

    Never next to a number: "จำนวน 21 หมู่บ้าน" stays whole, or the figure loses what it counts.
    """
    if len(line) <= SENTENCE_CHARS:
        return [line]
    pieces, current = [], ""
    for word in line.split(" "):
        near_number = _DIGIT.match(word) or _DIGIT.search(current[-1:])
        if current and len(current) + 1 + len(word) > SENTENCE_CHARS and not near_number:
            pieces.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        pieces.append(current)
    return pieces


def _central(text: str) -> str:
    return re.sub(r"\s+", "", fold_abbreviations(text).casefold())


def _share(central: str, wanted: dict[str, float]) -> float:
    total = sum(wanted.values())
    if not total:
        return 0.0
    return sum(weight for term, weight in wanted.items() if term in central) / total

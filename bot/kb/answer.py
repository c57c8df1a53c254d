"""Turn a question into what the chat shows: a short sourced answer, a friendly reply, or "not yet".

Abstention is calibrated, not a word list: a passage answers only when it contains
enough of the question (rarity-weighted coverage of its trigrams and words, see
KnowledgeIndex) and its BM25 score clears a floor; the best-ranked such passage among
the top three is shown. Both thresholds were chosen on benchmarks/kb_questions.jsonl
(see BENCHMARKS.md). Off-topic questions share filler words with the documents, never
their rare terms, which keeps their coverage low.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot import texts
from bot.kb.index import Hit, KnowledgeIndex, analyse
from bot.kb.normalize import normalize

MIN_COVERAGE = 0.43
MIN_SCORE = 4.0
ANSWER_CHARS = 350  # about one phone screen of Thai

_GREETING = re.compile(r"^(สวัสดี|หวัดดี|ดีจ้า|ดีค่ะ|ดีครับ|hello|hi)[\w\u0e00-\u0e7f]{0,12}$", re.I)
_THANKS = re.compile(r"^(ขอบคุณ|ขอบใจ|ขอบพระคุณ|thank)[\w\u0e00-\u0e7f]{0,16}$", re.I)


@dataclass(frozen=True)
class Source:
    title: str
    file: str
    score: float


@dataclass(frozen=True)
class Answer:
    kind: str  # "answer" | "greeting" | "thanks" | "unknown"
    text: str
    passage_id: int | str | None = None
    full_text: str | None = None
    sources: list[Source] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return self.kind == "answer"

    def to_json(self) -> dict:
        return {"answered": self.answered, "answer": self.text,
                "sources": [{"title": s.title, "file": s.file, "score": s.score} for s in self.sources]}


def answer_question(index: KnowledgeIndex, question: str) -> Answer:
    compact = re.sub(r"[\s!.,?~😊🙏]+", "", normalize(question))
    if _GREETING.match(compact):
        return Answer("greeting", texts.KB_GREETING_REPLY)
    if _THANKS.match(compact):
        return Answer("thanks", texts.KB_THANKS_REPLY)
    # the ranking mixes BM25 with coverage, so a well-covering passage may sit second;
    # the question is answerable when any of the top passages covers it
    confident = [h for h in index.search(question, k=3) if is_confident(h)]
    if not confident:
        return Answer("unknown", texts.KB_UNKNOWN_OFFER)
    passage = confident[0].passage
    source_line = texts.KB_SOURCE_LINE.format(source=" ".join(p for p in (passage.title, passage.owner) if p))
    return Answer(
        kind="answer",
        text=f"{trim_to_question(passage.text, question)}\n\n{source_line}",
        passage_id=passage.id,
        full_text=passage.text,
        sources=[Source(h.passage.title, h.passage.source_file, round(h.coverage, 3)) for h in confident],
    )


def is_confident(hit: Hit) -> bool:
    return hit.coverage >= MIN_COVERAGE and hit.score >= MIN_SCORE


def trim_to_question(text: str, question: str, limit: int = ANSWER_CHARS) -> str:
    """The passage's heading plus its lines that share most with the question, in reading order."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(text) <= limit or len(lines) < 2:
        return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
    wanted = set(analyse(question).trigrams)
    heading, body = lines[0], lines[1:]
    ranked = sorted(range(len(body)), key=lambda i: -len(wanted & set(analyse(body[i]).trigrams)))
    chosen, size = set(), len(heading)
    for i in ranked:
        if size + len(body[i]) + 1 > limit and chosen:
            continue
        chosen.add(i)
        size += len(body[i]) + 1
    picked = "\n".join([heading] + [body[i][:limit] for i in sorted(chosen)])
    return picked + ("\n…" if len(chosen) < len(body) else "")

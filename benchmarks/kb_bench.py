"""Knowledge-base benchmark: what the user is shown, declining, answer time, index cost.

    python -m benchmarks.kb_bench

Quality is scored on the text the user would read, not on the passage behind it: an
answerable question counts only when the shown answer carries its expected phrase. The
baseline, measured in the same run on the same index, shows the whole top-ranked passage
and never declines (the simplest peer); the ratio says what extraction and declining give.
Questions come from benchmarks/kb_questions.jsonl (the project's own), over the shipped
knowledge base plus the sample documents where ../shared/kb-samples is present.

Speed and memory are measured on that corpus and on a synthetic 10 MB corpus made at run
time from the same lines (shuffled across passages, characters mutated), so nothing large
is stored. Index build time is also compared with a baseline in the same run: BM25 over
character trigrams alone (no word segmentation, no normalisation).
"""
from __future__ import annotations

import json
import math
import os
import random
import re
import resource
import time
import tracemalloc
import unicodedata
from collections import defaultdict
from pathlib import Path

import bm25s
from bm25s.tokenization import Tokenized

from bot.kb import default_documents
from bot.kb.answer import answer_question
from bot.kb.index import IndexedPassage, KnowledgeIndex
from bot.kb.ingest import read_document, split_passages
from bot.kb.question import parse

QUESTIONS = Path(__file__).resolve().parent / "kb_questions.jsonl"
SYNTHETIC_BYTES = 10 * 1024 * 1024
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def samples_dir() -> Path | None:
    here = Path(__file__).resolve().parents[2] / "shared" / "kb-samples"
    for candidate in (here, Path(os.environ.get("SAMMACHIP_SHARED_DIR", "/nonexistent")) / "kb-samples"):
        if candidate.is_dir():
            return candidate
    return None


def usable_questions(questions: list[dict]) -> list[dict]:
    """Drop questions about the sample documents when those are not on this machine."""
    if samples_dir() is not None:
        return questions
    return [q for q in questions if "file" not in q or q["file"].endswith(".md")]


def corpus_passages() -> list[IndexedPassage]:
    folder = samples_dir()
    files = (sorted(folder.glob("*.txt")) if folder else []) + default_documents()
    passages = []
    for path in files:
        doc = read_document(path)
        for draft in split_passages(doc):
            passages.append(IndexedPassage(len(passages), draft.title or doc.title, draft.owner or doc.owner,
                                           doc.source_file, draft.heading, draft.text))
    return passages


def shows_expected(shown: str, expected: str) -> bool:
    def squash(text: str) -> str:
        return re.sub(r"[\s,]+", "", unicodedata.normalize("NFC", text).translate(_THAI_DIGITS))
    return squash(expected) in squash(shown)


def synthetic_passages(real: list[IndexedPassage], target_bytes: int, seed: int = 7) -> list[IndexedPassage]:
    rng = random.Random(seed)
    lines = [line for p in real for line in p.text.split("\n") if len(line) > 20]
    out, size = [], 0
    while size < target_bytes:
        body = [_mutate(rng.choice(lines), rng) for _ in range(rng.randint(3, 8))]
        text = "\n".join(body)
        out.append(IndexedPassage(f"s{len(out)}", "synthetic", "", "synthetic.txt", body[0][:40], text))
        size += len(text.encode())
    return out


def _mutate(line: str, rng: random.Random) -> str:
    chars = list(line)
    for _ in range(max(1, len(chars) // 40)):
        i = rng.randrange(len(chars))
        chars[i] = rng.choice(chars)
    return "".join(chars)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def quality(index: KnowledgeIndex, questions: list[dict]) -> dict:
    """Shown answer carries the fact, per tag; declining; answer length; and the whole-passage baseline."""
    by_tag: dict[str, list[bool]] = defaultdict(list)
    shown_ok, baseline_ok, declined_in_domain, lengths, failures = [], [], 0, [], []
    must_decline = declined = 0
    for q in questions:
        answer = answer_question(index, q["q"])
        if "expect" not in q:
            must_decline += 1
            declined += not answer.answered
            if answer.answered:
                failures.append(f"answered, should decline: {q['q']}")
            continue
        ok = answer.answered and shows_expected(answer.text, q["expect"])
        shown_ok.append(ok)
        for tag in q.get("tags", []) or ["untagged"]:
            by_tag[tag].append(ok)
        if answer.answered:
            lengths.append(len(answer.text))
        else:
            declined_in_domain += 1
        if not ok:
            failures.append(("declined" if not answer.answered else "fact not shown") + f": {q['q']}")
        asked = parse(q["q"])
        top = index.search(asked.focus, k=1, story=asked.story)
        baseline_ok.append(bool(top) and shows_expected(top[0].passage.text, q["expect"]))
    n = max(len(shown_ok), 1)
    shown, baseline = sum(shown_ok) / n, sum(baseline_ok) / n
    return {
        "answerable": len(shown_ok),
        "shown_fact": shown,
        "baseline_whole_passage_fact": baseline,
        "ratio_to_baseline": shown / baseline if baseline else math.inf,
        "by_tag": {tag: f"{sum(v)}/{len(v)}" for tag, v in sorted(by_tag.items())},
        "in_domain_declined": declined_in_domain / n,
        "must_decline": must_decline,
        "must_decline_declined": declined / max(must_decline, 1),
        "median_answer_chars": percentile(lengths, 0.5) if lengths else 0,
        "failures": failures,
    }


def timing(index: KnowledgeIndex, questions: list[dict], rounds: int = 3) -> dict:
    times = []
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter()
            answer_question(index, q["q"])
            times.append((time.perf_counter() - start) * 1000)
    return {"p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95)}


def build_cost(passages: list[IndexedPassage], trace: bool) -> tuple[KnowledgeIndex, dict]:
    """Build time without tracing (tracemalloc slows Python code several times); memory as the
    process's peak resident size after the build and, where `trace`, from a second traced build."""
    start = time.perf_counter()
    index = KnowledgeIndex.build(passages)
    seconds = time.perf_counter() - start
    size = sum(len(p.text.encode()) for p in passages)
    baseline = trigram_baseline_seconds(passages)
    cost = {"passages": len(passages), "mb": size / 1e6, "build_s": seconds,
            "max_rss_mb_after": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "baseline_trigram_bm25_s": baseline, "ratio_to_baseline": seconds / baseline if baseline else math.inf}
    if trace:
        tracemalloc.start()
        KnowledgeIndex.build(passages)
        cost["peak_traced_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return index, cost


def trigram_baseline_seconds(passages: list[IndexedPassage]) -> float:
    """The simplest index: BM25 over raw character trigrams, no normalisation or segmentation."""
    start = time.perf_counter()
    vocab: dict[str, int] = {}
    ids = []
    for p in passages:
        compact = re.sub(r"\s+", "", p.text)
        ids.append([vocab.setdefault(compact[i:i + 3], len(vocab)) for i in range(len(compact) - 2)])
    bm25s.BM25().index(Tokenized(ids=ids, vocab=vocab), show_progress=False)
    return time.perf_counter() - start


def main() -> None:
    questions = usable_questions([json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
                                  if line.strip()])
    real = corpus_passages()
    index, real_cost = build_cost(real, trace=True)
    result = {"corpus": real_cost, **quality(index, questions),
              **{"corpus_" + k: v for k, v in timing(index, questions).items()}}
    synthetic = real + synthetic_passages(real, SYNTHETIC_BYTES)
    big, big_cost = build_cost(synthetic, trace=False)
    result["synthetic"] = big_cost
    result.update({"synthetic_" + k: v for k, v in timing(big, questions, rounds=1).items()})
    result["synthetic_shown_fact"] = quality(big, questions)["shown_fact"]
    failures = result.pop("failures")
    print(json.dumps(result, ensure_ascii=False, indent=2, default=lambda x: round(x, 3)))
    for line in failures:
        print("  ", line)


if __name__ == "__main__":
    main()

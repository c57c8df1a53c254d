"""Knowledge-base benchmark: ranking quality, abstention, answer time, index cost.

    python -m benchmarks.kb_bench

Quality is measured on the sample documents plus the shipped knowledge base; speed
and memory also on a synthetic 10 MB corpus made at run time from the same passages
(lines shuffled across passages, characters mutated) so nothing large is stored.
"""
from __future__ import annotations

import json
import os
import random
import resource
import time
import tracemalloc
from pathlib import Path

from bot.kb import default_documents
from bot.kb.answer import answer_question
from bot.kb.index import IndexedPassage, KnowledgeIndex
from bot.kb.ingest import read_document, split_passages

QUESTIONS = Path(__file__).resolve().parent / "kb_questions.jsonl"
SYNTHETIC_BYTES = 10 * 1024 * 1024


def samples_dir() -> Path | None:
    here = Path(__file__).resolve().parents[2] / "shared" / "kb-samples"
    for candidate in (here, Path(os.environ.get("SAMMACHIP_SHARED_DIR", "/nonexistent")) / "kb-samples"):
        if candidate.is_dir():
            return candidate
    return None


def corpus_passages() -> list[IndexedPassage]:
    folder = samples_dir()
    files = (sorted(folder.glob("*.txt")) if folder else []) + default_documents()
    passages = []
    for path in files:
        doc = read_document(path)
        for draft in split_passages(doc):
            passages.append(IndexedPassage(len(passages), doc.title, doc.owner, doc.source_file, draft.heading, draft.text))
    return passages


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
    ranks, declined, failures = [], [], []
    plain_in_top3 = []
    for q in questions:
        answer = answer_question(index, q["q"])
        if q.get("offtopic"):
            declined.append(not answer.answered)
            if answer.answered:
                failures.append(f"answered off-topic: {q['q']}")
            continue
        hits = index.search(q["q"], k=3) if answer.answered else []
        rank = next((i + 1 for i, h in enumerate(hits)
                     if h.passage.source_file == q["file"] and q["expect"] in h.passage.text), None)
        ranks.append(rank)
        if "plain" in q.get("tags", []):
            plain_in_top3.append(rank is not None)
        if rank != 1:
            failures.append(f"rank {rank}: {q['q']}")
    n = len(ranks)
    return {
        "answerable": n,
        "hit@1": sum(r == 1 for r in ranks) / n,
        "hit@3": sum(r is not None for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
        "plain_top3": sum(plain_in_top3) / max(len(plain_in_top3), 1),
        "offtopic": len(declined),
        "offtopic_declined": sum(declined) / max(len(declined), 1),
        "failures": failures,
    }


def timing(index: KnowledgeIndex, questions: list[dict], rounds: int = 5) -> dict:
    times = []
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter()
            answer_question(index, q["q"])
            times.append((time.perf_counter() - start) * 1000)
    return {"p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95)}


def build_cost(passages: list[IndexedPassage]) -> tuple[KnowledgeIndex, dict]:
    tracemalloc.start()
    start = time.perf_counter()
    index = KnowledgeIndex.build(passages)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = sum(len(p.text.encode()) for p in passages)
    return index, {"passages": len(passages), "mb": size / 1e6, "build_s": seconds, "peak_traced_mb": peak / 1e6}


def main() -> None:
    questions = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    folder = samples_dir()
    if folder is None:
        questions = [q for q in questions if q.get("offtopic") or not q["file"][0].isdigit() or q["file"].endswith(".md")]
    real = corpus_passages()
    index, real_cost = build_cost(real)
    result = {"corpus": real_cost, **quality(index, questions), **{"corpus_" + k: v for k, v in timing(index, questions).items()}}
    big, big_cost = build_cost(real + synthetic_passages(real, SYNTHETIC_BYTES))
    result["synthetic"] = big_cost
    result.update({"synthetic_" + k: v for k, v in timing(big, questions).items()})
    result["synthetic_quality_hit@1"] = quality(big, questions)["hit@1"]
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    failures = result.pop("failures")
    print(json.dumps(result, ensure_ascii=False, indent=2, default=lambda x: round(x, 3)))
    for line in failures:
        print("  ", line)


if __name__ == "__main__":
    main()

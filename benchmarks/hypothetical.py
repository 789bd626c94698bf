"""Retrieval with imagined abstracts (HyDE), measured offline by replaying abstracts a model wrote.

    ASSISTANT_HOME=... python benchmarks/hypothetical.py [--abstracts evals/imagined-generic.jsonl] [--split dev]
                                                         [--grid | --declining]

`evals/imagined-*.jsonl` hold, for every eval question, the abstract that a model shown only the question and
`prompts/hypothetical.txt` wrote (evals/README.md says how). This prints, per answerable kind, hit@5, MRR and
recall@10 of the gold papers in `Assistant.retrieve(q, k=10, hypothetical=...)` for a grid of the imagined
abstract's vector weight and BM25's weight, beside the question alone. `--declining` prints instead how often
answerable, near-miss and off-topic questions are declined with an LLM, for several floors of the imagined
abstract's closest passage."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from assistant.search import retriever as retrieval  # noqa: E402
from evals.runner import ABSTAIN_KINDS, first_rank, load_questions, recall, reciprocal_rank  # noqa: E402

VECTOR_WEIGHTS = (0.5, 1.0, 2.0, 4.0)
BM25_WEIGHTS = (0.1, 0.2, 0.3, 0.5)
MIN_IMAGINED = (0.0, 0.55, 0.58, 0.60, 0.62, 0.65, 0.68)


def scores(assistant: Assistant, questions: list, imagined: dict[str, str] | None) -> dict[str, tuple[float, ...]]:
    """kind → (hit@5, MRR, recall@10) of the gold papers."""
    per_kind: dict[str, list[tuple[float, float, float]]] = {}
    for q in questions:
        hits = assistant.retrieve(q.question, k=10, hypothetical=imagined[q.id] if imagined else None)
        ranked = [h.paper.id for h in hits]
        rank = first_rank(ranked, q.gold_ids)
        hit5 = float(rank is not None and rank <= 5)
        row = (hit5, reciprocal_rank(ranked, q.gold_ids), recall(ranked, q.gold_ids, 10))
        per_kind.setdefault(q.kind, []).append(row)
    return {kind: tuple(statistics.fmean(col) for col in zip(*rows, strict=True)) for kind, rows in per_kind.items()}


def declining(assistant: Assistant, questions: list, imagined: dict[str, str]) -> None:
    """Share declined per group as `ask` decides with an LLM: the question alone's hits fall below the
    evidence floor, or the imagined abstract's closest passage falls below ASSISTANT_MIN_IMAGINED."""
    below = {q.id: not assistant.reader.near(assistant.retrieve(q.question, k=assistant.settings.k)) for q in questions}
    closest = {q.id: assistant.retriever.closest(imagined[q.id]) for q in questions}
    groups = {
        "answerable": [q for q in questions if q.kind not in ABSTAIN_KINDS],
        "everyday": [q for q in questions if q.kind == "everyday"],
        "near_miss": [q for q in questions if q.kind == "near_miss"],
        "near_miss_blind": [q for q in questions if q.kind == "near_miss_blind"],
        "off_topic": [q for q in questions if q.kind == "off_topic"],
    }
    print("| ASSISTANT_MIN_IMAGINED | " + " | ".join(f"{name} declined" for name in groups) + " |")
    print("|---|" + "---|" * len(groups))
    for cut in MIN_IMAGINED:
        shares = [statistics.fmean(below[q.id] or closest[q.id] < cut for q in group) for group in groups.values()]
        print(f"| {cut:.2f} | " + " | ".join(f"{v:.3f}" for v in shares) + " |")


def row(label: str, found: dict[str, tuple[float, ...]], kinds: list[str]) -> str:
    cells = [" / ".join(f"{v:.3f}" for v in found[kind]) for kind in kinds]
    return f"| {label} | " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--abstracts", type=Path, default=ROOT / "evals" / "imagined-generic.jsonl")
    parser.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    parser.add_argument("--grid", action="store_true", help="every weight pair, not only the defaults")
    parser.add_argument("--declining", action="store_true", help="how often questions are declined, per floor")
    args = parser.parse_args()
    imagined = {r["id"]: r["abstract"] for r in map(json.loads, args.abstracts.read_text().splitlines())}
    everything = [q for q in load_questions() if args.split == "all" or q.split == args.split]
    questions = [q for q in everything if q.kind not in ABSTAIN_KINDS]
    assistant = Assistant()
    if args.declining:
        declining(assistant, everything, imagined)
        return
    kinds = sorted({q.kind for q in questions})
    print(f"{args.split} split, {len(questions)} questions; hit@5 / MRR / recall@10 per kind")
    print("| retrieval | " + " | ".join(kinds) + " |")
    print("|---|" + "---|" * len(kinds))
    print(row("question only", scores(assistant, questions, None), kinds))
    pairs = [(v, b) for v in VECTOR_WEIGHTS for b in BM25_WEIGHTS] if args.grid else [
        (retrieval.HYPOTHETICAL_WEIGHT, retrieval.HYPOTHETICAL_BM25_WEIGHT)
    ]
    for vector, bm25 in pairs:
        retrieval.HYPOTHETICAL_WEIGHT, retrieval.HYPOTHETICAL_BM25_WEIGHT = vector, bm25
        label = f"+ imagined abstract, vector weight {vector:g}, BM25 {bm25:g}"
        print(row(label, scores(assistant, questions, imagined), kinds), flush=True)


if __name__ == "__main__":
    main()

"""Dense top-10 recall against exact search, and whether every process returns the same papers.

    ASSISTANT_HOME=... python benchmarks/dense_recall.py [--processes 5] [--exact-search-chunks N]

Each of N fresh processes runs `Retriever.dense` with every eval question's vector; the reference is exact search
by hand (numpy over every stored chunk vector, best chunk per paper). `--exact-search-chunks 0` forces Chroma's
HNSW index, to measure it. Prints recall@10 per process and how many questions got different rankings."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from evals.runner import load_questions  # noqa: E402

CHILD = """
import json, sys
from assistant import Assistant
from evals.runner import load_questions
r = Assistant().retriever
print(json.dumps([list(r.dense(r.embed_query(q.question), 10)[0]) for q in load_questions()]))
"""


def exact(assistant: Assistant, questions: list[str]) -> list[list[str]]:
    chroma = assistant.index.chroma
    stored = chroma.matrix() if chroma is not None else None
    assert stored is not None, "ingest the collection first"
    vectors, pids = stored.vectors, stored.paper_ids
    found = []
    for q in assistant.index.embedder.embed(questions):
        best: dict[str, float] = {}
        for pid, s in zip(pids, (vectors @ q).tolist(), strict=True):
            best[pid] = max(best.get(pid, -1.0), s)
        found.append(sorted(best, key=lambda p: -best[p])[:10])
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--exact-search-chunks", type=int, default=None)
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if args.exact_search_chunks is not None:
        env["ASSISTANT_EXACT_SEARCH_CHUNKS"] = str(args.exact_search_chunks)
    runs = [
        json.loads(
            subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True).stdout
        )
        for _ in range(args.processes)
    ]
    reference = exact(Assistant(), [q.question for q in load_questions()])
    recalls = [
        float(np.mean([len(set(got) & set(want)) / len(want) for got, want in zip(run, reference, strict=True)]))
        for run in runs
    ]
    differing = sum(len({json.dumps(run[i]) for run in runs}) > 1 for i in range(len(reference)))
    print(
        json.dumps(
            {
                "questions": len(reference),
                "recall@10": [round(r, 4) for r in recalls],
                "questions_ranked_differently": differing,
            }
        )
    )


if __name__ == "__main__":
    main()

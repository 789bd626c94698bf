"""What offline answers would cost if the sentence vectors of the papers they cite were kept, not computed.

    ASSISTANT_HOME=... ASSISTANT_COLLECTION=... [ASSISTANT_CHROMA_URL=...] python benchmarks/kept_sentences.py

Asks the first --asks SciFact claims twice in one process, as the scale benchmark's serving step asks them. The
first pass computes the vectors of the sentences each answer reads (and keeps them, as a serving process does);
between the passes every other cache is emptied (question vectors, BM25 scores, stems), so the second pass
differs only in finding the sentence vectors already there. Prints p50 and p95 of each pass."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from evals.runner import percentile  # noqa: E402

WARM = ["can you predict a whole loss curve from the LR schedule?", "which papers study grokking?"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--asks", type=int, default=100)
    parser.add_argument("--scifact", type=Path, default=ROOT.parent / "shared" / "bench" / "scifact-train")
    args = parser.parse_args()
    lines = (args.scifact / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    claims = [json.loads(line)["text"] for line in lines][: args.asks]
    assistant = Assistant(mode="extractive")
    for question in WARM:
        assistant.ask(question)

    def asked() -> list[float]:
        times = []
        for claim in claims:
            started = time.perf_counter()
            assistant.ask(claim)
            times.append((time.perf_counter() - started) * 1000)
        return times

    computed = asked()
    retriever = assistant.retriever
    retriever.embed_query.cache_clear()
    retriever.bm25._recent.clear()  # type: ignore[union-attr]
    retriever._stems.clear()
    kept = asked()
    for name, times in (("computed", computed), ("kept", kept)):
        print(f"{name}: p50 {statistics.median(times):.0f} ms, p95 {percentile(times, 95):.0f} ms")
    print(f"sentence vectors kept: {len(assistant.reader.known)}")


if __name__ == "__main__":
    main()

"""Speed of the things users wait for, reported as medians over repeated runs.

    python benchmarks/bench.py [--repeat 3] [--queries 200]

Measures: cold ingest of the shipped collection (fresh store), re-ingest with nothing changed (target < 3 s),
warm `retrieve` latency p50/p95 (target p95 < 50 ms) against embedding the question alone (target p50 ≤ 1.5×),
and the process time of `assistant ask` with an
existing index. Writes benchmarks/results.json and prints a table."""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from evals.runner import percentile  # noqa: E402 — nearest rank, the same p95 as the evals report

QUESTIONS = [
    "can you predict a whole loss curve from the LR schedule?",
    "does more data help robots generalize to new objects?",
    "why do transformers fail on longer inputs?",
    "scaling laws for time series foundation models",
    "how are concepts represented linearly in language models?",
    "what makes diffusion training unstable?",
    "which papers study grokking?",
    "benchmarks for role-playing language agents",
]


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def bench_ingest(repeat: int) -> tuple[list[float], list[float], Path]:
    cold, warm = [], []
    home = Path()
    for _ in range(repeat):
        home = Path(tempfile.mkdtemp()) / "home"
        ingest = partial(Assistant(settings=Settings(home=home)).ingest, progress=False)
        cold.append(timed(ingest))
        warm.append(timed(partial(Assistant(settings=Settings(home=home)).ingest, progress=False)))
    return cold, warm, home


def bench_retrieve(home: Path, queries: int) -> tuple[list[float], list[float]]:
    """Warm `retrieve` and, just before each, embedding a question of the same length alone (ms): what a
    search adds to the embedding it cannot avoid."""
    assistant = Assistant(settings=Settings(home=home))
    assistant.retrieve("warm up", k=10)
    embedder = assistant.index.embedder
    # Distinct questions each time, so the query-embedding cache does not flatter the figure.
    texts = [f"{QUESTIONS[i % len(QUESTIONS)]} ({i})" for i in range(queries)]
    alone, searched = [], []
    for text in texts:
        alone.append(timed(lambda t=text: embedder.embed([t.replace("(", "[")])) * 1000)
        searched.append(timed(lambda t=text: assistant.retrieve(t, k=10)) * 1000)
    return alone, searched


def bench_cli(home: Path, repeat: int) -> list[float]:
    env = {**os.environ, "ASSISTANT_HOME": str(home)}
    cli = [sys.executable, "-m", "assistant", "ask", QUESTIONS[0]]
    return [timed(lambda: subprocess.run(cli, env=env, check=True, capture_output=True)) for _ in range(repeat)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    cold, warm, home = bench_ingest(args.repeat)
    embedding, latencies = bench_retrieve(home, args.queries)
    cli = bench_cli(home, args.repeat)
    results = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "cold_ingest_s": round(statistics.median(cold), 2),
        "reingest_unchanged_s": round(statistics.median(warm), 3),
        "retrieve_p50_ms": round(statistics.median(latencies), 1),
        "retrieve_p95_ms": round(percentile(latencies, 95), 1),
        "embed_question_p50_ms": round(statistics.median(embedding), 1),
        "retrieve_over_embed_p50": round(statistics.median(latencies) / statistics.median(embedding), 2),
        "cli_ask_process_s": round(statistics.median(cli), 2),
        "runs": {"ingest": args.repeat, "retrieve": args.queries, "cli": args.repeat},
    }
    (ROOT / "benchmarks" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    for key, value in results.items():
        print(f"{key:24} {value}")


if __name__ == "__main__":
    main()

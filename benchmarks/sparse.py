"""Sparse search that grows with the change (issue: adding 100 papers to 200k must not rebuild BM25): bm25s
rebuilt whole by every ingest, against an SQLite FTS5 index that takes each added paper as one row, and against
bm25s in segments (what ingest does now: the whole index stays, and the papers added since go into a small
segment weighted with both segments' statistics; storage.bm25).

Both index the same tokens: the words bm25s keeps of a paper's title and abstract (its English stop words out,
PyStemmer's Snowball stems), so only the engines differ — bm25s's Lucene BM25 (k1 1.5, b 0.75) against FTS5's
built-in bm25() (k1 1.2, b 0.75), queried with the question's stems joined by OR. Measured:
  1. quality, BM25 alone: nDCG@10 on SciFact's train queries (5,183 abstracts);
  2. at N synthetic papers (benchmarks/scale_data.py, as the scale benchmark builds them): the build, adding
     100 papers (bm25s: a whole rebuild; FTS5: 100 inserts in one transaction), the index on disk, and the
     query time of the SciFact queries (median and p95), each engine in the same process, one after the other.
For segments, quality is measured with the last 5% of SciFact's papers (settings.bm25_merge_share:
the most a segment holds before the next ingest builds a whole index again) in the added segment.

    python benchmarks/sparse.py [--size 200000] [--engines bm25s,fts5,segments]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from assistant.config import Settings  # noqa: E402
from assistant.records import Paper  # noqa: E402
from assistant.storage import bm25  # noqa: E402
from evals.beir import read_qrels, read_queries  # noqa: E402
from evals.runner import ndcg, percentile  # noqa: E402

SCIFACT = ROOT.parent / "shared" / "bench" / "scifact-train"


def stems(texts: Sequence[str]) -> list[list[str]]:
    import bm25s

    return [list(t) for t in bm25s.tokenize(list(texts), stemmer=bm25.stemmer(), return_ids=False,
                                             show_progress=False)]


class Fts5:
    """The FTS5 candidate: one row a paper, its stems as text."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS papers USING fts5(id UNINDEXED, stems, "
                        "tokenize = 'unicode61 remove_diacritics 0')")

    def add(self, papers: Sequence[Paper]) -> None:
        rows = zip((p.id for p in papers), (" ".join(s) for s in stems([bm25.bm25_text(p) for p in papers])),
                   strict=True)
        self.db.execute("BEGIN")
        self.db.executemany("INSERT INTO papers (id, stems) VALUES (?, ?)", rows)
        self.db.execute("COMMIT")

    def top(self, question: str, n: int) -> dict[str, float]:
        words = dict.fromkeys(stems([question])[0])
        if not words:
            return {}
        match = " OR ".join(f'"{w}"' for w in words)
        rows = self.db.execute("SELECT id, -bm25(papers) FROM papers WHERE papers MATCH ? ORDER BY rank LIMIT ?",
                               (match, n))
        return {pid: score for pid, score in rows}


def scifact_papers() -> list[Paper]:
    rows = [json.loads(line) for line in (SCIFACT / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    return [Paper(id=str(r["_id"]), title=r["title"], abstract=r["text"]) for r in rows]


def quality(top: Callable[[str, int], dict[str, float]]) -> float:
    queries, qrels = read_queries(SCIFACT / "queries.jsonl"), read_qrels(SCIFACT / "qrels" / "train.tsv")
    scores = []
    for qid, grades in qrels.items():
        found = top(queries[qid], 10)
        scores.append(ndcg(sorted(found, key=lambda pid: -found[pid]), grades, 10))
    return statistics.fmean(scores)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def query_times(top: Callable[[str, int], dict[str, float]], questions: list[str]) -> tuple[float, float]:
    times = [timed(lambda q=q: top(q, 100)) * 1000 for q in questions]
    return statistics.median(times), percentile(times, 95)


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def at_scale(size: int, scratch: Path, engines: list[str]) -> dict[str, dict[str, float]]:
    from scale_data import Pool, synthetic_paper

    pool = Pool.read(SCIFACT / "corpus.jsonl")
    papers = [Paper(id=p["id"], title=p["title"], abstract=p["abstract"])
              for p in (synthetic_paper(pool, i) for i in range(size + 100))]
    base, added = papers[:size], papers[size:]
    questions = list(read_queries(SCIFACT / "queries.jsonl").values())[:200]
    found: dict[str, dict[str, float]] = {}

    folder = scratch / "bm25s"
    build = timed(lambda: bm25.build(folder, base))
    if "bm25s" in engines:
        bigger = scratch / "bm25s-added"
        add = timed(lambda: bm25.build(bigger, papers))  # a whole rebuild, as every ingest did before segments
        p50, p95 = query_times(bm25.Bm25(bigger).top, questions)
        found["bm25s"] = {"build_s": build, "add_100_s": add, "disk_mib": folder_bytes(folder) / 2**20,
                          "query_p50_ms": p50, "query_p95_ms": p95}
    if "segments" in engines:
        segment = scratch / "segment"
        add = timed(lambda: bm25.build_added(segment, bm25.Segment(folder), added, []))
        p50, p95 = query_times(bm25.Bm25(folder, segment).top, questions)
        found["segments"] = {"build_s": build, "add_100_s": add, "disk_mib": folder_bytes(segment) / 2**20,
                             "query_p50_ms": p50, "query_p95_ms": p95}
    if "fts5" not in engines:
        return found
    fts = Fts5(scratch / "fts5.sqlite")
    build = timed(lambda: fts.add(base))
    add = timed(lambda: fts.add(added))
    p50, p95 = query_times(fts.top, questions)
    found["fts5"] = {"build_s": build, "add_100_s": add, "disk_mib": (scratch / "fts5.sqlite").stat().st_size / 2**20,
                     "query_p50_ms": p50, "query_p95_ms": p95}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=200_000, help="Synthetic papers for the timings (0: none).")
    parser.add_argument("--engines", default="bm25s,fts5,segments", help="Which engines to measure, by name.")
    args = parser.parse_args()
    engines = args.engines.split(",")
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        papers = scifact_papers()
        bm25.build(scratch / "scifact", papers)
        quality_of = {"bm25s": quality(bm25.Bm25(scratch / "scifact").top)}
        if "fts5" in engines:
            fts = Fts5(scratch / "scifact.sqlite")
            fts.add(papers)
            quality_of["fts5"] = quality(fts.top)
        if "segments" in engines:
            whole = round(len(papers) / (1 + Settings().bm25_merge_share))
            bm25.build(scratch / "whole", papers[:whole])
            bm25.build_added(scratch / "added", bm25.Segment(scratch / "whole"), papers[whole:], [])
            quality_of["segments"] = quality(bm25.Bm25(scratch / "whole", scratch / "added").top)
        results: dict[str, object] = {"scifact_ndcg10": quality_of}
        print(json.dumps(results, indent=1), flush=True)
        if args.size:
            results[f"at_{args.size}"] = at_scale(args.size, scratch, engines)
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

"""Is ingesting a reference manager's export bounded by embedding, not by parsing? (issue: parsing ≤ 5% of the
ingest of a 5,000-entry .bib).

The 5,183 SciFact abstracts (../shared/bench/scifact-train) are written as a Zotero-style .bib, with LaTeX in
every entry (an accent in an author, \\& and a {Protected} word in the title, a \\% in the abstract), then:
  1. parsing alone (`readers.read_file`), repeated, median;
  2. one real `assistant ingest` of the file into a fresh data folder (nothing cached), with its parse share.

    python benchmarks/bib_ingest.py [--entries 5000] [--repeat 5] [--no-ingest]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from assistant import Assistant
from assistant.config import Settings
from assistant.ingest import readers

SCIFACT = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "scifact-train" / "corpus.jsonl"


def write_bib(path: Path, entries: int) -> None:
    rows = [json.loads(line) for line in SCIFACT.read_text(encoding="utf-8").splitlines()[:entries]]
    with path.open("w", encoding="utf-8") as out:
        for n, row in enumerate(rows):
            title = row["title"].replace("&", "\\&").replace("%", "\\%")
            abstract = row["text"].replace("&", "\\&").replace("%", "\\%").replace("{", "").replace("}", "")
            out.write(
                f"@article{{scifact_{row['_id']},\n\ttitle = {{{{SciFact}} {title}}},\n"
                f"\tauthor = {{M{{\\\"u}}ller, Anna and Garc{{\\'i}}a, Luis and Doe, Jane}},\n"
                f"\tyear = {{{2000 + n % 25}}},\n\tdoi = {{10.5555/scifact.{row['_id']}}},\n"
                f"\tabstract = {{{abstract} 5\\% of it.}},\n}}\n\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-ingest", action="store_true", help="Time the parsing only.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        bib = Path(scratch) / "library.bib"
        write_bib(bib, args.entries)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            papers = readers.read_file(bib)
            times.append(time.perf_counter() - started)
        parse = statistics.median(times)
        print(f"{len(papers):,} papers parsed from {bib.stat().st_size / 1e6:.1f} MB of BibTeX: median {parse:.2f} s "
              f"of {args.repeat} runs ({len(papers) / parse:,.0f} entries/s)")
        if args.no_ingest:
            return
        started = time.perf_counter()
        report = Assistant(settings=Settings(home=Path(scratch) / "home", collection="bib")).ingest([bib])
        ingest = time.perf_counter() - started
        print(f"ingest: {report.papers:,} papers, {report.chunks:,} chunks in {ingest:.0f} s; parsing is "
              f"{parse / ingest:.1%} of it")


if __name__ == "__main__":
    main()

"""`assistant ...` in a subprocess of tests/test_store.py, with the fake embedder (its vectors do not matter
there) and, with ASSISTANT_TEST_KILL_AT=<point>, killed by SIGKILL at that point of an ingest. With
ASSISTANT_TEST_HOLD=<file> the ingest says "holding the lock" once it has recorded its sources, and holds the
collection's lock until that file exists, so that the test can make other ingests surely wait for it."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bm25s  # noqa: E402
from conftest import FakeEmbedder  # noqa: E402

from assistant.cli import main as cli  # noqa: E402
from assistant.ingest import indexer as index  # noqa: E402
from assistant.storage import store  # noqa: E402


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def wrap(owner: Any, name: str, before: Callable[[], None] = lambda: None, after: Callable[[], None] = die) -> None:
    original = getattr(owner, name)

    def patched(*args: Any, **kwargs: Any) -> Any:
        before()
        result = original(*args, **kwargs)
        after()
        return result

    setattr(owner, name, patched)


POINTS: dict[str, Callable[[], None]] = {
    # while reading: the first batch of papers staged beside the committed ones
    "staged": lambda: wrap(store.Stage, "flush"),
    # while embedding: after the first batch of vectors is stored
    "embedding": lambda: wrap(index.Index, "_store_batch"),
    # every vector stored (in the old layout, "after papers.json was written"), BM25 not yet built
    "embedded": lambda: wrap(store.Writer, "publish_bm25", before=die),
    # during the BM25 build: its index files written, the rest of the generation not
    "bm25": lambda: wrap(bm25s.BM25, "save"),
    # between publish steps: the new generation renamed into place, the commit not made
    "published": lambda: wrap(store.Writer, "commit", before=die),
    # before the state is written: paper rows written inside the commit's transaction, its state row not
    "in-commit": lambda: wrap(store.Writer, "_write_state", before=die),
    # after the commit, before the vectors of removed papers are deleted
    "committed": lambda: wrap(index.Index, "_remove_vectors", before=die),
}


def hold_until(release: Path) -> None:
    print("holding the lock", file=sys.stderr, flush=True)
    while not release.exists():
        time.sleep(0.05)


def main() -> None:
    fake = FakeEmbedder()
    index.make_embedder = lambda settings: fake
    index.UPSERT_BATCH = 4  # several batches even for a small file
    point = os.environ.get("ASSISTANT_TEST_KILL_AT")
    if point:
        POINTS[point]()
    release = os.environ.get("ASSISTANT_TEST_HOLD")
    if release:
        wrap(store.Writer, "request", after=lambda: hold_until(Path(release)))
    sys.argv = ["assistant", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()

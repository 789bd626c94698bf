"""The papers an ingest is making (Stage), kept in the collection's database beside the committed ones and
unseen by readers until the commit copies them over (storage.store)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, MutableMapping, Sequence

from ..records import Paper
from . import bm25
from .sqlite import select_in, transaction

BATCH = 1_000  # staged papers written, or read, in one go
# Made afresh for every ingest (which drops what a killed one left); `text` is the digest of what BM25 indexes.
_SCHEMA = """
DROP TABLE IF EXISTS staged;
CREATE TABLE staged (id TEXT PRIMARY KEY, position INTEGER NOT NULL UNIQUE, hash TEXT NOT NULL, text TEXT NOT NULL,
                     record TEXT NOT NULL);
"""


def paper_record(paper: Paper) -> tuple[str, str]:
    """A paper's row as stored, and its hash: the same paper with the same record is unchanged."""
    record = paper.model_dump_json()
    return record, hashlib.sha1(record.encode()).hexdigest()


class Stage(MutableMapping[str, Paper]):
    """The papers an ingest is making, by id, kept in the writer's database as they are read instead of in
    memory: an ingest of 200k papers holds their ids and keys, not their records (1.1 GiB as objects). Writes
    wait in a small buffer and go in a batch at a time. A paper keeps the place it has in the commit; a new one
    goes after the others, in the order it was read."""

    def __init__(self, db: sqlite3.Connection) -> None:
        db.executescript(_SCHEMA)
        self.db = db
        self._waiting: dict[str, Paper] = {}
        self._places: dict[str, int] = {}  # id → position of every staged paper
        self._end = db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM papers").fetchone()[0]

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __contains__(self, pid: object) -> bool:
        return pid in self._places

    def __getitem__(self, pid: str) -> Paper:
        if pid in self._waiting:
            return self._waiting[pid]
        row = self.db.execute("SELECT record FROM staged WHERE id = ?", (pid,)).fetchone()
        if row is None:
            raise KeyError(pid)
        return Paper.model_validate_json(row[0])

    def __setitem__(self, pid: str, paper: Paper) -> None:
        if pid not in self._places:
            row = self.db.execute("SELECT position FROM papers WHERE id = ?", (pid,)).fetchone()
            self._places[pid] = row[0] if row else self._next()
        self._waiting[pid] = paper
        if len(self._waiting) >= BATCH:
            self.flush()

    def __delitem__(self, pid: str) -> None:
        raise TypeError("a staged paper is replaced, never removed")

    def _next(self) -> int:
        self._end += 1
        return self._end - 1

    def flush(self) -> None:
        rows = []
        for pid, paper in self._waiting.items():
            record, digest = paper_record(paper)
            rows.append((pid, self._places[pid], digest, bm25.text_digest(paper), record))
        with transaction(self.db):
            self.db.executemany("INSERT OR REPLACE INTO staged VALUES (?, ?, ?, ?, ?)", rows)
        self._waiting = {}

    def committed(self) -> Iterator[Paper]:
        """Stage every committed paper as it is, and return them: an ingest that only adds files starts from them
        instead of parsing their files again."""
        for batch in self._batches("papers"):
            rows, papers = [], []
            for position, pid, digest, record in batch:
                papers.append(Paper.model_validate_json(record))
                rows.append((pid, position, digest, bm25.text_digest(papers[-1]), record))
                self._places[pid] = position
            with transaction(self.db):
                self.db.executemany("INSERT INTO staged VALUES (?, ?, ?, ?, ?)", rows)
            yield from papers

    def settled(self) -> tuple[set[str], list[str]]:
        """The staged ids committed with this very record; and the committed ids not staged."""
        same = "SELECT s.id FROM staged s JOIN papers p ON p.id = s.id AND p.hash = s.hash"
        gone = "SELECT id FROM papers WHERE id NOT IN (SELECT id FROM staged)"
        return {r[0] for r in self.db.execute(same)}, [r[0] for r in self.db.execute(gone)]

    def replace_committed(self) -> None:
        """Make the staged papers the committed ones, writing only the rows that changed; inside the commit's
        transaction (storage.store.Writer.commit)."""
        self.db.execute("DELETE FROM papers WHERE id NOT IN (SELECT id FROM staged)")
        self.db.execute(
            "INSERT OR REPLACE INTO papers SELECT s.id, s.position, s.hash, s.record FROM staged s WHERE NOT "
            "EXISTS (SELECT 1 FROM papers p WHERE p.id = s.id AND p.position = s.position AND p.hash = s.hash)"
        )
        self.db.execute("DROP TABLE staged")

    def ids(self) -> list[str]:
        """The staged ids in the collection's order."""
        self.flush()
        return [r[0] for r in self.db.execute("SELECT id FROM staged ORDER BY position")]

    def texts(self) -> dict[str, str]:
        """The digest of each staged paper's text as BM25 indexes it, in the collection's order."""
        self.flush()
        return dict(self.db.execute("SELECT id, text FROM staged ORDER BY position"))

    def papers(self, ids: Sequence[str] | None = None) -> Iterator[Paper]:
        """The staged papers in the collection's order, or those of `ids` (given in that order), read a batch at a
        time."""
        self.flush()
        if ids is None:
            for batch in self._batches("staged"):
                yield from (Paper.model_validate_json(row[3]) for row in batch)
            return
        query = "SELECT position, record FROM staged WHERE id IN ({marks})"
        for start in range(0, len(ids), BATCH):
            rows = sorted(select_in(self.db, query, ids[start : start + BATCH]))
            yield from (Paper.model_validate_json(record) for _, record in rows)

    def _batches(self, table: str) -> Iterator[list[tuple[int, str, str, str]]]:
        """Position, id, hash and record of the papers in `table` in their order, a batch at a time, each read
        whole before the next: no statement stays open while the caller writes."""
        query = f"SELECT position, id, hash, record FROM {table} WHERE position > ? ORDER BY position LIMIT ?"
        last = -1
        while rows := self.db.execute(query, (last, BATCH)).fetchall():
            last = rows[-1][0]
            yield rows

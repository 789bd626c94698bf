"""The papers of one commit as a reader sees them: read from the collection's database when they are asked
for, not all at once. A process answering from 200k papers keeps their ids and record hashes (tens of MB) and
the papers it has lately read, where it held every record as an object before (1.3 GiB, and 5.9 s to read)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import NamedTuple

from ..errors import StoreError
from ..records import Paper
from .sqlite import select_in

KEPT = 10_000  # papers a reader keeps after reading them (a few questions' worth at 200k; all of a small library)
BATCH = 1_000  # papers read in one go when going through many


class Outline(NamedTuple):
    """What listings and duplicate checks need of a paper, read without its abstract."""

    id: str
    title: str
    sources: list[str]
    doi: str | None
    arxiv: str | None


class Shelf(Mapping[str, Paper]):
    """The papers of one commit, by id, in the order of the collection. A record is checked against the hash
    the commit had for it, so a reader never mixes two commits: when an ingest has replaced it since, reading
    it is a StoreError that says to ask again (a new question reads the new commit)."""

    def __init__(self, reading: Callable[[], AbstractContextManager[sqlite3.Connection]], hashes: dict[str, str]):
        self._reading = reading
        self._hashes = hashes  # id → record hash, in the collection's order
        self._kept: dict[str, Paper] = {}

    def __len__(self) -> int:
        return len(self._hashes)

    def __iter__(self) -> Iterator[str]:
        return iter(self._hashes)

    def __contains__(self, pid: object) -> bool:
        return pid in self._hashes

    def __getitem__(self, pid: str) -> Paper:
        if pid not in self._hashes:
            raise KeyError(pid)
        return self.many([pid])[pid]

    def many(self, ids: Iterable[str]) -> dict[str, Paper]:
        """The papers of `ids` that the commit holds, read in one transaction for those not kept already."""
        wanted = [pid for pid in dict.fromkeys(ids) if pid in self._hashes]
        found = {pid: self._kept[pid] for pid in wanted if pid in self._kept}
        missing = [pid for pid in wanted if pid not in found]
        if missing:
            with self._reading() as db:
                rows = list(select_in(db, "SELECT id, hash, record FROM papers WHERE id IN ({marks})", missing))
            for pid, digest, record in rows:
                self._check(pid, digest)
                found[pid] = Paper.model_validate_json(record)
            if len(found) < len(wanted):
                raise self._changed()
            self._keep({pid: found[pid] for pid in missing})
        return {pid: found[pid] for pid in wanted}

    def each(self, ids: Sequence[str]) -> Iterator[Paper]:
        """The papers of `ids`, read a batch at a time (for going through more than a reader keeps)."""
        for start in range(0, len(ids), BATCH):
            yield from self.many(ids[start : start + BATCH]).values()

    def all(self) -> Iterator[Paper]:
        """Every paper, in the collection's order, a batch at a time."""
        return self.each(list(self._hashes))

    def containing(self, text: str) -> list[str]:
        """The papers whose record holds `text` in any case (ASCII), found by SQLite without parsing a record:
        a superset of those whose title or abstract holds it."""
        pattern = "%" + re.sub(r"([%_\\])", r"\\\1", text) + "%"
        with self._reading() as db:
            found = {r[0] for r in db.execute("SELECT id FROM papers WHERE record LIKE ? ESCAPE '\\'", (pattern,))}
        return [pid for pid in self._hashes if pid in found]

    def outlines(self) -> list[Outline]:
        """Title, sources and identifiers of every paper, in the collection's order: what a listing sorts and
        filters by, read by SQLite's JSON functions instead of parsing every record."""
        query = (
            "SELECT id, hash, json_extract(record, '$.title'), json_extract(record, '$.sources'), "
            "json_extract(record, '$.doi'), json_extract(record, '$.arxiv') FROM papers"
        )
        with self._reading() as db:
            rows = {row[0]: row for row in db.execute(query)}
        outlines = []
        for pid in self._hashes:
            row = rows.get(pid)
            if row is None:
                raise self._changed()
            self._check(pid, row[1])
            outlines.append(Outline(pid, row[2], json.loads(row[3] or "[]"), row[4], row[5]))
        return outlines

    def _check(self, pid: str, digest: str) -> None:
        if self._hashes.get(pid) != digest:
            raise self._changed()

    @staticmethod
    def _changed() -> StoreError:
        return StoreError("the collection changed while this was being read (an ingest committed); ask again")

    def _keep(self, papers: dict[str, Paper]) -> None:
        if len(self._kept) + len(papers) > KEPT:  # forget the older half (dicts keep their order of insertion)
            for pid in list(self._kept)[: len(self._kept) // 2]:
                self._kept.pop(pid, None)
        self._kept.update(list(papers.items())[:KEPT])

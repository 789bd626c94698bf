"""Checks of every file of a collection and of its data folder, each saying in one line what is wrong and what
`assistant doctor --repair` does about it. Repairs that need the records (BM25, missing vectors) are an ingest's."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass

from ..errors import StoreError
from .sqlite import connect, damage
from .store import Store


@dataclass(frozen=True)
class Finding:
    """One file's state: `problem` is None when it is sound; `repair` says what --repair does."""

    file: str
    problem: str | None = None
    repair: str | None = None
    by_ingest: bool = False  # the repair is an ingest (it needs the records)


def integrity(path_label: str, db: sqlite3.Connection) -> str | None:
    found = damage(db)
    return f"{path_label} fails SQLite's integrity check ({found})" if found else None


def check_records(store: Store) -> Finding:
    path = store.dir / "collection.sqlite"
    try:
        with connect(path, wal=False, create=False) as db:
            problem = integrity(path.name, db)
    except sqlite3.DatabaseError as err:
        problem = f"cannot be read ({err})"
    if not problem:
        return Finding(str(path))
    sources = store.recorded_sources()
    if sources is None:
        return Finding(str(path), problem, f"none possible: move {store.dir} away and ingest its files again")
    return Finding(str(path), problem, f"set it aside and rebuild the collection from its {len(sources)} recorded "
                   "source(s), with the vectors already stored", by_ingest=True)


def check_bm25(store: Store) -> Finding:
    commit = store.commit()
    label = str(store.dir / "generations" / (commit.generation or "")) if commit else str(store.dir)
    try:
        store.bm25(commit)
    except StoreError:
        return Finding(label, "the BM25 index is damaged or missing", "rebuild it from the records", by_ingest=True)
    return Finding(label)


def check_cache(store: Store, repair: bool) -> Finding:
    """Vectors of a length other than their model's usual one are damaged; --repair deletes them."""
    cache = store.embedding_cache()
    try:
        with connect(cache.path, wal=False, create=False) as db:
            problem = integrity(cache.path.name, db)
            rows = db.execute("SELECT model, hash, length(vector) FROM vectors").fetchall()
            usual = {m: c.most_common(1)[0][0] for m, c in _lengths(rows).items()}
            bad = [(m, h) for m, h, n in rows if n != usual[m]]
            if bad and repair:
                db.executemany("DELETE FROM vectors WHERE model = ? AND hash = ?", bad)
    except sqlite3.OperationalError:
        return Finding(str(cache.path))  # none yet: nothing to check
    except sqlite3.DatabaseError as err:
        if repair:
            cache.open()  # which sets the damaged file aside
        aside = "set it aside (vectors are embedded again when needed)"
        return Finding(str(cache.path), f"cannot be read ({err})", aside)
    if bad:
        problem = f"{len(bad)} cached vector(s) of the wrong length"
    return Finding(str(cache.path), problem, "drop the bad vectors (embedded again when needed)" if problem else None)


def _lengths(rows: list[tuple[str, str, int]]) -> dict[str, Counter[int]]:
    found: dict[str, Counter[int]] = {}
    for model, _, length in rows:
        found.setdefault(model, Counter())[length] += 1
    return found


def check_vectors(store: Store, embed_model: str, repair: bool) -> Finding:
    """Every chunk of the last commit is in Chroma; a damaged embedded store is set aside with --repair."""
    label = f"Chroma collection {store.chroma_name(embed_model)}"
    if store.chroma.damaged():
        if repair:
            store.chroma.set_aside()
        return Finding(str(store.chroma.folder / "chroma.sqlite3"), "fails SQLite's integrity check",
                       f"set {store.chroma.folder} aside and store this collection's vectors again from the cache "
                       "(other collections of this data folder then need the same repair)", by_ingest=True)
    try:
        vectors = store.vectors(embed_model, create=False)
        if vectors is None:
            return Finding(label, "missing", "embed every chunk again (from the cache)", by_ingest=True)
        ids = list(vectors.hashes())
        committed = store.committed(ids)
        commit = store.commit()
    except StoreError as err:
        return Finding(label, str(err), "none here: start Chroma again or fix ASSISTANT_CHROMA_URL")
    held = len(committed) if committed is not None else len(ids)
    expected = commit.chunks if commit else 0
    if held < expected:
        return Finding(label, f"{expected - held} of the commit's {expected} chunks missing",
                       "embed the missing chunks again (from the cache)", by_ingest=True)
    return Finding(label)

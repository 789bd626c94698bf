"""The one way this package opens SQLite: a connection in autocommit mode that closes when done, WAL for files
that readers share with a writer, and explicit transactions."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

BOUND = 500  # values in one statement: SQLite caps the number of bound parameters


@contextmanager
def connect(path: Path, timeout: float = 30, wal: bool = True, create: bool = True) -> Iterator[sqlite3.Connection]:
    """A connection to the database at `path`, closed on leaving. With create=False the database must exist
    already (mode=rw), so that reading creates nothing; raises sqlite3.OperationalError otherwise. In a folder
    this process cannot write (a read-only mount, a shared data folder) the file is read as immutable: SQLite
    then needs none of the -wal/-shm files it could not create there."""
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    elif read_only(path):
        db = sqlite3.connect(f"{path.absolute().as_uri()}?immutable=1", uri=True, isolation_level=None)
        wal = False
    else:
        db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True, timeout=timeout, isolation_level=None)
    with closing(db):
        if wal:
            db.execute("PRAGMA journal_mode=WAL")
        yield db


def read_only(path: Path) -> bool:
    """Whether the existing file at `path` cannot be written here (the file or its folder)."""
    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


@contextmanager
def transaction(db: sqlite3.Connection, immediate: bool = True) -> Iterator[None]:
    """Everything inside is one transaction: committed on leaving, rolled back on any exception. Immediate
    ones take the write lock at once; deferred ones (for reading) see one consistent state of the file."""
    db.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def select_in(db: sqlite3.Connection, query: str, values: Sequence[Any], *first: Any) -> Iterator[Any]:
    """The rows of `query` over `values`, a batch at a time: `{marks}` in it stands for one batch's
    placeholders, and `first` are the parameters before them."""
    for start in range(0, len(values), BOUND):
        part = list(values[start : start + BOUND])
        yield from db.execute(query.format(marks=",".join("?" * len(part))), [*first, *part])


def damage(db: sqlite3.Connection, quick: bool = False) -> str | None:
    """What SQLite's own check finds wrong with a database (`quick`: without matching indexes to tables, for
    large files); None when it is sound."""
    found = db.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchone()[0]
    return None if found == "ok" else str(found)

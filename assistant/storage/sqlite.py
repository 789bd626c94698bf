"""The one way this package opens SQLite: a connection in autocommit mode that closes when done, WAL for files
that readers share with a writer, and explicit transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path


@contextmanager
def connect(path: Path, timeout: float = 30, wal: bool = True, create: bool = True) -> Iterator[sqlite3.Connection]:
    """A connection to the database at `path`, closed on leaving. With create=False the database must exist
    already (mode=rw), so that reading creates nothing; raises sqlite3.OperationalError otherwise."""
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    else:
        db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True, timeout=timeout, isolation_level=None)
    with closing(db):
        if wal:
            db.execute("PRAGMA journal_mode=WAL")
        yield db


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

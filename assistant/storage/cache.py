"""The embedding cache: vectors by (embedding model, content hash) in one SQLite file under ASSISTANT_HOME."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .files import set_aside
from .sqlite import connect, select_in, transaction

log = logging.getLogger(__name__)

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, hash TEXT NOT NULL, vector BLOB NOT NULL,"
    " PRIMARY KEY (model, hash)) WITHOUT ROWID"
)


class EmbeddingCache:
    """Vectors by (model, content hash), shared by every collection under ASSISTANT_HOME: a rebuilt store,
    a re-created collection or a second collection with the same texts embeds nothing twice."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        try:
            with connect(self.path, timeout=60) as db:
                db.execute(SCHEMA)
        except sqlite3.DatabaseError as err:
            if isinstance(err, sqlite3.OperationalError):
                raise  # locked, or the disk is full: not the file's fault
            # Only a cache: the damaged file is set aside and the vectors are embedded again when needed.
            aside = set_aside(self.path)
            log.warning("the embedding cache %s was damaged (%s); it was moved to %s and starts empty",
                        self.path, err, aside)
        with connect(self.path, timeout=60) as db:
            db.execute(SCHEMA)
            yield db

    @staticmethod
    def key(model: str, text: str) -> str:
        """The hash a text's vector is kept under: the same text embedded by the same model is the same vector."""
        return hashlib.sha1(f"{model}\n{text}".encode()).hexdigest()

    def peek(self, model: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors of `texts`, by text, read without writing anything (a reader's way in: a missing,
        locked or damaged cache is an empty one)."""
        keys = {self.key(model, text): text for text in texts}
        try:
            with connect(self.path, wal=False, create=False) as db:
                found = _vectors(db, model, list(keys))
        except sqlite3.Error:
            return {}
        return {keys[digest]: vector for digest, vector in found.items()}

    def open(self) -> None:
        """Open the cache once, which sets a damaged file aside."""
        with self._db():
            pass

    def get_many(self, model: str, hashes: Sequence[str], dimension: int | None = None) -> dict[str, np.ndarray]:
        """The cached vectors among `hashes` (float32), by hash; with `dimension`, only those of that length (a
        row of another length is damaged, and is embedded again)."""
        with self._db() as db:
            return _vectors(db, model, hashes, dimension)

    def put_many(self, model: str, vectors: Mapping[str, np.ndarray]) -> None:
        rows = [(model, digest, np.asarray(v, dtype=np.float32).tobytes()) for digest, v in vectors.items()]
        with self._db() as db, transaction(db):
            db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)


def _vectors(
    db: sqlite3.Connection, model: str, hashes: Sequence[str], dimension: int | None = None
) -> dict[str, np.ndarray]:
    """The stored vectors among `hashes`, by hash; a row that is not whole float32s (or, with `dimension`, not of
    that length) is damaged and left out."""
    found: dict[str, np.ndarray] = {}
    query = "SELECT hash, vector FROM vectors WHERE model = ? AND hash IN ({marks})"
    for digest, blob in select_in(db, query, hashes, model):
        if len(blob) % 4 == 0 and (dimension is None or len(blob) == 4 * dimension):
            found[digest] = np.frombuffer(blob, dtype=np.float32)
    return found

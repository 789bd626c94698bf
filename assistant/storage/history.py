"""Answers → history: every answered question kept in SQLite under ASSISTANT_HOME, searchable (FTS5 when
this SQLite has it).

Logging must never cost an answer: a locked or read-only database gives one warning and is skipped."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from ..errors import HistoryError
from ..records import Answer, Citation, Entry, MadeWith, PaperRef, Usage
from .home import Home
from .sqlite import connect

log = logging.getLogger(__name__)
LOCK_WAIT_S = 0.2  # how long a write waits for another writer before the entry is given up
_warned: set[Path] = set()  # databases that already cost a warning in this process

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,
    question TEXT NOT NULL,
    collection TEXT NOT NULL,
    answer TEXT NOT NULL,
    mode TEXT NOT NULL,
    model TEXT,
    abstained INTEGER NOT NULL,
    notice TEXT,
    latency_s REAL NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    citations TEXT NOT NULL,  -- JSON list of Citation
    related TEXT NOT NULL,    -- JSON list of PaperRef
    made TEXT NOT NULL,       -- JSON MadeWith
    hedged INTEGER NOT NULL DEFAULT 0
);
"""
ADDED = {"hedged": "ALTER TABLE answers ADD COLUMN hedged INTEGER NOT NULL DEFAULT 0"}  # to older databases
# External-content FTS5 index over the question and the answer, kept in step by a trigger (entries are only
# ever added).
FTS = """
CREATE VIRTUAL TABLE IF NOT EXISTS answers_fts USING fts5(question, answer, content='answers', content_rowid='id');
CREATE TRIGGER IF NOT EXISTS answers_ai AFTER INSERT ON answers BEGIN
    INSERT INTO answers_fts(rowid, question, answer) VALUES (new.id, new.question, new.answer);
END;
"""


class History:
    """The history database of one data folder (ASSISTANT_HOME/history.db)."""

    def __init__(self, home: Path) -> None:
        self.path = Home(home).history

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with connect(self.path, timeout=LOCK_WAIT_S, wal=False) as db:
            db.row_factory = sqlite3.Row
            yield db

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A connection for reading; a database that cannot be read is a HistoryError that names it."""
        try:
            with self._connect() as db:
                self._ensure(db)
                yield db
        except sqlite3.OperationalError as error:  # locked by a writer, or the folder cannot be read
            raise HistoryError(f"cannot read the history at {self.path} ({error}); try again") from None
        except (sqlite3.DatabaseError, OSError) as error:  # the file itself is damaged: waiting will not help
            raise HistoryError(
                f"the history at {self.path} is damaged ({error}); move the file away to start a new history"
            ) from None

    def _ensure(self, db: sqlite3.Connection) -> None:
        db.executescript(SCHEMA)
        have = {row[1] for row in db.execute("PRAGMA table_info(answers)")}
        for column, alter in ADDED.items():
            if column not in have:
                db.execute(alter)
        try:
            db.executescript(FTS)
        except sqlite3.OperationalError:  # an SQLite built without FTS5: search falls back to LIKE
            pass

    def record(self, answer: Answer, made: MadeWith) -> int | None:
        """Add an answer; returns its id, or None (with one warning per database) when it cannot be saved."""
        row = {
            "asked_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "question": answer.question, "collection": made.collection, "answer": answer.text,
            "mode": answer.mode, "model": made.model, "abstained": int(answer.abstained),
            "hedged": int(answer.hedged), "notice": answer.notice,
            "latency_s": answer.usage.latency_s, "prompt_tokens": answer.usage.prompt_tokens,
            "completion_tokens": answer.usage.completion_tokens,
            "citations": json.dumps([c.model_dump() for c in answer.citations], ensure_ascii=False),
            "related": json.dumps([PaperRef(paper_id=r.paper_id, title=r.title).model_dump() for r in answer.related],
                                  ensure_ascii=False),
            "made": made.model_dump_json(),
        }
        try:
            with self._connect() as db:
                self._ensure(db)
                names = ", ".join(row)
                cursor = db.execute(f"INSERT INTO answers ({names}) VALUES ({', '.join('?' * len(row))})",
                                    list(row.values()))
                return cursor.lastrowid
        except (sqlite3.Error, OSError) as error:
            if self.path not in _warned:
                _warned.add(self.path)
                log.warning("the answer was not saved to the history at %s (%s); answers go on, "
                            "unsaved, until it is writable again (or set ASSISTANT_LOG=off)", self.path, error)
            return None

    def search(self, query: str | None = None, limit: int = 20) -> list[Entry]:
        """The latest entries, or the latest ones whose question or answer matches `query`."""
        if not self.path.exists():
            return []
        with self._reading() as db:
            if not query or not query.strip():
                rows = db.execute("SELECT * FROM answers ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
            elif has_fts(db):
                # Each word quoted: a user's "C++" or "AND" is a word, not FTS5 syntax.
                match = " ".join('"' + word.replace('"', '""') + '"' for word in query.split())
                rows = db.execute(
                    "SELECT answers.* FROM answers_fts JOIN answers ON answers.id = answers_fts.rowid "
                    "WHERE answers_fts MATCH ? ORDER BY answers.id DESC LIMIT ?", (match, limit)
                ).fetchall()
            else:
                like = f"%{query.strip()}%"
                rows = db.execute(
                    "SELECT * FROM answers WHERE question LIKE ? OR answer LIKE ? ORDER BY id DESC LIMIT ?",
                    (like, like, limit),
                ).fetchall()
        return [entry(row) for row in rows]

    def get(self, entry_id: int) -> Entry:
        row = None
        if self.path.exists():
            with self._reading() as db:
                row = db.execute("SELECT * FROM answers WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise HistoryError(f"no answer #{entry_id} in the history ({self.path}); `assistant history` lists them")
        return entry(row)


def has_fts(db: sqlite3.Connection) -> bool:
    found = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'answers_fts'").fetchone()
    return found is not None


def entry(row: sqlite3.Row) -> Entry:
    answer = Answer(
        question=row["question"], text=row["answer"], mode=row["mode"], abstained=bool(row["abstained"]),
        hedged=bool(row["hedged"]),
        notice=row["notice"], citations=[Citation.model_validate(c) for c in json.loads(row["citations"])],
        usage=Usage(latency_s=row["latency_s"], prompt_tokens=row["prompt_tokens"],
                    completion_tokens=row["completion_tokens"]),
    )
    return Entry(
        id=row["id"], asked_at=datetime.fromisoformat(row["asked_at"]), answer=answer,
        made=MadeWith.model_validate_json(row["made"]),
        related=[PaperRef.model_validate(r) for r in json.loads(row["related"])],
    )

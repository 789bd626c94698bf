"""Answers → history: every answered question kept in SQLite under ASSISTANT_HOME, searchable (FTS5 when
this SQLite has it), and turned into eval questions once a person says which cited papers were right.

Logging must never cost an answer: a locked or read-only database gives one warning and is skipped."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from .formats import MadeWith
from .records import Answer, Citation, Usage

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
    made TEXT NOT NULL        -- JSON MadeWith
);
"""
# External-content FTS5 index over the question and the answer, kept in step by a trigger (entries are only
# ever added).
FTS = """
CREATE VIRTUAL TABLE IF NOT EXISTS answers_fts USING fts5(question, answer, content='answers', content_rowid='id');
CREATE TRIGGER IF NOT EXISTS answers_ai AFTER INSERT ON answers BEGIN
    INSERT INTO answers_fts(rowid, question, answer) VALUES (new.id, new.question, new.answer);
END;
"""


class HistoryError(ValueError):
    """A history entry or citation number that does not exist; the message names it."""


class PaperRef(BaseModel):
    paper_id: str
    title: str


class Entry(BaseModel):
    """One answered question as it was shown."""

    id: int
    asked_at: datetime
    answer: Answer = Field(description="The answer without its retrieved hits (citations keep what they quote).")
    made: MadeWith
    related: list[PaperRef] = Field(default_factory=list, description="Papers the answer listed as related.")


def related_papers(answer: Answer) -> list[PaperRef]:
    """The answer's `related` list (hits, papers or citations), when this version of Answer has one."""
    refs = []
    for item in getattr(answer, "related", None) or []:
        paper = getattr(item, "paper", item)
        paper_id = getattr(paper, "paper_id", None) or getattr(paper, "id", "")
        refs.append(PaperRef(paper_id=str(paper_id), title=str(getattr(paper, "title", ""))))
    return refs


class History:
    """The history database of one data folder (ASSISTANT_HOME/history.db)."""

    def __init__(self, home: Path) -> None:
        self.path = home / "history.db"

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=LOCK_WAIT_S)) as db, db:
            db.row_factory = sqlite3.Row
            yield db

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A connection for reading; a database that cannot be read is a HistoryError that names it."""
        try:
            with self._connect() as db:
                self._ensure(db)
                yield db
        except (sqlite3.Error, OSError) as error:
            raise HistoryError(f"cannot read the history at {self.path} ({error}); try again") from None

    def _ensure(self, db: sqlite3.Connection) -> None:
        db.executescript(SCHEMA)
        try:
            db.executescript(FTS)
        except sqlite3.OperationalError:  # an SQLite built without FTS5: search falls back to LIKE
            pass

    def record(self, answer: Answer, made: MadeWith) -> int | None:
        """Add an answer; returns its id, or None (with one warning per database) when it cannot be saved."""
        row = {
            "asked_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "question": answer.question, "collection": made.collection, "answer": answer.text,
            "mode": answer.mode, "model": made.model, "abstained": int(answer.abstained), "notice": answer.notice,
            "latency_s": answer.usage.latency_s, "prompt_tokens": answer.usage.prompt_tokens,
            "completion_tokens": answer.usage.completion_tokens,
            "citations": json.dumps([c.model_dump() for c in answer.citations], ensure_ascii=False),
            "related": json.dumps([r.model_dump() for r in related_papers(answer)], ensure_ascii=False),
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
        notice=row["notice"], citations=[Citation.model_validate(c) for c in json.loads(row["citations"])],
        usage=Usage(latency_s=row["latency_s"], prompt_tokens=row["prompt_tokens"],
                    completion_tokens=row["completion_tokens"]),
    )
    return Entry(
        id=row["id"], asked_at=datetime.fromisoformat(row["asked_at"]), answer=answer,
        made=MadeWith.model_validate_json(row["made"]),
        related=[PaperRef.model_validate(r) for r in json.loads(row["related"])],
    )


VAGUE_WORDS = 14  # evals/README.md: a `vague` question has at most 14 words


def eval_kind(question: str, gold: int) -> str:
    """The kind of evals/questions.jsonl a question with `gold` correct papers belongs to."""
    if gold == 0:
        return "off_topic"
    if gold >= 3:
        return "multi"
    if len(question.split()) <= VAGUE_WORDS:
        return "vague"
    if gold == 1:
        return "paraphrase"
    raise HistoryError(
        f"“{question[:60]}…” has more than {VAGUE_WORDS} words and 2 correct papers, which fits no kind of "
        "eval question; mark one paper, or three or more"
    )


def eval_question(item: Entry, correct: list[int], question_id: str) -> dict[str, Any]:
    """An entry as a line of evals/questions.jsonl: its gold papers are the citations a person marked correct
    (none marked: an `off_topic` question, which the assistant should decline)."""
    by_n = {c.n: c for c in item.answer.citations}
    unknown = [n for n in correct if n not in by_n]
    if unknown:
        cited = ", ".join(f"[{n}]" for n in by_n) or "nothing"
        raise HistoryError(
            f"answer #{item.id} has no citation {', '.join(f'[{n}]' for n in unknown)} (it cites {cited})"
        )
    gold = [by_n[n] for n in dict.fromkeys(correct)]
    return {
        "id": question_id, "kind": eval_kind(item.answer.question, len(gold)), "question": item.answer.question,
        "gold_ids": [c.paper_id for c in gold], "gold_titles": [c.title for c in gold], "keywords": [],
        "split": split_of(question_id),
    }


def split_of(question_id: str) -> str:
    """dev or test, fixed by the id's hash, so an exported question lands in the same half every time."""
    return "dev" if int(hashlib.sha1(question_id.encode()).hexdigest(), 16) % 2 == 0 else "test"


def export_eval(path: Path, chosen: list[tuple[Entry, list[int]]]) -> int:
    """Append the chosen entries to the eval file at `path` (created if missing), skipping questions it
    already holds; ids continue as h001, h002, … Returns how many were added."""
    from .store import write_atomic

    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    known = [json.loads(line) for line in lines if line.strip()]
    asked = {q["question"] for q in known}
    numbers = [int(q["id"][1:]) for q in known if re.fullmatch(r"h\d+", str(q["id"]))]
    number = max(numbers, default=0)
    added = []
    for item, correct in chosen:
        question = eval_question(item, correct, f"h{number + 1:03d}")
        if question["question"] in asked:
            continue
        asked.add(question["question"])
        number += 1
        added.append(json.dumps(question, ensure_ascii=False))
    write_atomic(path, "".join(f"{line}\n" for line in [*lines, *added] if line.strip()))
    return len(added)

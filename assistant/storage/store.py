"""The store: every file of a collection, and the only module that knows their names.

A collection lives in `$ASSISTANT_HOME/collections/<name>/`: a SQLite database (paper records, the requested
sources, the last commit), BM25 generations in `generations/` (storage.bm25), and the page's `uploads/`. Chunk
vectors live in Chroma (storage.vectors) and embeddings are cached in one file (storage.cache).

Writing follows one rule: intent first, commit last. An ingest records the sources it was asked for before any
work, builds a new BM25 generation beside the current one, and publishes papers and that generation in one
SQLite transaction. A reader sees one commit whole, never part of one; it takes no lock and writes nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path

from filelock import FileLock, Timeout

from ..config import COLLECTION_NAME, Settings
from ..errors import CollectionBusy, StoreError, UnknownCollection
from . import bm25
from .cache import EmbeddingCache
from .commits import Commit, Snapshot
from .files import copy_atomic, fsync_tree, write_atomic
from .home import Home
from .shelf import Shelf
from .sqlite import connect, select_in, transaction
from .stage import Stage
from .vectors import Chroma, ChunkVectors

STALE = "the index is behind its sources (an ingest was interrupted or is still running); run `assistant ingest`"
_DB = "collection.sqlite"
_SOURCES = "sources.json"  # a copy of the sources table, to rebuild from when the database itself is lost
_SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (id TEXT PRIMARY KEY, position INTEGER NOT NULL, hash TEXT NOT NULL,
                                   record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS papers_by_position ON papers (position);
CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, added INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (id TEXT PRIMARY KEY) WITHOUT ROWID;
"""


def check_name(name: str) -> str:
    if not re.fullmatch(COLLECTION_NAME, name):
        raise StoreError(
            f"bad collection name {name!r}: use 1-64 letters, digits, '-' or '_', starting with a letter or digit"
        )
    return name


def collections(home: Path) -> list[str]:
    """Names of the collections an ingest has created under `home`."""
    root = Home(home).collections
    if not root.is_dir():
        return []
    return sorted(d.name for d in root.iterdir() if (d / _DB).exists())


def safe_name(name: str) -> str:
    """A file name that is only a name: no folders, no dot-file, nothing but letters, digits, '.', '_', '-'."""
    stem, suffix = os.path.splitext(Path(name).name)
    return (re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "upload") + suffix.lower()


class Store:
    """The files of one collection (see the module's docstring). Creating a Store touches nothing."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = check_name(settings.collection)
        self.home = Home(settings.home)
        self.dir = self.home.collections / self.name
        self.chroma = Chroma(settings.chroma_url, self.home.chroma)
        self._last: tuple[object, Commit] | None = None  # the last commit read, and the files' signature then

    @property
    def uploads(self) -> Path:
        """Where the page keeps the files people upload (created when the first one is kept)."""
        return self.dir / "uploads"

    @property
    def fetched(self) -> Path:
        """Where `assistant fetch` saves what it gets from the catalogues, one JSONL file a fetch (created with the
        first): sources of the collection like any other, so it can be rebuilt without the network."""
        return self.dir / "fetched"

    def keep_upload(self, path: Path, name: str) -> Path:
        """Copy an uploaded file into the uploads folder under `name` made safe, whole or not at all."""
        return copy_atomic(path, self.uploads / safe_name(name))

    # --- reading: no lock, no writes ---------------------------------------------------------------------
    def exists(self) -> bool:
        return (self.dir / _DB).exists()

    def unknown(self) -> UnknownCollection:
        existing = ", ".join(collections(self.settings.home)) or "none yet"
        return UnknownCollection(
            f"no collection named '{self.name}' in {self.settings.home} (existing: {existing}); "
            f"create it with `assistant ingest FILE --collection {self.name}`"
        )

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: everything read inside it belongs to one commit. It never creates the database,
        and a read-write connection removes SQLite's -wal/-shm files when it is the last to close."""
        try:
            with connect(self.dir / _DB, wal=False, create=False) as db, transaction(db, immediate=False):
                yield db
        except sqlite3.OperationalError as err:
            raise StoreError(f"cannot open the collection '{self.name}' in {self.dir} ({err})") from None
        except sqlite3.DatabaseError as err:
            raise self.damaged(err) from None

    def damaged(self, err: Exception) -> StoreError:
        if self.recorded_sources() is None:
            fix = f"move {self.dir} away and ingest its files again (`assistant ingest FILE... -c {self.name}`)"
        else:
            fix = f"`assistant doctor --repair -c {self.name}` rebuilds it from its recorded sources"
        return StoreError(f"the collection '{self.name}' is damaged: {self.dir / _DB} ({err}); {fix}")

    def recorded_sources(self) -> list[Path] | None:
        """The sources ingests were asked for, as last copied beside the database; None when no copy is."""
        try:
            return [Path(p) for p in json.loads((self.dir / _SOURCES).read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            return None

    def commit(self) -> Commit | None:
        """The last commit, Commit(version=0) when none yet, None when no ingest ever created the collection.
        Asked before every question, so it is read again only when the database or its WAL changed on disk
        (a commit writes one or the other): a question then costs a stat, not a connection."""
        signature = self._signature()
        if signature is None:
            return None
        if self._last is not None and self._last[0] == signature:
            return self._last[1]
        with self._reading() as db:
            commit = _read_commit(db)
        self._last = (signature, commit)
        return commit

    def _signature(self) -> tuple[tuple[int, int, int] | None, ...] | None:
        """Inode, size and modification time of the database and of its WAL; None without a database."""
        found = tuple(_stat(self.dir / name) for name in (_DB, f"{_DB}-wal"))
        return None if found[0] is None else found

    def snapshot(self) -> Snapshot:
        """The last commit, with its papers on a Shelf: their ids and hashes read now, records when asked for."""
        if not self.exists():
            return Snapshot(Commit(), Shelf(self._reading, {}), [])
        with self._reading() as db:
            commit = _read_commit(db)
            hashes = dict(db.execute("SELECT id, hash FROM papers ORDER BY position").fetchall())
            requested = [r[0] for r in db.execute("SELECT path FROM sources ORDER BY added")]
        return Snapshot(commit, Shelf(self._reading, hashes), requested)

    def requested(self) -> list[Path]:
        """The sources ingests were asked for, committed or not."""
        if not self.exists():
            return []
        with self._reading() as db:
            return [Path(r[0]) for r in db.execute("SELECT path FROM sources ORDER BY added")]

    def committed(self, chunk_ids: Sequence[str]) -> set[str] | None:
        """Which of `chunk_ids` the last commit holds; None for a commit that recorded none (made before chunks
        were), whose every stored chunk is read."""
        if not self.exists():
            return None
        with self._reading() as db:
            recorded = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'chunks'").fetchone()
            if not recorded or not db.execute("SELECT 1 FROM chunks LIMIT 1").fetchone():
                return None
            return {r[0] for r in select_in(db, "SELECT id FROM chunks WHERE id IN ({marks})", chunk_ids)}

    def bm25(self, commit: Commit | None) -> bm25.Bm25 | None:
        """The BM25 index of a commit, read whole enough to answer (StoreError when it cannot be)."""
        if commit is None or commit.generation is None:
            return None
        folder = self.dir / "generations"
        try:
            index = bm25.Bm25(folder / commit.generation, folder / commit.added if commit.added else None)
            index.check()
        except Exception as err:  # noqa: BLE001 — bm25s, numpy and json each fail their own way on a bad file
            raise StoreError(
                f"the BM25 index of the collection '{self.name}' ({folder / commit.generation}) is damaged or "
                f"missing ({type(err).__name__}); run `assistant ingest --collection {self.name}` to rebuild it"
            ) from None
        return index

    # --- chunk vectors (Chroma) and the embedding cache --------------------------------------------------
    def chroma_name(self, embed_model: str) -> str:
        # The model is part of the name, so vectors of two models never share a collection.
        slug = re.sub(r"[^a-zA-Z0-9]+", "-", embed_model).strip("-").lower()
        return f"{self.name}--{slug}"[:120].strip("-")

    def vectors(self, embed_model: str, create: bool) -> ChunkVectors | None:
        """The chunk vectors of `embed_model`; None when they do not exist and `create` is False."""
        return self.chroma.collection(self.chroma_name(embed_model), embed_model, create)

    def embedding_cache(self) -> EmbeddingCache:
        return EmbeddingCache(self.home.embeddings)

    # --- writing: one writer at a time ---------------------------------------------------------------------
    def set_aside_records(self) -> Path:
        """Rename a damaged database (and its -wal/-shm files) to `….damaged`, under the ingest lock, so that
        the next ingest starts a new one; the vectors stay, so that ingest embeds nothing again."""
        aside = self.dir / f"{_DB}.damaged"
        with FileLock(str(self.dir / "ingest.lock")):
            for suffix in ("", "-wal", "-shm"):
                found = self.dir / f"{_DB}{suffix}"
                if found.exists():
                    found.replace(aside.with_name(aside.name + suffix))
        return aside

    @contextmanager
    def writer(self, wait: bool = True, notify: Callable[[str], None] | None = None) -> Iterator[Writer]:
        """Hold the collection's lock for a whole ingest. A second writer waits (saying so once through
        `notify`) or, with wait=False, raises CollectionBusy."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(self.dir / "ingest.lock"))
            lock.acquire(timeout=0)
        except Timeout:
            if not wait:
                raise CollectionBusy(
                    f"another ingest of '{self.name}' is running; wait for it to finish, or run without --no-wait"
                ) from None
            if notify:
                notify(f"waiting for another ingest of '{self.name}' to finish…")
            lock.acquire()
        except OSError as err:
            raise StoreError(
                f"an ingest writes the store, and cannot write {self.dir} ({err.strerror}); questions are still "
                "answered from it, and ingests need ASSISTANT_HOME set to a writable folder"
            ) from None
        try:
            with ExitStack() as opened:
                try:  # a damaged file fails here, before anything is written
                    db = opened.enter_context(connect(self.dir / _DB))
                    db.executescript(_SCHEMA)
                except sqlite3.DatabaseError as err:
                    raise self.damaged(err) from None
                writer = Writer(self, db)
                writer.clean()
                yield writer
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # readers find the main file complete
        finally:
            lock.release()


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _read_commit(db: sqlite3.Connection) -> Commit:
    row = db.execute("SELECT value FROM state WHERE key = 'commit'").fetchone()
    return Commit.model_validate_json(row[0]) if row else Commit()


def _add_sources(db: sqlite3.Connection, paths: Sequence[str]) -> None:
    start = db.execute("SELECT COALESCE(MAX(added), 0) FROM sources").fetchone()[0]
    db.executemany(
        "INSERT OR IGNORE INTO sources (path, added) VALUES (?, ?)", [(p, start + i + 1) for i, p in enumerate(paths)]
    )


class Writer:
    """What an ingest may change while it holds the lock. Nothing it does is seen by readers before
    `commit`, the one transaction that publishes the new papers and BM25 generation together."""

    def __init__(self, store: Store, db: sqlite3.Connection) -> None:
        self.store = store
        self.db = db
        self.last = _read_commit(db)

    def clean(self) -> None:
        """Remove what a killed ingest left: temp and unpublished BM25 folders, and old ones."""
        folder = self.store.dir / "generations"
        if folder.is_dir():
            for entry in folder.iterdir():
                if entry.name not in (self.last.generation, self.last.added):
                    shutil.rmtree(entry, ignore_errors=True)

    def request(self, paths: Sequence[Path], default: Sequence[Path] = ()) -> list[Path]:
        """Record `paths` as sources (intent first: before any work) and return every requested source.
        A collection that never had a source starts with `default`."""
        with transaction(self.db):
            if not self.db.execute("SELECT 1 FROM sources LIMIT 1").fetchone():
                _add_sources(self.db, [str(p) for p in default])
            _add_sources(self.db, [str(p) for p in paths])
        sources = [r[0] for r in self.db.execute("SELECT path FROM sources ORDER BY added")]
        write_atomic(self.store.dir / _SOURCES, json.dumps(sources, indent=1))
        return [Path(p) for p in sources]

    def stage(self) -> Stage:
        """An empty stage for the papers of this ingest (what a killed one staged is dropped)."""
        return Stage(self.db)

    def publish_bm25(
        self, stage: Stage, texts: dict[str, str], whole: bm25.Bm25 | None
    ) -> tuple[str | None, str | None]:
        """Build the BM25 index of the staged papers (`texts`: the digest of each one's text, from stage.texts())
        in a temp folder beside the current one, then rename it into place under a new name; readers do not see
        it until `commit` points at it. With the last commit's index `whole`, only the papers added or changed
        since its whole segment go into a new segment beside it (bm25.added_since). Returns the folders of the
        whole index and of that segment."""
        if not texts:
            return None, None
        share = self.store.settings.bm25_merge_share
        since = bm25.added_since(whole.segments[0], texts, share) if whole is not None else None
        if since is None:
            return self._publish("bm25", partial(bm25.build, papers=stage.papers())), None
        assert whole is not None and self.last.generation is not None
        changed, masked = since
        if not changed and not masked:
            return self.last.generation, None
        build = partial(bm25.build_added, whole=whole.segments[0], papers=stage.papers(changed), masked=masked)
        return self.last.generation, self._publish("added", build)

    def _publish(self, kind: str, build: Callable[[Path], None]) -> str:
        folder = self.store.dir / "generations"
        folder.mkdir(exist_ok=True)
        fresh = Path(tempfile.mkdtemp(dir=folder, prefix=".tmp-"))
        build(fresh)
        fsync_tree(fresh)
        generation = f"{kind}-{self.last.version + 1}-{uuid.uuid4().hex[:8]}"
        fresh.rename(folder / generation)
        fsync_tree(folder)
        return generation

    def commit(self, commit: Commit, stage: Stage, chunks: tuple[Iterable[str], Iterable[str]] = ((), ())) -> None:
        """The single commit point: the staged papers replace the committed ones, the chunks added and removed
        (`chunks`) are recorded, and the new state written, in one transaction. Readers search only the chunks a
        commit holds."""
        commit = commit.model_copy(update={"version": self.last.version + 1})
        with transaction(self.db):
            stage.replace_committed()
            added, removed = chunks
            self.db.executemany("DELETE FROM chunks WHERE id = ?", ((i,) for i in removed))
            self.db.executemany("INSERT OR IGNORE INTO chunks VALUES (?)", ((i,) for i in added))
            self._write_state(commit)
        self.last = commit

    def _write_state(self, commit: Commit) -> None:
        self.db.execute("INSERT OR REPLACE INTO state VALUES ('commit', ?)", (commit.model_dump_json(),))


"""Chunk vectors in Chroma, embedded under ASSISTANT_HOME or on a server: the only module that knows Chroma's
client, its paging and the metadata each chunk is stored with (its paper, title and content hash)."""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import StoreError
from ..records import Chunk
from .files import set_aside
from .sqlite import connect, damage

# Chroma's HNSW index serves stores above Settings.exact_search_chunks (smaller ones are searched exactly).
# Its defaults (ef_search 100, 16 neighbours) lose true neighbours; wider search and graph buy recall for a
# few milliseconds. Chroma applies this to collections created from now on; existing ones keep theirs.
HNSW: Any = {"space": "cosine", "ef_construction": 200, "ef_search": 200, "max_neighbors": 32}
PAPERS_PER_FILTER = 500  # paper ids in one `$in` filter
log = logging.getLogger(__name__)


def failures() -> tuple[type[BaseException], ...]:
    """What a Chroma call fails with: the HTTP client's errors (a server gone) and Chroma's own."""
    import httpx
    from chromadb.errors import ChromaError

    return (httpx.HTTPError, ChromaError)


def _chroma_failure(err: BaseException, everything: bool = False) -> BaseException:
    """`err` when it is Chroma's failure (with `everything`, any Exception is); re-raised otherwise. Chroma's
    Rust core panics on a damaged file with pyo3's PanicException, a BaseException that no import names."""
    if isinstance(err, failures()) or type(err).__name__ == "PanicException":
        return err
    if everything and isinstance(err, Exception):
        return err
    raise err


@dataclass(frozen=True)
class ChunkMatrix:
    """Every stored chunk vector (one row each, in id order), with its id, its paper's id and its text."""

    vectors: np.ndarray
    ids: list[str]
    paper_ids: list[str]
    texts: list[str]

    def only(self, keep: set[str]) -> ChunkMatrix | None:
        """The rows of the chunks in `keep`; None when there are none."""
        rows = [i for i, chunk in enumerate(self.ids) if chunk in keep]
        if not rows:
            return None
        pick = lambda values: [values[i] for i in rows]  # noqa: E731
        return ChunkMatrix(self.vectors[rows], pick(self.ids), pick(self.paper_ids), pick(self.texts))


class Chroma:
    """The Chroma client of one data folder: the embedded store in `folder`, or the server at `url`."""

    def __init__(self, url: str | None, folder: Path) -> None:
        self.url = url
        self.folder = folder

    def unreachable(self, err: BaseException) -> StoreError:
        """The one message for a Chroma that cannot be used, naming where it is and what to do."""
        if self.url:
            return StoreError(
                f"the Chroma server at {self.url} (ASSISTANT_CHROMA_URL) did not answer ({type(err).__name__}: "
                f"{err}); start it again, or point ASSISTANT_CHROMA_URL at a running server"
            )
        if isinstance(err, StoreError):
            return err
        fix = "; `assistant doctor --repair` sets it aside and stores the vectors again" if self.damaged() else ""
        return StoreError(f"cannot use the vectors in {self.folder} ({type(err).__name__}: {err}){fix}")

    def damaged(self) -> bool:
        """Whether the embedded store's database fails SQLite's own check (a server's is its own business)."""
        database = self.folder / "chroma.sqlite3"
        if self.url or not database.exists():
            return False
        try:
            with connect(database, wal=False, create=False) as db:
                return damage(db, quick=True) is not None
        except sqlite3.DatabaseError:
            return True

    def set_aside(self) -> Path:
        """Rename a damaged embedded store to `chroma.damaged` (replacing an older one): the next ingest of
        each collection stores its vectors again, from the embedding cache."""
        aside = set_aside(self.folder)
        from chromadb.api.client import Client

        # Chroma keeps one system per path in the process; the next client must open the new, empty folder.
        Client.clear_system_cache()
        self.__dict__.pop("client", None)
        return aside

    @cached_property
    def client(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if not self.url:
                return chromadb.PersistentClient(path=str(self.readable_folder()), settings=settings)
            from urllib.parse import urlparse

            parts = urlparse(self.url if "://" in self.url else f"http://{self.url}")
            return chromadb.HttpClient(
                host=parts.hostname or "localhost", port=parts.port or 8000, ssl=parts.scheme == "https",
                settings=settings,
            )
        except BaseException as err:  # noqa: BLE001 — chromadb raises many types (_chroma_failure)
            raise self.unreachable(_chroma_failure(err, everything=True)) from None

    def readable_folder(self) -> Path:
        """The embedded store's folder, or a private copy of it when this process cannot write there (a
        read-only mount, a shared data folder): Chroma has no read-only mode and writes even when it only
        reads, so answers are read from the copy, which goes when the process ends."""
        if not self.folder.is_dir() or os.access(self.folder, os.W_OK):
            return self.folder
        copy = Path(tempfile.mkdtemp(prefix="assistant-chroma-")) / "chroma"
        atexit.register(shutil.rmtree, copy.parent, ignore_errors=True)
        shutil.copytree(self.folder, copy)
        log.warning("%s is read-only: answering from a copy of its vectors (a Chroma server, ASSISTANT_CHROMA_URL, "
                    "serves a read-only data folder without one)", self.folder)
        return copy

    @cached_property
    def max_batch(self) -> int:
        """Most records Chroma takes in one call."""
        try:
            return int(self.client.get_max_batch_size())
        except BaseException as err:  # noqa: BLE001 — see _chroma_failure
            raise self.unreachable(_chroma_failure(err, everything=True)) from None

    def collection(self, name: str, embed_model: str, create: bool) -> ChunkVectors | None:
        """The chunk vectors named `name`; None when they do not exist and `create` is False."""
        from chromadb.errors import NotFoundError

        try:
            if not create:
                return ChunkVectors(self, self.client.get_collection(name))
            found = self.client.get_or_create_collection(
                name, configuration={"hnsw": HNSW}, metadata={"embed_model": embed_model}
            )
            return ChunkVectors(self, found)
        except NotFoundError:
            return None
        except BaseException as err:  # noqa: BLE001 — see _chroma_failure
            raise self.unreachable(_chroma_failure(err, everything=True)) from None


class ChunkVectors:
    """One collection's chunk vectors. Every call that reaches Chroma fails with StoreError."""

    def __init__(self, chroma: Chroma, collection: Any) -> None:
        self.chroma = chroma
        self.collection = collection

    def _call(self, method: str, **arguments: Any) -> Any:
        try:
            return getattr(self.collection, method)(**arguments)
        except BaseException as err:  # noqa: BLE001 — see _chroma_failure
            raise self.chroma.unreachable(_chroma_failure(err)) from None

    def count(self) -> int:
        return int(self._call("count"))

    def _pages(self, include: list[str], where: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Everything stored (or matching `where`), a page at a time: one call for all of it overflows the SQL
        variables of Chroma's own SQLite on a large store."""
        page, offset = self.chroma.max_batch, 0
        while True:
            got = self._call("get", include=include, where=where, limit=page, offset=offset)
            yield got
            offset += len(got["ids"])
            if len(got["ids"]) < page:
                return

    def hashes(self, paper_ids: Sequence[str] | None = None) -> dict[str, str | None]:
        """Content hash of every stored chunk, or of the stored chunks of these papers, by chunk id."""
        wheres: list[dict[str, Any] | None] = [None]
        if paper_ids is not None:
            ids = list(paper_ids)
            step = PAPERS_PER_FILTER
            wheres = [{"paper_id": {"$in": ids[i : i + step]}} for i in range(0, len(ids), step)]
        found: dict[str, str | None] = {}
        for where in wheres:
            for got in self._pages(["metadatas"], where):
                rows = zip(got["ids"], got["metadatas"] or [], strict=True)
                found |= {i: (meta or {}).get("hash") for i, meta in rows}
        return found

    def paper_ids(self) -> set[str]:
        """The papers that have at least one stored chunk."""
        return {str((meta or {}).get("paper_id")) for got in self._pages(["metadatas"]) for meta in got["metadatas"]}

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        self._call(
            "upsert",
            ids=[c.id for c in chunks],
            embeddings=vectors,
            documents=[c.text for c in chunks],
            metadatas=[{"paper_id": c.paper_id, "title": c.title, "hash": c.hash} for c in chunks],
        )

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), self.chroma.max_batch):
            self._call("delete", ids=list(ids[start : start + self.chroma.max_batch]))

    def matrix(self) -> ChunkMatrix | None:
        """Every stored vector, for exact search; None when there are none, or when Chroma cannot hand them all
        back: an ingest killed mid-batch can leave local Chroma unable to ("Error finding id") until the next
        ingest rewrites them, while its HNSW query still answers meanwhile."""
        ids: list[str] = []
        rows: list[np.ndarray] = []
        pids: list[str] = []
        texts: list[str] = []
        try:
            for got in self._pages(["embeddings", "metadatas", "documents"]):
                if got["ids"]:
                    rows.append(np.asarray(got["embeddings"], dtype=np.float32))
                ids += got["ids"]
                pids += [str(meta["paper_id"]) for meta in got["metadatas"]]
                texts += got["documents"]
        except StoreError:
            return None
        if not rows:
            return None
        order = np.argsort(ids, kind="stable")  # the same row order in every process
        return ChunkMatrix(
            np.vstack(rows)[order], [ids[i] for i in order], [pids[i] for i in order], [texts[i] for i in order]
        )

    def nearest(self, vector: np.ndarray, n: int) -> list[tuple[str, str, str, float]]:
        """(chunk id, paper id, chunk text, cosine similarity) of the `n` chunks nearest to `vector`, by Chroma's
        HNSW index."""
        found = self._call(
            "query", query_embeddings=[vector], n_results=n, include=["metadatas", "documents", "distances"]
        )
        rows = zip(found["ids"][0], found["metadatas"][0], found["documents"][0], found["distances"][0], strict=True)
        return [(i, str(meta["paper_id"]), text, 1.0 - float(distance)) for i, meta, text, distance in rows]

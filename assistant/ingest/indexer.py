"""Papers → index: chunks embedded into Chroma and a BM25 index beside it, kept in step by content hashes.
Every file involved belongs to assistant.storage; this module decides what to chunk, embed and publish."""

from __future__ import annotations

import errno
import hashlib
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from ..config import SHIPPED_ABSTRACTS, Settings, offline_environment
from ..errors import ReadError, StoreError
from ..records import Chunk, Paper
from ..storage.bm25 import Bm25, bm25_digest
from ..storage.cache import EmbeddingCache
from ..storage.commits import Commit, Snapshot
from ..storage.store import Stage, Store, Writer
from ..storage.vectors import ChunkVectors
from . import readers
from .embedding import Embedder, LocalEmbedder, make_embedder
from .sentences import sentences as split
from .works import Works

# all-MiniLM-L6-v2 reads 256 word pieces; tiktoken counts a little fewer tokens than WordPiece makes on
# scientific English, so 180 tokens of abstract plus the title stays inside the window.
CHUNK_TOKENS = 180
CHUNK_OVERLAP = 30
# The id of a chunk carries its content hash, so an edited chunk is a new id: an uncommitted ingest never
# overwrites the vectors the last commit reads. ("ids" marks the change: an older store is re-chunked once.)
CHUNKING = f"{CHUNK_TOKENS}/{CHUNK_OVERLAP}/ids"
UPSERT_BATCH = 256  # chunks embedded and written to Chroma per step (capped by Chroma's own limit)
KEPT_SENTENCES = "+sentences"  # marks the chunking of a commit whose papers' sentence vectors were kept


def iter_chunks(papers: Iterable[Paper], embed_model: str) -> Iterator[Chunk]:
    """Token-sized chunks of each abstract, with the title in front of every chunk, made as they are needed."""
    from llama_index.core.node_parser import SentenceSplitter

    offline_environment()
    splitter = SentenceSplitter(chunk_size=CHUNK_TOKENS, chunk_overlap=CHUNK_OVERLAP)
    for paper in papers:
        title = "" if paper.title_is_derived else f"{paper.title}. "
        for i, piece in enumerate(splitter.split_text(paper.abstract)):
            text = title + piece
            digest = EmbeddingCache.key(embed_model, text)
            chunk_id = f"{paper.id}:{i}:{digest[:12]}"
            yield Chunk(id=chunk_id, paper_id=paper.id, title=paper.title, text=text, hash=digest)


def chunk_papers(papers: Iterable[Paper], embed_model: str) -> list[Chunk]:
    return list(iter_chunks(papers, embed_model))


@dataclass
class IngestReport:
    papers: int = 0
    chunks: int = 0
    embedded: int = 0  # chunks the embedding model embedded in this run
    cached: int = 0  # chunks whose vectors came from the embedding cache instead
    sentences: int = 0  # sentences the model embedded for answers to read (settings.keep_sentences)
    removed: int = 0
    merged: int = 0  # entries that repeated a work (by DOI, arXiv id, or title and year) and joined it
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _stats(files: Iterable[Path]) -> dict[str, str]:
    """Size and modification time of each file: a file whose stat is the same was not rewritten."""
    return {str(path): f"{stat.st_size}\t{stat.st_mtime_ns}" for path in files for stat in [path.stat()]}


def _fingerprint(stats: dict[str, str], embed_model: str) -> str:
    """Changes whenever a source file is added, removed or rewritten, or the chunks would be made differently."""
    digest = hashlib.sha1(f"{embed_model}\n{CHUNK_TOKENS}\n{CHUNK_OVERLAP}\n".encode())
    for path, stat in stats.items():
        digest.update(f"{path}\t{stat}\n".encode())
    return digest.hexdigest()


def disk_full(err: BaseException) -> bool:
    """Whether an error is a full disk, as the OS or SQLite says it."""
    return getattr(err, "errno", None) == errno.ENOSPC or "disk is full" in str(err)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Index:
    """One collection's search index: chunk vectors in Chroma and BM25 over the papers, both kept by
    assistant.store. Readers go through `snapshot()` and `chroma`; `ingest()` is the only writer."""

    def __init__(self, settings: Settings) -> None:
        offline_environment()
        self.settings = settings
        self.store = Store(settings)
        self._chroma: ChunkVectors | None = None
        self._dimension: int | None = None  # of the embedder's vectors, once known

    @cached_property
    def limits(self) -> readers.Limits:
        s = self.settings
        return readers.Limits(s.max_title_chars, s.max_abstract_chars, s.max_number_digits)

    @cached_property
    def embedder(self) -> Embedder:
        return make_embedder(self.settings)

    @property
    def chroma(self) -> ChunkVectors | None:
        """The chunk vectors; None until an ingest has made them (reading creates nothing)."""
        if self._chroma is None:
            self._chroma = self.store.vectors(self.embedder.name, create=False)
        return self._chroma

    @property
    def chunking(self) -> str:
        """How this index cuts papers, and whether it keeps their sentences' vectors: a commit made another way
        has every paper looked at again."""
        return CHUNKING + (KEPT_SENTENCES if self.settings.keep_sentences else "")

    def kept_sentences(self, commit: Commit | None) -> bool:
        """Whether `commit` holds the vectors of its papers' sentences (in the embedding cache)."""
        return commit is not None and commit.chunking.endswith(KEPT_SENTENCES)

    def sentence_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The kept vectors of these sentences, by sentence, read without writing anything."""
        return self.store.embedding_cache().peek(self.embedder.name, texts)

    @property
    def chroma_name(self) -> str:
        return self.store.chroma_name(self.embedder.name)

    def snapshot(self) -> Snapshot:
        return self.store.snapshot()

    @property
    def is_ready(self) -> bool:
        """True once an ingest with this embedding model has been committed."""
        return self.ready(self.store.commit())

    def ready(self, commit: Commit | None) -> bool:
        """Whether `commit` holds this embedding model's index."""
        return commit is not None and commit.version > 0 and commit.embed_model == self.embedder.name

    # --- ingest ------------------------------------------------------------------------------------------
    def ingest(self, paths: list[Path] | None = None, progress: bool = True, wait: bool = True) -> IngestReport:
        """Bring the index in step with its sources, embedding only chunks it holds no vector for.

        `paths` are added to the collection's sources (a path none of whose files can be read is not, and if
        every path is like that nothing changes and ReadError says why); files that vanished from a source
        folder, or sources that vanished, drop out. Safe to kill: readers keep the last commit, and the next
        run finishes the job. A second ingest of the same collection waits, or with wait=False raises
        CollectionBusy."""
        if not paths and self.settings.collection != "default" and not self.store.exists():
            raise self.store.unknown()  # nothing to create it from
        accepted, rejected = self._check_given(paths or [])
        try:
            with self.store.writer(wait=wait, notify=_say if progress else None) as writer:
                default = [SHIPPED_ABSTRACTS] if self.settings.collection == "default" else []
                sources = writer.request(accepted, default)  # intent first, before any work
                report = self._sync(writer, sources, progress)
                if isinstance(self.embedder, LocalEmbedder):
                    self.embedder.export()  # once per home: later processes then embed questions without torch
        except (OSError, sqlite3.OperationalError) as err:
            if not disk_full(err):
                raise
            raise StoreError(
                f"the disk holding {self.settings.home} is full ({err}); the last commit is intact: free some space "
                "and run the same ingest again to finish"
            ) from None
        report.warnings = rejected + report.warnings
        return report

    def _check_given(self, paths: list[Path]) -> tuple[list[Path], list[str]]:
        """Check the newly given paths before anything changes: accept those with a file that holds a paper (and
        those that are sources already). Returns the accepted paths and the rejections. A file is read only up
        to its first paper here: the ingest reads it whole."""
        readers.expand(paths)  # a missing path is an error before anything changes
        known = set(self.store.requested()) if paths and self.store.exists() else set()
        accepted = [p.resolve() for p in paths if p.resolve() in known]
        rejected: list[str] = []
        for path in paths:
            if path.resolve() in known:
                continue
            files = readers.expand([path])
            problems = [readers.problem(file, self.limits) for file in files]
            if not files:
                rejected.append(f"{path}: no files in this folder")
            elif all(problems):
                rejected += [str(p) for p in problems]
            else:
                accepted.append(path.resolve())
        if paths and not accepted:
            raise ReadError("nothing was ingested: " + "; ".join(rejected))
        return accepted, rejected

    def _sync(self, writer: Writer, sources: list[Path], progress: bool) -> IngestReport:
        missing = [f"{s}: no longer exists; its papers are removed from the index" for s in sources if not s.exists()]
        present = [s for s in sources if s.exists()]
        name = self.embedder.name
        stats = _stats(readers.expand(present))
        fingerprint = _fingerprint(stats, name)
        vectors = self.store.vectors(name, create=True)
        assert vectors is not None  # created if missing
        last = writer.last
        same = (last.fingerprint, last.sources, last.embed_model) == (fingerprint, [str(s) for s in sources], name)
        unchanged = last.version > 0 and same and last.chunking == self.chunking
        bm25 = self._bm25(last)  # None when missing or damaged: built again below
        if unchanged and vectors.count() == last.chunks and bm25 is not None:  # nothing to do
            return IngestReport(papers=last.papers, chunks=last.chunks, files=last.files,
                                warnings=missing + last.warnings)
        stage = writer.stage()
        loaded = self._read(writer, stage, present, stats)
        report = IngestReport(papers=len(stage), files=[str(f) for f in loaded.files],
                              warnings=missing + loaded.warnings, merged=loaded.merged)
        settled, removed = self._unchanged(writer, vectors, stage)
        wanted, stale = self._sync_vectors(vectors, stage, report, progress, settled, removed, last.chunks)
        texts = stage.texts()
        digest = bm25_digest(texts)
        if digest == last.bm25_digest and bm25 is not None:
            generation, added = last.generation, last.added
        else:
            generation, added = writer.publish_bm25(stage, texts, bm25)
        writer.commit(Commit(
            embed_model=name, sources=[str(s) for s in sources], generation=generation, added=added,
            bm25_digest=digest, fingerprint=fingerprint, stats=stats, papers=report.papers, chunks=report.chunks,
            chunking=self.chunking, files=report.files, warnings=loaded.warnings,
        ), stage, chunks=(wanted, stale))
        report.removed = self._remove_vectors(vectors, stale)
        return report

    def _read(self, writer: Writer, stage: Stage, present: list[Path], stats: dict[str, str]) -> readers.LoadResult:
        """Stage every paper of the sources, one per work, a record at a time. When files were only added since
        the last commit (every file it read is there, unchanged), the papers of the others are its records:
        adding 100 papers to 200k then parses 100 abstracts, not 200k."""
        last = writer.last
        added = [path for path in stats if path not in last.stats]
        works = Works(stage)
        result = readers.LoadResult(papers=[])
        files = readers.expand(present)
        if last.stats and added and all(stats.get(path) == stat for path, stat in last.stats.items()):
            for paper in stage.committed():
                works.know(paper)
            result.warnings, result.files = list(last.warnings), [Path(f) for f in last.files]
            files = [Path(path) for path in added]
        readers.read_into(works, files, self.limits, result)
        stage.flush()
        return result

    def _bm25(self, commit: Commit) -> Bm25 | None:
        """The committed BM25 index, or None when it cannot be read (a damaged or deleted one is built again)."""
        try:
            return self.store.bm25(commit)
        except StoreError:
            return None

    def _unchanged(self, writer: Writer, vectors: ChunkVectors, stage: Stage) -> tuple[set[str], list[str]]:
        """Papers whose chunks need no second look — committed with this very record, model and chunking, in a
        vector store holding exactly the committed chunks (so nothing half-written by a killed run hides there)
        — and the committed papers that are gone. Adding 100 papers to 200k then chunks and reads back 100, not
        200k. Nothing is trusted (every chunk is checked) when the store does not match the commit."""
        last = writer.last
        trusted = last.version > 0 and last.embed_model == self.embedder.name and last.chunking == self.chunking
        if not trusted or vectors.count() != last.chunks:
            return set(), []
        return stage.settled()

    def _sync_vectors(
        self, vectors: ChunkVectors, stage: Stage, report: IngestReport, progress: bool,
        unchanged: set[str], removed: list[str], committed: int,
    ) -> tuple[set[str], list[str]]:
        """Give every chunk of the staged papers its vector, a batch at a time (memory stays flat however many
        papers); return the ids of their chunks, and of the stored chunks no paper has any more. Papers in
        `unchanged` are skipped: only the chunks of the other papers and of the `removed` ones are read back
        from the store."""
        batch = min(UPSERT_BATCH, self.store.chroma.max_batch)
        ids = stage.ids()
        todo_ids = [pid for pid in ids if pid not in unchanged]
        if unchanged:
            have = vectors.hashes(todo_ids + removed)
            kept = committed - len(have)  # the unchanged papers' chunks, all committed and all in the store
        else:
            have, kept = vectors.hashes(), 0
        cache = self.store.embedding_cache()
        wanted: set[str] = set()
        todo: list[Chunk] = []
        sentences: dict[str, str] = {}
        with _progress(len(ids), "Embedding abstracts", progress) as bar:
            bar(len(ids) - len(todo_ids))
            for paper in stage.papers(todo_ids if unchanged else None):
                for chunk in iter_chunks([paper], self.embedder.name):
                    wanted.add(chunk.id)
                    if have.get(chunk.id) != chunk.hash:
                        todo.append(chunk)
                if self.settings.keep_sentences:
                    quoted = split(paper.abstract) or [paper.abstract]  # what an answer reads of it (evidence.py)
                    sentences |= {EmbeddingCache.key(self.embedder.name, s): s for s in quoted}
                if len(todo) >= batch:
                    self._store_batch(vectors, cache, todo, report)
                    todo = []
                if len(sentences) >= batch:
                    report.sentences += self._vectors(cache, sentences)[1]
                    sentences = {}
                bar(1)
            if todo:
                self._store_batch(vectors, cache, todo, report)
            if sentences:
                report.sentences += self._vectors(cache, sentences)[1]
        report.chunks = kept + len(wanted)
        return wanted, [i for i in have if i not in wanted]

    def _store_batch(
        self, vectors: ChunkVectors, cache: EmbeddingCache, chunks: list[Chunk], report: IngestReport
    ) -> None:
        """Vectors of the chunks (from the cache or the model) into Chroma. A killed run keeps every batch it
        finished, and the cache keeps what it embedded."""
        found, embedded = self._vectors(cache, {c.hash: c.text for c in chunks})
        vectors.upsert(chunks, np.stack([found[c.hash] for c in chunks]))
        report.embedded += embedded
        report.cached += len(chunks) - embedded

    def _vectors(self, cache: EmbeddingCache, texts: dict[str, str]) -> tuple[dict[str, np.ndarray], int]:
        """Vectors of `texts` (by hash) from the cache, or from the model and then into the cache; and how many
        the model embedded."""
        name = self.embedder.name
        found = self._same_length(cache.get_many(name, list(texts), self._dimension))
        embedded = 0
        while lacking := [digest for digest in texts if digest not in found]:
            fresh = dict(zip(lacking, self.embedder.embed([texts[d] for d in lacking]), strict=True))
            self._dimension = len(next(iter(fresh.values())))  # the model's length is the truth
            cache.put_many(name, fresh)
            found = self._same_length(found) | fresh
            embedded += len(lacking)
        return found, embedded

    def _same_length(self, found: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """The cached vectors of the embedder's length (known once it has embedded; until then the length most
        of them have): a vector of another length is damaged, and is embedded again."""
        if not found:
            return found
        if self._dimension is None:
            self._dimension = Counter(len(v) for v in found.values()).most_common(1)[0][0]
        return {digest: v for digest, v in found.items() if len(v) == self._dimension}

    @staticmethod
    def _remove_vectors(vectors: ChunkVectors, ids: list[str]) -> int:
        vectors.delete(ids)
        return len(ids)


@contextmanager
def _progress(total: int, label: str, show: bool) -> Iterator[Any]:
    if not show or total == 0:
        yield lambda n: None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=label, unit="paper") as bar:
        yield bar.update

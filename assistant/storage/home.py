"""The data folder (ASSISTANT_HOME) and the name of everything in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Home:
    path: Path

    @property
    def collections(self) -> Path:
        """One folder per collection (assistant.storage.store)."""
        return self.path / "collections"

    @property
    def chroma(self) -> Path:
        """The embedded Chroma store of every collection's chunk vectors (unless ASSISTANT_CHROMA_URL is set)."""
        return self.path / "chroma"

    @property
    def embeddings(self) -> Path:
        """The embedding cache, shared by every collection (assistant.storage.cache)."""
        return self.path / "embeddings.sqlite"

    @property
    def models(self) -> Path:
        """Model files made here: the ONNX export of the bundled MiniLM."""
        return self.path / "models"

    @property
    def history(self) -> Path:
        """The answer log (assistant.storage.history)."""
        return self.path / "history.db"

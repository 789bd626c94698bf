"""What an ingest publishes (Commit) and what a reader reads of it (Snapshot): the store's records."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from .shelf import Shelf


class Commit(BaseModel):
    """What the last finished ingest published; readers answer from exactly this."""

    version: int = Field(0, description="Number of commits so far; 0: never built.")
    embed_model: str | None = Field(None, description="Model whose vectors the commit's chunks have.")
    sources: list[str] = Field(default_factory=list, description="Requested sources the commit was made from.")
    generation: str | None = Field(None, description="Folder of the whole BM25 index under generations/.")
    added: str | None = Field(None, description="Folder of the BM25 segment of papers added since, if any.")
    bm25_digest: str = Field("", description="Hash of the texts the BM25 generation indexes.")
    fingerprint: str = Field("", description="Paths, sizes and times of the source files read.")
    stats: dict[str, str] = Field(default_factory=dict, description="Size and time of each source file read.")
    papers: int = 0
    chunks: int = 0
    chunking: str = Field("", description="How the chunks were cut (tokens/overlap); another cut re-chunks all.")
    files: list[str] = Field(default_factory=list, description="Files read into the commit.")
    warnings: list[str] = Field(default_factory=list, description="What went wrong reading them.")


@dataclass(frozen=True)
class Snapshot:
    """One commit as a reader sees it, read in one transaction."""

    commit: Commit
    papers: Shelf
    requested: list[str]

    def behind(self, embed_model: str) -> bool:
        """True when sources were requested that the commit does not hold yet, or it holds another model's."""
        other_model = self.commit.version > 0 and self.commit.embed_model != embed_model
        return other_model or self.requested != self.commit.sources

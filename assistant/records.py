"""Typed records passed between stages: Paper → Chunk → Hit → Citation/Answer."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from .config import Settings

# Terminal escape sequences (colours, clear screen, window titles, hidden hyperlinks: ESC ] 8 ;; url BEL), other
# control characters, and the invisible marks that reorder text. A paper's text or a model's reply holding them
# could rewrite what a terminal shows.
_UNPRINTABLE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str) -> str:
    """`text` without control characters and escape sequences (newlines and tabs are kept)."""
    return _UNPRINTABLE.sub("", text)


_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV = re.compile(r"^(?:https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:\s*)", re.IGNORECASE)
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?$", re.IGNORECASE)


def doi_of(text: str | None) -> str | None:
    """A DOI as one key: case-folded (DOIs are case-insensitive), without its resolver prefix; None if none."""
    found = _DOI.sub("", (text or "").strip()).strip().lower()
    return found if found.startswith("10.") and "/" in found else None


def arxiv_of(text: str | None) -> str | None:
    """An arXiv id without its version ("2106.09685v2" → "2106.09685"); None when `text` holds none."""
    match = _ARXIV_ID.match(_ARXIV.sub("", (text or "").strip()).strip())
    return match[1] if match else None


def work_keys(doi: str | None, arxiv: str | None) -> list[str]:
    """The keys a work is known by, strongest first ("doi:…", then "arxiv:…"), each in one form: the same work
    read from two files, or fetched twice, has the same keys."""
    keys = [f"doi:{found}"] if (found := doi_of(doi)) else []
    return keys + ([f"arxiv:{found}"] if (found := arxiv_of(arxiv)) else [])


class Identified(BaseModel):
    """A work's identifiers, kept in one form so that the same work read twice is one key."""

    doi: str | None = Field(None, description="DOI, case-folded, without https://doi.org/.")
    arxiv: str | None = Field(None, description="arXiv id without its version.")

    @field_validator("doi", mode="before")
    @classmethod
    def _doi(cls, value: object) -> str | None:
        return doi_of(str(value)) if value else None

    @field_validator("arxiv", mode="before")
    @classmethod
    def _arxiv(cls, value: object) -> str | None:
        return arxiv_of(str(value)) if value else None

    @property
    def link(self) -> str | None:
        """Where the work can be read: its DOI, else its arXiv page."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None


class Paper(Identified):
    id: str
    title: str
    abstract: str
    sources: list[str] = Field(default_factory=list, description="Files (and positions) the paper came from.")
    title_is_derived: bool = Field(False, description="True when the collection gave no title and we made a label.")
    year: int | None = None
    authors: list[str] = Field(default_factory=list, description='"Given Family", in the order of the paper.')
    url: str | None = None


class Chunk(BaseModel):
    id: str
    paper_id: str
    title: str
    text: str
    hash: str


class Hit(BaseModel):
    paper: Paper
    score: float = Field(description="Hybrid score used for ranking (0..1).")
    text: str = Field(description="The paper's chunk that matched the question best.")
    dense: float = Field(0.0, description="Cosine similarity of the best chunk to the question.")
    bm25: float = Field(0.0, description="BM25 score of the paper, normalised by the best one.")


class Citation(Identified):
    n: int
    title: str
    paper_id: str
    snippet: str
    score: float
    support: float | None = Field(None, description="How well the citing sentence is backed by the abstract.")
    weak: bool = False
    title_is_derived: bool = False
    year: int | None = None
    authors: list[str] = Field(default_factory=list)
    url: str | None = None

    @classmethod
    def from_hit(cls, n: int, hit: Hit, snippet: str, support: float | None = None, weak: bool = False) -> Citation:
        """Citation number `n` of the hit's paper, quoting `snippet`; what the paper says of itself (title,
        year, authors, link) is carried along so a reference can be written without the collection."""
        paper = hit.paper
        return cls(
            n=n, title=paper.title, paper_id=paper.id, snippet=snippet, score=hit.score, support=support,
            weak=weak, title_is_derived=paper.title_is_derived, year=paper.year, authors=paper.authors,
            url=paper.url, doi=paper.doi, arxiv=paper.arxiv,
        )


class Related(BaseModel):
    """A paper close to the question, offered as further reading; it supports no claim of the answer."""

    title: str
    paper_id: str
    similarity: float = Field(description="Cosine similarity of the paper's best chunk to the question.")


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0


class Answer(BaseModel):
    question: str
    text: str
    citations: list[Citation] = Field(default_factory=list)
    abstained: bool = Field(False, description="Declined: nothing in the collection is close to the question.")
    hedged: bool = Field(
        False, description="The closest passages are shown, but the evidence does not show that they answer."
    )
    mode: Literal["llm", "extractive"] = "extractive"
    usage: Usage = Field(default_factory=Usage)
    hits: list[Hit] = Field(default_factory=list, description="Everything retrieved, cited or not.")
    notice: str | None = Field(None, description="Something the user should know, e.g. the LLM failed.")
    dropped_citations: list[int] = Field(default_factory=list)
    grounded: bool = True
    related: list[Related] = Field(
        default_factory=list, description="Closest papers when the answer declines: related reading, not citations."
    )
    missing: list[str] = Field(default_factory=list, description="Terms of the question no paper covers.")


class MadeWith(BaseModel):
    """The settings an answer was made with, so it can be reproduced or compared later."""

    model: str | None = Field(description="The chat model that wrote it; None for an extractive answer.")
    k: int = Field(description="Papers retrieved.")
    mode: str = Field(description="The answer mode asked for (auto, extractive or llm).")
    embed_model: str
    collection: str

    @classmethod
    def of(cls, answer: Answer, settings: Settings, k: int | None = None) -> MadeWith:
        return cls(
            model=settings.model if answer.mode == "llm" else None,
            k=k or settings.k,
            mode=settings.mode,
            embed_model=settings.embed_model,
            collection=settings.collection,
        )


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

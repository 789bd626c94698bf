"""Papers → a browsable library: the collection listed a page at a time, sorted by title or by source file,
optionally only the papers of one file."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, Protocol

from pydantic import BaseModel, Field

from ..errors import CatalogError
from ..records import Paper

Sort = Literal["title", "source"]
SORTS: tuple[Sort, ...] = ("title", "source")
PER_PAGE = 25


class Listing(BaseModel):
    """One page of the library."""

    papers: list[Paper]
    total: int = Field(description="Papers that match, on all pages.")
    page: int
    pages: int
    per_page: int
    sort: Sort
    source: str | None = None

    @property
    def first(self) -> int:
        """Position of the page's first paper, counting from 1 (0 when the page is empty)."""
        return (self.page - 1) * self.per_page + 1 if self.papers else 0

    @property
    def heading(self) -> str:
        scope = f" from {self.source}" if self.source else ""
        if not self.papers:
            return f"No papers{scope}."
        last = self.first + len(self.papers) - 1
        return (f"Papers {self.first}–{last} of {self.total}{scope}, by {self.sort} "
                f"(page {self.page} of {self.pages})")


def source_file(source: str) -> str:
    """'002_e5389ca53ba50cdd.txt#12' → '002_e5389ca53ba50cdd.txt'."""
    return source.split("#", 1)[0]


class Listed(Protocol):
    """What a listing sorts and filters by: a Paper, or the outline of one (storage.shelf.Outline)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def sources(self) -> list[str]: ...


def source_files(papers: Iterable[Listed]) -> list[str]:
    return sorted({source_file(s) for p in papers for s in p.sources})


def _place(source: str) -> tuple[str, int]:
    """Where a source points: its file, then the position in it ('#12'), so #9 comes before #10."""
    name, _, position = source.partition("#")
    found = re.match(r"\d+", position)
    return name, int(found.group()) if found else 0


def _key(sort: Sort) -> Callable[[Listed], tuple[str, int | str]]:
    if sort == "source":
        return lambda p: min((_place(s) for s in p.sources), default=("", 0))
    return lambda p: (p.title.casefold(), p.id)


def browse(
    papers: Sequence[Listed], sort: Sort = "title", source: str | None = None, page: int = 1,
    per_page: int = PER_PAGE, read: Callable[[list[str]], dict[str, Paper]] | None = None,
) -> Listing:
    """Page `page` (from 1) of the papers, sorted; with `source`, only the papers from that file. `read` gives
    the page's papers by id when `papers` are outlines (a large collection is listed without its abstracts)."""
    if sort not in SORTS:
        raise CatalogError(f"cannot sort by {sort!r}; use one of {', '.join(SORTS)}")
    if source:
        files = source_files(papers)
        if source not in files:
            raise CatalogError(f"no source file named {source!r} in the collection; it has {', '.join(files)}")
        papers = [p for p in papers if any(source_file(s) == source for s in p.sources)]
    per_page = max(1, per_page)
    pages = max(1, math.ceil(len(papers) / per_page))
    if page < 1 or page > pages:
        raise CatalogError(f"there is no page {page}: {len(papers)} papers make {pages} page(s) of {per_page}")
    start = (page - 1) * per_page
    shown = sorted(papers, key=_key(sort))[start : start + per_page]
    found = read([p.id for p in shown]) if read is not None else {}
    listed = [p if isinstance(p, Paper) else found[p.id] for p in shown]
    return Listing(papers=listed, total=len(papers), page=page, pages=pages,
                   per_page=per_page, sort=sort, source=source or None)

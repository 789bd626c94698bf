"""One paper per work: the keys a work is known by (DOI, arXiv id, its own id, its title) and the merging of the
copies of a work that several files, formats or entries hold."""

from __future__ import annotations

import hashlib
import re
from collections.abc import MutableMapping

from ..records import Paper, work_keys


def normalise(text: str) -> str:
    """Key for matching the same title or abstract across files: case, punctuation and spacing ignored."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def paper_id(title: str, abstract: str, derived: bool) -> str:
    key = normalise(abstract if derived else title)
    return ("u-" if derived else "p-") + hashlib.sha1(key.encode()).hexdigest()[:12]


def _merge_keys(paper: Paper) -> list[str]:
    """The keys a work is known by, strongest first: its DOI, its arXiv id, then its record's own id (BEIR has
    distinct papers titled "Summary") or else its title (for an untitled abstract, its text)."""
    keys = work_keys(paper.doi, paper.arxiv)
    if paper.id != paper_id(paper.title, paper.abstract, paper.title_is_derived):
        return [*keys, f"id:{paper.id}"]
    return [*keys, "title:" + normalise(paper.abstract if paper.title_is_derived else paper.title)]


def _same_work(first: Paper, other: Paper, key: str) -> bool:
    """A match by title is a match when the years and the DOIs do not differ (a title alone is weaker)."""
    if not key.startswith("title:"):
        return True
    years = first.year and other.year and first.year != other.year
    dois = first.doi and other.doi and first.doi != other.doi
    return not (years or dois)


class Works:
    """One record per work, as entries arrive: matched by DOI, then arXiv id, then title and year, the same work
    found again adds its sources and fills in what the first copy lacked (identifiers, year, authors, link, a
    fuller abstract). The records live in `papers` (a dict, or the store's staging table at scale); only the
    keys they are known by are held here."""

    def __init__(self, papers: MutableMapping[str, Paper]) -> None:
        self.papers = papers
        self.by_key: dict[str, str] = {}
        self.merged = 0  # entries that were a work added already

    def know(self, paper: Paper) -> None:
        """A work added before (by an earlier ingest), held by `papers` already."""
        self.by_key |= {k: paper.id for k in _merge_keys(paper) if k not in self.by_key}

    def add(self, paper: Paper) -> None:
        keys = _merge_keys(paper)
        held = [(self.by_key[k], k) for k in keys if k in self.by_key]
        known = next((pid for pid, k in held if _same_work(self.papers[pid], paper, k)), None)
        if known is None:
            if paper.id in self.papers:  # the same title but another work: an id of its own
                own = hashlib.sha1(str(keys).encode()).hexdigest()[:6]
                paper = paper.model_copy(update={"id": f"{paper.id}-{own}"})
            self.papers[paper.id] = paper
            self.by_key |= {k: paper.id for k in keys if k not in self.by_key}
            return
        joined = _fill(self.papers[known], paper)
        self.papers[known] = joined
        self.know(joined)
        self.merged += 1


def _fill(first: Paper, other: Paper) -> Paper:
    """`first` with what `other`, a copy of the same work, adds to it."""
    fill: dict[str, object] = {"sources": first.sources + [s for s in other.sources if s not in first.sources]}
    if len(other.abstract) > len(first.abstract):  # keep the fullest copy of the abstract
        fill["abstract"] = other.abstract
    for name in ("doi", "arxiv", "year", "url"):
        if getattr(first, name) is None:
            fill[name] = getattr(other, name)
    fill["authors"] = first.authors or other.authors
    if first.title_is_derived and not other.title_is_derived:
        fill |= {"title": other.title, "title_is_derived": False}
    return first.model_copy(update=fill)

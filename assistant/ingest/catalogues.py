"""The open catalogues' formats, read into the JSONL line format: arXiv's API answers in an Atom feed, OpenAlex in
JSON work objects. Pure functions, no network: `fetch` gets the text and these read it, and the readers use the same
two to read a saved arXiv feed (.xml) or an OpenAlex dump (.json/.jsonl) from a file.

A record is what one line of a fetched JSONL file holds: title, abstract, authors, year, doi, arxiv and url, with
the identifiers in one form (records.doi_of / arxiv_of), so the same work read twice is recognised."""

from __future__ import annotations

from typing import Any, TypedDict

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ..errors import ReadError
from ..records import arxiv_of, doi_of

# The three namespaces of arXiv's feed: Atom itself, OpenSearch's counts and arXiv's own fields.
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
    "arxiv": "http://arxiv.org/schemas/atom",
}
_ARXIV_DOI = "10.48550/arxiv."  # the DOI arXiv gives every paper: 10.48550/arXiv.2106.09685


class Record(TypedDict):
    """One work as a line of a fetched JSONL file (the JSONL reader's keys)."""

    title: str
    abstract: str
    authors: list[str]
    year: int | None
    doi: str | None
    arxiv: str | None
    url: str | None


def one_line(text: str | None) -> str:
    """Feeds wrap titles and abstracts over several lines, indented: one line, single spaces."""
    return " ".join((text or "").split())


def arxiv_feed(xml_text: str | bytes) -> tuple[list[Record], int]:
    """The works of one page of arXiv's API answer (`export.arxiv.org/api/query`), in order, and the number of
    results the query has in all (`opensearch:totalResults`; the page's own count when the feed has none). Entries
    without an abstract are left out. Parsed with defusedxml: the feed comes from outside, and an entity bomb
    must not expand. ReadError when the text is not an Atom feed, or when arXiv answered with an error entry
    (a malformed query or id: `<id>http://arxiv.org/api/errors#…`), whose message it carries."""
    try:
        root = ElementTree.fromstring(xml_text)
    except (ElementTree.ParseError, DefusedXmlException) as err:
        raise ReadError(f"not an arXiv Atom feed ({err})") from None
    if root.tag != f"{{{NS['atom']}}}feed":
        raise ReadError(f"not an arXiv Atom feed (its root is <{root.tag}>, not an Atom <feed>)")
    records = []
    for entry in root.findall("atom:entry", NS):
        if "/api/errors" in (entry.findtext("atom:id", "", NS)):
            raise ReadError(f"arXiv answered with an error: {one_line(entry.findtext('atom:summary', '', NS))}")
        record = _arxiv_entry(entry)
        if record is not None:
            records.append(record)
    total = one_line(root.findtext("opensearch:totalResults", "", NS))
    return records, int(total) if total.isdigit() else len(records)


def _arxiv_entry(entry: Any) -> Record | None:
    abstract = one_line(entry.findtext("atom:summary", "", NS))
    if not abstract:
        return None
    arxiv = arxiv_of(entry.findtext("atom:id", "", NS))
    published = one_line(entry.findtext("atom:published", "", NS))
    page = next((link.get("href") for link in entry.findall("atom:link", NS) if link.get("rel") == "alternate"), None)
    return Record(
        title=one_line(entry.findtext("atom:title", "", NS)),
        abstract=abstract,
        authors=[name for a in entry.findall("atom:author", NS) if (name := one_line(a.findtext("atom:name", "", NS)))],
        year=int(published[:4]) if published[:4].isdigit() else None,
        doi=doi_of(entry.findtext("arxiv:doi", "", NS)),
        arxiv=arxiv,
        url=page or (f"https://arxiv.org/abs/{arxiv}" if arxiv else None),
    )


def openalex_work(work: dict[str, Any]) -> Record | None:
    """One OpenAlex work object (an item of `results` in `api.openalex.org/works`, or a line of a snapshot) as a
    record; None when it has no abstract, which OpenAlex gives only as an inverted index (word → positions). Its
    arXiv id is found in a location on arxiv.org or in arXiv's own DOI (10.48550/arXiv.…)."""
    abstract = inverted_abstract(work.get("abstract_inverted_index"))
    if not abstract:
        return None
    doi = doi_of(work.get("doi"))
    year = work.get("publication_year")
    primary = work.get("primary_location") or {}
    return Record(
        title=one_line(work.get("title") or work.get("display_name")),
        abstract=abstract,
        authors=[
            name for a in work.get("authorships") or [] if (name := one_line(((a or {}).get("author") or {}).get(
                "display_name")))
        ],
        year=year if isinstance(year, int) and not isinstance(year, bool) else None,
        doi=doi,
        arxiv=_openalex_arxiv(work, doi),
        url=f"https://doi.org/{doi}" if doi else primary.get("landing_page_url"),
    )


def inverted_abstract(index: object) -> str:
    """The abstract rebuilt from OpenAlex's inverted index: each word put back at its positions."""
    if not isinstance(index, dict):
        return ""
    placed = {
        position: str(word) for word, positions in index.items() if isinstance(positions, list)
        for position in positions if isinstance(position, int)
    }
    return one_line(" ".join(placed[p] for p in sorted(placed)))


def arxiv_of_doi(doi: str | None) -> str | None:
    """The arXiv id in the DOI arXiv gives every paper (10.48550/arXiv.2106.09685); None for any other DOI."""
    return arxiv_of(doi[len(_ARXIV_DOI):]) if doi and doi.startswith(_ARXIV_DOI) else None


def _openalex_arxiv(work: dict[str, Any], doi: str | None) -> str | None:
    if found := arxiv_of_doi(doi):
        return found
    places = [*(work.get("locations") or []), work.get("primary_location"), work.get("best_oa_location")]
    for place in places:
        for url in [(place or {}).get("landing_page_url"), (place or {}).get("pdf_url")]:
            if isinstance(url, str) and "arxiv.org/" in url and (found := arxiv_of(url)):
                return found
    return None

"""Reference-manager exports and catalogue dumps → records: BibTeX/BibLaTeX, RIS, CSL-JSON, Zotero's own
`zotero.sqlite`, OpenAlex works and arXiv's Atom feed. Each reader turns its entries into the JSONL line format
(title, abstract, authors as "Given Family", year, doi, arxiv, url) and names every entry it cannot read, so
`readers` builds papers from all of them the same way. The parsing is the well-kept libraries' (bibtexparser,
pylatexenc, rispy); what is here maps their fields."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ReadError
from ..records import arxiv_of
from .catalogues import arxiv_feed, one_line, openalex_work

Entry = dict[str, Any]  # one work in the JSONL line format, plus "where" (a key or a line) for messages
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_ARXIV_NOTE = re.compile(r"arxiv[:\s]*(?:abs/)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z.-]+/\d{7})", re.IGNORECASE)
_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def year_in(*texts: object) -> int | None:
    """The first year any of `texts` holds ("2021", "2021-03-01", "March 2021")."""
    for text in texts:
        if isinstance(text, int) and not isinstance(text, bool):
            return text
        if text and (match := _YEAR.search(str(text))):
            return int(match[1])
    return None


def arxiv_in(*texts: object) -> str | None:
    """An arXiv id found in notes, numbers or links ("arXiv: 2106.09685", "arXiv:2106.09685v2", an abs link)."""
    for text in texts:
        if isinstance(text, str) and (match := _ARXIV_NOTE.search(text) or re.search(r"arxiv\.org/abs/(\S+)", text)):
            if found := arxiv_of(match[1]):
                return found
    return None


# --- BibTeX / BibLaTeX ------------------------------------------------------------------------------------------
_ESCAPED = re.compile(r"\\([%&_#])")
_LATEX = re.compile(r"[\\{}$~]|--|``|''")


def _latex(text: str) -> str:
    """LaTeX to Unicode: accents, \\&, {Protected} words, simple math ($k$ → k). Most abstracts hold at most an
    escaped % or &, and pylatexenc takes milliseconds a field: text with nothing more skips it."""
    plain = _ESCAPED.sub(r"\1", text)
    if not _LATEX.search(plain):
        return one_line(plain)
    return one_line(_decoder().latex_to_text(text))


@cache
def _decoder() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text")


def _bib_name(name: Any) -> str:
    """bibtexparser's NameParts as "Given von Family, Jr.", each part decoded; a {Corporate Name} stays whole."""
    parts = [" ".join(name.first), " ".join(name.von), " ".join(name.last)]
    full = " ".join(p for p in parts if p)
    return _latex(f"{full}, {' '.join(name.jr)}" if name.jr else full)


def bibtex_entries(text: str) -> tuple[list[Entry], list[str]]:
    """The entries of a .bib file, and a note for each block bibtexparser could not parse (by key or line)."""
    import bibtexparser
    from bibtexparser import middlewares

    logging.getLogger("bibtexparser").setLevel(logging.ERROR)  # what it warns of is in `notes`, one line each
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    )
    notes = [f"entry at line {(b.start_line or 0) + 1}{_bib_key(b)} is not valid BibTeX; skipped"
             for b in library.failed_blocks]
    return [_bib_entry(entry.key, {f.key.lower(): f.value for f in entry.fields}) for entry in library.entries], notes


def _bib_entry(key: str, fields: dict[str, Any]) -> Entry:
    archive = str(fields.get("archiveprefix", "arxiv")).lower()
    eprint = str(fields.get("eprint") or "") if "arxiv" in archive else ""
    return {
        "where": key, "title": _latex(str(fields.get("title") or "")),
        "abstract": _latex(str(fields.get("abstract") or "")),
        "authors": [_bib_name(n) for n in fields.get("author") or [] if not isinstance(n, str)],
        "year": year_in(fields.get("year"), fields.get("date")), "doi": fields.get("doi"),
        "arxiv": arxiv_of(eprint) or arxiv_in(fields.get("note"), fields.get("journal"), fields.get("url")),
        "url": fields.get("url"),
    }


def _bib_key(block: Any) -> str:
    key = getattr(block, "key", None)
    return f" ({key}: a second entry with this key)" if key else ""


# --- RIS ----------------------------------------------------------------------------------------------------------
_WRAPPED = {"AB", "N2", "N1", "TI", "T1"}  # the long text fields some tools wrap onto further lines


def ris_entries(text: str) -> tuple[list[Entry], list[str]]:
    """The records of an .ris file, each from its `TY` line to its `ER` line. A line that is no tag (`XX  - …`)
    continues an abstract, a note or a title that a tool wrapped; anywhere else it makes its record malformed,
    and the record is skipped and named by line, never glued into a field."""
    import rispy

    entries: list[Entry] = []
    notes: list[str] = []
    for start, numbered in _ris_records(text, notes):
        lines, bad = _unwrapped(numbered)
        if bad is not None:
            notes.append(f"record at line {start}: line {bad} is not an RIS tag line; skipped")
            continue
        [record] = rispy.loads("\n".join([*lines, "ER  - "]))
        title = record.get("title") or record.get("primary_title") or ""
        authors = record.get("authors") or record.get("first_authors") or []
        urls = record.get("urls") or []
        entries.append({
            "where": f"line {start}", "title": one_line(title),
            "abstract": one_line(record.get("abstract") or record.get("notes_abstract")),
            "authors": [_given_family(a) for a in authors],
            "year": year_in(record.get("year"), record.get("publication_year"), record.get("date")),
            "doi": record.get("doi"), "arxiv": arxiv_in(*urls, *(record.get("notes") or [])),
            "url": urls[0] if urls else None,
        })
    return entries, notes


def _unwrapped(numbered: list[tuple[int, str]]) -> tuple[list[str], int | None]:
    """The record's tag lines with wrapped text joined back; or the number of its first line that is neither."""
    lines: list[str] = []
    for number, line in numbered:
        if _RIS_TAG.match(line):
            lines.append(line)
        elif lines and lines[-1][:2] in _WRAPPED:
            lines[-1] += " " + line.strip()
        else:
            return [], number
    return lines, None


def _ris_records(text: str, notes: list[str]) -> Iterator[tuple[int, list[tuple[int, str]]]]:
    """(first line number, its numbered lines) of each record; a record cut off by the next `TY` is noted and
    kept."""
    start, lines = 0, list[tuple[int, str]]()
    for number, line in enumerate(text.splitlines(), 1):
        line = line.rstrip()
        if line.startswith("TY  -"):
            if lines:
                notes.append(f"record at line {start} has no `ER  -` line before the next record; read as ended")
                yield start, lines
            start, lines = number, [(number, line)]
        elif line.startswith("ER  -"):
            if lines:
                yield start, lines
            lines = []
        elif line and lines:
            lines.append((number, line))
    if lines:
        notes.append(f"record at line {start} has no `ER  -` line; read as ended")
        yield start, lines


def _given_family(name: str) -> str:
    """RIS and Zotero write "Family, Given"; a name without a comma (a corporate author) stays as it is."""
    family, comma, given = name.partition(",")
    return one_line(f"{given} {family}" if comma else name)


# --- CSL-JSON and OpenAlex ------------------------------------------------------------------------------------------
def json_entries(text: str) -> tuple[list[Entry], list[str]]:
    """A .json file: CSL-JSON (a list of items, what Zotero, Mendeley and Better BibTeX export), an OpenAlex
    works page (`{"results": [...]}`) or a list of OpenAlex works."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise ReadError(f"not valid JSON ({type(err).__name__})") from None
    items = data.get("results") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ReadError("a .json file holds a list of CSL-JSON items or OpenAlex works (or a page of them)")
    entries: list[Entry] = []
    notes: list[str] = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            notes.append(f"item {number} is not a JSON object; skipped")
        elif "abstract_inverted_index" in item or "authorships" in item:
            entries.append({"where": f"item {number}", **(openalex_work(item) or {"title": item.get("title")})})
        else:
            entries.append(_csl_entry(item, number))
    return entries, notes


def _csl_entry(item: dict[str, Any], number: int) -> Entry:
    issued = item.get("issued") or {}
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    year = year_in(parts[0][0] if parts and parts[0] else None, issued.get("raw") if isinstance(issued, dict) else "")
    return {
        "where": f"item {number}", "title": one_line(str(item.get("title") or "")),
        "abstract": one_line(str(item.get("abstract") or "")),
        "authors": [_csl_name(a) for a in item.get("author") or [] if isinstance(a, dict)],
        "year": year, "doi": item.get("DOI"), "url": item.get("URL"),
        "arxiv": arxiv_in(item.get("number"), item.get("note"), item.get("URL"), item.get("archive_location")),
    }


def _csl_name(name: dict[str, Any]) -> str:
    if name.get("literal"):
        return one_line(str(name["literal"]))
    keys = ("given", "dropping-particle", "non-dropping-particle", "family")
    full = " ".join(str(name[k]) for k in keys if name.get(k))
    return one_line(f"{full}, {name['suffix']}" if name.get("suffix") else full)


def atom_entries(text: str) -> tuple[list[Entry], list[str]]:
    """A saved arXiv API answer (.xml/.atom)."""
    records, _ = arxiv_feed(text)
    return [{"where": f"entry {n}", **r} for n, r in enumerate(records, 1)], []


# --- Zotero's own database ----------------------------------------------------------------------------------------
_ZOTERO_ITEMS = """
SELECT i.itemID, f.fieldName, v.value FROM items i
JOIN itemTypes t ON t.itemTypeID = i.itemTypeID
JOIN itemData d ON d.itemID = i.itemID JOIN {fields} f ON f.fieldID = d.fieldID
JOIN itemDataValues v ON v.valueID = d.valueID
WHERE t.typeName NOT IN ('attachment', 'note', 'annotation')
  AND i.itemID NOT IN (SELECT itemID FROM deletedItems)
ORDER BY i.itemID"""
_ZOTERO_CREATORS = """
SELECT ic.itemID, c.firstName, c.lastName FROM itemCreators ic JOIN creators c ON c.creatorID = ic.creatorID
ORDER BY ic.itemID, ic.orderIndex"""


def zotero_entries(path: Path) -> tuple[list[Entry], list[str]]:
    """The items of a Zotero library, read without writing and safely while Zotero runs: opened immutable, so
    SQLite takes no lock and needs no journal. Attachments, notes and items in the trash are left out."""
    try:
        with closing(sqlite3.connect(f"{path.absolute().as_uri()}?immutable=1", uri=True)) as db:
            names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            fields = "fieldsCombined" if "fieldsCombined" in names else "fields"
            rows = db.execute(_ZOTERO_ITEMS.format(fields=fields)).fetchall()
            creators = db.execute(_ZOTERO_CREATORS).fetchall()
    except sqlite3.DatabaseError as err:
        raise ReadError(f"not a Zotero library ({err})") from None
    items: dict[int, dict[str, str]] = {}
    for item, field, value in rows:
        items.setdefault(item, {})[field] = str(value)
    authors: dict[int, list[str]] = {}
    for item, first, last in creators:
        authors.setdefault(item, []).append(one_line(f"{first or ''} {last or ''}"))
    return [_zotero_entry(item, fields, authors.get(item, [])) for item, fields in items.items()], []


def _zotero_entry(item: int, fields: dict[str, str], authors: list[str]) -> Entry:
    return {
        "where": f"item {item}", "title": one_line(fields.get("title")),
        "abstract": one_line(fields.get("abstractNote")), "authors": authors,
        "year": year_in(fields.get("date")), "doi": fields.get("DOI"), "url": fields.get("url"),
        "arxiv": arxiv_in(fields.get("archiveID"), fields.get("extra"), fields.get("url")),
    }

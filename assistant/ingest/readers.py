"""Files → papers: one small reader per layout (reference-manager exports and catalogue dumps in `references`);
the copies of a work that several files hold become one paper (`works`)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import MissingPath, ReadError
from ..records import Paper, arxiv_of, doi_of, printable
from . import references
from .catalogues import openalex_work
from .works import Works, paper_id

# Page chrome of the paper-listing dumps: none of it is a title or an abstract.
_CHROME = re.compile(
    r"^(new|subscribe|get trending papers in your email inbox.*|by\s*ak and the research community"
    r"|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2}(, \d{4})?)$",
    re.IGNORECASE,
)
# "Subscribe" is glued to the first title in some dumps ("SubscribeYou Do Not Fully Utilize …").
_GLUED_SUBSCRIBE = re.compile(r"^Subscribe(?=[A-Z0-9\"'(])")
_ABSTRACT_PREFIX = re.compile(r"^\s*abstract\s*:\s*", re.IGNORECASE)
_LONGEST_TITLE = 300
# Page dumps lose the "&#" of HTML entities for dashes and quotes: "the modelx2013and the data" is "model–and".
_MANGLED_ENTITY = re.compile(r"(?<=[A-Za-z])x(201[0-9a-f]|202[0-6])(?=[A-Za-z])")


@dataclass(frozen=True)
class Limits:
    """What one record may hold (ASSISTANT_MAX_TITLE_CHARS, _MAX_ABSTRACT_CHARS, _MAX_NUMBER_DIGITS): beyond
    them a record is skipped, or its abstract cut, with a warning naming it; the rest of the file is read."""

    title_chars: int = 1_000
    abstract_chars: int = 20_000
    number_digits: int = 4


@dataclass
class LoadResult:
    papers: list[Paper]
    warnings: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    merged: int = 0  # entries that were a work read already (in another file, format or entry)


def untitled_label(group: str, number: int, abstract: str) -> str:
    words = abstract.split()
    opening = " ".join(words[:8]).rstrip(".,;:")
    return f'Untitled abstract ({group} #{number}): "{opening}…"'


def _titled(title: str, abstract: str, source: str) -> Paper:
    title, abstract = " ".join(title.split()), " ".join(abstract.split())
    return Paper(id=paper_id(title, abstract, False), title=title, abstract=abstract, sources=[source])


def _looks_like_abstract(line: str) -> bool:
    return len(line) > _LONGEST_TITLE or len(re.findall(r"[.!?]\s+[A-Z]", line)) >= 2


def read_page_dump(text: str, source: str) -> list[Paper]:
    """A title line, then its abstract line(s); blank lines and page chrome anywhere are skipped."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not _CHROME.match(line)]
    if lines:
        lines[0] = _GLUED_SUBSCRIBE.sub("", lines[0])
    papers: list[Paper] = []
    title: str | None = None
    body: list[str] = []

    def flush() -> None:
        if body:
            if title is None:
                papers.append(_untitled(Path(source).stem, len(papers) + 1, " ".join(body), source))
            else:
                abstract = _MANGLED_ENTITY.sub(lambda m: chr(int(m[1], 16)), " ".join(body))
                papers.append(_titled(title, abstract, f"{source}#{len(papers) + 1}"))

    for line in lines:
        if _looks_like_abstract(line):
            body.append(line)
        else:
            flush()
            title, body = line, []
    flush()
    return papers


def _untitled(group: str, number: int, abstract: str, source: str) -> Paper:
    abstract = " ".join(abstract.split())
    return Paper(
        id=paper_id("", abstract, True),
        title=untitled_label(group, number, abstract),
        abstract=abstract,
        sources=[f"{source}#{number}"],
        title_is_derived=True,
    )


def read_grouped(text: str, source: str) -> list[Paper]:
    """A first line naming the group ("MIT"), then one `Abstract:` line per paper and no titles."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or _ABSTRACT_PREFIX.match(lines[0]):
        raise ReadError("a grouped list starts with a line naming the group, e.g. 'MIT'")
    group, papers = lines[0], list[Paper]()
    for line in lines[1:]:
        if _ABSTRACT_PREFIX.match(line):
            papers.append(_untitled(group, len(papers) + 1, _ABSTRACT_PREFIX.sub("", line), source))
        elif papers:  # an abstract that wrapped onto a second line
            last = papers[-1]
            papers[-1] = _untitled(group, len(papers), f"{last.abstract} {line}", source)
    return [p for p in papers if p.abstract]  # an `Abstract:` line with nothing after it is no paper


def _record_paper(
    record: dict[str, object], source: str, number: int, limits: Limits, notes: list[str]
) -> Paper | None:
    """A JSONL/CSV record: title and abstract (or BEIR's `text`), optional id, year, authors, url, doi and arxiv;
    or an OpenAlex work (a line of a works dump)."""
    if "abstract_inverted_index" in record:
        record = dict(openalex_work(record) or {})
    fields = {str(k).strip().lower(): v for k, v in record.items()}
    abstract = str(fields.get("abstract") or fields.get("text") or "").strip()
    title = str(fields.get("title") or "").strip()
    if not abstract:
        return None
    where = f"{source}#{number}"
    paper = _titled(title, abstract, where) if title else _untitled(Path(source).stem, number, abstract, source)
    own_id = fields.get("_id") or fields.get("id")
    year = str(fields.get("year") or "").strip()
    if len(year) > limits.number_digits:
        notes.append(f"{where}: a year of {len(year):,} characters (ASSISTANT_MAX_NUMBER_DIGITS="
                     f"{limits.number_digits}) is left out")
        year = ""
    authors = fields.get("authors") or []
    if isinstance(authors, str):
        authors = [a.strip() for a in re.split(r";|,| and ", authors) if a.strip()]
    return paper.model_copy(
        update={
            "id": str(own_id).strip() if own_id not in (None, "") else paper.id,
            "year": int(year) if year.isascii() and year.isdigit() else None,  # not "²" or "١٩٩٨"
            "authors": [str(a) for a in authors] if isinstance(authors, list) else [],
            "url": str(fields["url"]) if fields.get("url") else None,
            "doi": doi_of(str(fields.get("doi") or "")),
            "arxiv": arxiv_of(str(fields.get("arxiv") or fields.get("arxiv_id") or "")),
        }
    )


def read_jsonl(text: str, source: str, limits: Limits = Limits(), notes: list[str] | None = None) -> list[Paper]:
    """One record a line; a line that is not a JSON object is skipped with a note (`notes`) naming it."""
    return list(_jsonl(enumerate(text.splitlines(), 1), source, limits, [] if notes is None else notes))


def _jsonl(lines: Iterable[tuple[int, str]], source: str, limits: Limits, skipped: list[str]) -> Iterator[Paper]:
    """The papers of numbered JSON lines, as they are read; ReadError at the end when none had one."""
    found = False
    for number, line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as err:  # also a 5,000-digit number or arrays nested 10,000 deep
            reason = err.msg if isinstance(err, json.JSONDecodeError) else type(err).__name__
            skipped.append(f"line {number} is not valid JSON ({reason}); skipped")
            continue
        if not isinstance(record, dict):
            skipped.append(f"line {number} is not a JSON object; skipped")
            continue
        paper = _record_paper(record, source, number, limits, skipped)
        if paper:
            found = True
            yield paper
    if not found:
        raise ReadError(skipped[0] if skipped else "no record has an 'abstract' (or BEIR 'text') field")


def _lines(file: BinaryIO, skipped: list[str]) -> Iterator[tuple[int, str]]:
    """The numbered lines of a file read a line at a time; a line that is not UTF-8 is skipped with a note."""
    file.seek(0)
    for number, raw in enumerate(file, 1):
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as err:
            skipped.append(f"line {number} is not UTF-8 text (byte {err.start}); skipped")


def read_csv(text: str, source: str, limits: Limits = Limits(), notes: list[str] | None = None) -> list[Paper]:
    reader = csv.DictReader(io.StringIO(text, newline=""))  # the csv module reads \r\n, \r and \n itself
    try:
        columns = {c.strip().lower() for c in reader.fieldnames or []}
        if not columns & {"abstract", "text"}:
            raise ReadError(f"a CSV needs an 'abstract' (or 'text') column; found {sorted(columns)}")
        skipped = [] if notes is None else notes
        papers = [_record_paper(row, source, n, limits, skipped) for n, row in enumerate(reader, 1)]
    except csv.Error as err:  # a NUL byte, a field over the size limit
        raise ReadError(f"line {reader.line_num} is not valid CSV ({err})") from None
    return [p for p in papers if p]


def read_text(text: str, source: str, limits: Limits = Limits(), notes: list[str] | None = None) -> list[Paper]:
    """A .txt file is a grouped list when it holds `Abstract:` lines, else a page dump (neither has numbers to
    limit nor records to skip: `limits` and `notes` are for the readers of records)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if sum(bool(_ABSTRACT_PREFIX.match(line)) for line in lines) > len(lines) // 2:
        return read_grouped(text, source)
    return read_page_dump(text, source)


def papers_of(
    read: tuple[list[references.Entry], list[str]], source: str, limits: Limits, notes: list[str]
) -> list[Paper]:
    """Papers of the entries a references reader found; those without an abstract are counted in one note."""
    entries, skipped = read
    notes += skipped
    papers = [_record_paper(e, source, n, limits, notes) for n, e in enumerate(entries, 1)]
    bare = [e for e, paper in zip(entries, papers, strict=True) if paper is None]
    if bare:
        example = bare[0].get("title") or bare[0]["where"]
        notes.append(f"{len(bare)} entr{'y' if len(bare) == 1 else 'ies'} without an abstract skipped "
                     f"(e.g. {example!r})")
    return [p for p in papers if p]


def _entries_reader(
    entries: Callable[[str], tuple[list[references.Entry], list[str]]],
) -> Callable[[str, str, Limits, list[str]], list[Paper]]:
    return lambda text, source, limits, notes: papers_of(entries(text), source, limits, notes)


READERS: dict[str, Callable[[str, str, Limits, list[str]], list[Paper]]] = {
    ".txt": read_text, ".jsonl": read_jsonl, ".csv": read_csv,
    ".bib": _entries_reader(references.bibtex_entries), ".ris": _entries_reader(references.ris_entries),
    ".json": _entries_reader(references.json_entries), ".xml": _entries_reader(references.atom_entries),
}
SUPPORTED_SUFFIXES = {*READERS, ".atom", ".sqlite"}
_SQLITE = b"SQLite format 3\x00"
_HEAD = 1 << 20  # bytes read to tell a file's format (and a JSON-lines file's first line)


def sniff(data: bytes, suffix: str) -> str | None:
    """The reader for a file: by its suffix, or by what it starts with when the suffix says little: a .txt that
    is a BibTeX, RIS or Atom export; a file without a known suffix that is one of those, JSON or a SQLite
    database (Zotero's); a .json that holds one object a line (an OpenAlex dump)."""
    head = data[:2000].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data.startswith(_SQLITE):
        return ".sqlite"
    if suffix == ".json" and head.startswith(b"{") and _json_lines(data):
        return ".jsonl"
    if suffix in READERS and suffix != ".txt":
        return suffix
    exports = [(rb"@\w+\s*[{(]", ".bib"), (rb"TY  -", ".ris"), (rb"<\?xml|<feed", ".xml")]
    if suffix != ".txt":  # a page dump's first title may start with "[" or "{"
        exports += [(rb"\[", ".json"), (rb"\{", ".jsonl")]
    found = next((kind for start, kind in exports if re.match(start, head)), None)
    return found or (".txt" if suffix == ".txt" else None)


def _json_lines(data: bytes) -> bool:
    """Whether the first line is a whole JSON object and more lines follow."""
    first, _, rest = data.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n").partition("\n")
    try:
        return isinstance(json.loads(first), dict) and bool(rest.strip())
    except ValueError:
        return False


def read_file(path: Path, limits: Limits = Limits(), notes: list[str] | None = None) -> list[Paper]:
    """Read one file whole (see papers_in)."""
    return list(papers_in(path, limits, notes))


def papers_in(path: Path, limits: Limits = Limits(), notes: list[str] | None = None) -> Iterator[Paper]:
    """The papers of one file as they are read: a JSON-lines file a line at a time, so that a dump of a whole
    field never sits in memory at once; other formats whole. ReadError names the file and the problem. A record
    beyond `limits` is skipped or cut, and a malformed one skipped, each with a line added to `notes` that names
    the file and the record."""
    found: list[str] = []
    count = 0
    try:
        for paper in _entries(path, limits, found):
            if kept := within(paper, limits, found):
                count += 1
                yield kept
    except ReadError as err:
        raise ReadError(f"{path}: {err}") from None
    finally:
        if notes is not None:
            notes += [f"{path}: {note}" for note in found]
    if not count:
        raise ReadError(f"{path}: {found[0] if found else 'no abstracts found'}")


def _entries(path: Path, limits: Limits, found: list[str]) -> Iterator[Paper]:
    with path.open("rb") as file:
        head = file.read(_HEAD)
        kind = sniff(head, path.suffix.lower())
        if kind is None:
            raise ReadError(f"unsupported file type; use {', '.join(sorted(SUPPORTED_SUFFIXES))}")
        if kind == ".jsonl":
            _not_binary(head)  # rejected whole, before any line is read
            yield from _jsonl(_lines(file, found), path.name, limits, found)
            return
        data = head + file.read()
    if kind == ".sqlite":
        yield from papers_of(references.zotero_entries(path), path.name, limits, found)
    else:
        yield from READERS[kind](_text(data), path.name, limits, found)


def _not_binary(data: bytes) -> None:
    if b"\x00" in data[:4096]:
        raise ReadError("looks binary, not text")


def _text(data: bytes) -> str:
    _not_binary(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ReadError(f"not UTF-8 text (byte {err.start})") from None


def within(paper: Paper, limits: Limits, notes: list[str]) -> Paper | None:
    """The paper with its text printable, its abstract cut to the limit; None (with a note) for a title over
    the limit, which no real paper has, or an abstract of nothing but control characters."""
    entry = f"entry {paper.sources[0].rpartition('#')[2] or 1}" if paper.sources else "an entry"
    title, abstract = printable(paper.title), printable(paper.abstract)
    if not abstract.strip():
        notes.append(f"{entry}: an abstract of control characters only; skipped")
        return None
    if len(title) > limits.title_chars:
        notes.append(f"{entry}: a title of {len(title):,} characters (ASSISTANT_MAX_TITLE_CHARS="
                     f"{limits.title_chars:,}); skipped")
        return None
    if len(abstract) > limits.abstract_chars:
        notes.append(f"{entry}: an abstract of {len(abstract):,} characters, cut to {limits.abstract_chars:,} "
                     "(ASSISTANT_MAX_ABSTRACT_CHARS)")
        abstract = abstract[: limits.abstract_chars].rsplit(" ", 1)[0] + "…"
    authors = [printable(a) for a in paper.authors]
    return paper.model_copy(update={"title": title, "abstract": abstract, "authors": authors})


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files under the given paths, in a stable order; a missing path is an error."""
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise MissingPath(f"{path}: no such file or folder")
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(path)
    return files


def problem(path: Path, limits: Limits = Limits()) -> str | None:
    """What keeps a file from giving any paper (its first one is enough to say it gives some), or None."""
    try:
        next(papers_in(path, limits), None)
    except (ReadError, OSError) as err:
        return _failure(path, err)
    return None


def _failure(path: Path, err: ReadError | OSError) -> str:
    """Why a file gave no papers, naming it (a ReadError from papers_in names it already)."""
    return str(err) if isinstance(err, ReadError) else f"{path}: {err.strerror}"


def read_into(works: Works, files: Iterable[Path], limits: Limits, result: LoadResult) -> None:
    """Add the papers of each file to `works` as they are read, and the files and what went wrong to `result`;
    a bad file becomes a warning naming it, and the others are still read."""
    for path in files:
        notes: list[str] = []
        try:
            for paper in papers_in(path, limits, notes):
                works.add(paper)
        except (ReadError, OSError) as err:
            result.warnings.append(_failure(path, err))
        else:
            result.files.append(path)
            result.warnings += notes
    result.merged = works.merged


def load(paths: Iterable[Path]) -> LoadResult:
    """Every paper under `paths`, one per work; a bad file becomes a warning and the others are still read."""
    works = Works({})
    result = LoadResult(papers=[])
    read_into(works, expand(paths), Limits(), result)
    result.papers = list(works.papers.values())
    return result

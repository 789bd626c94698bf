"""Papers from the open catalogues, arXiv and OpenAlex, saved as a source file of the collection (`assistant
fetch`); catalogues.py reads what they answer.

Politely (polite.Client): the assistant named in the User-Agent, arXiv's documented pace kept (a request every
ASSISTANT_ARXIV_DELAY seconds), OpenAlex sent the ASSISTANT_MAILTO address it asks for, and a busy or failing
catalogue tried again with backoff.

What arrives is written as it arrives, one JSONL line a work, to a dot-file in the collection's `fetched/` folder
(which ingest skips) and renamed to its own name when the fetch ends, also when Ctrl-C ends it: what came is kept.
Works whose DOI or arXiv id the collection already has are skipped, so a second fetch adds only what is new, and a
fetch that finds nothing new writes no file."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

from ..config import Settings
from ..errors import FetchError, MissingPath, QuestionError, ReadError
from ..records import arxiv_of, doi_of, work_keys
from ..storage.files import alive
from . import catalogues
from .catalogues import Record
from .indexer import IngestReport

Catalogue = Literal["arxiv", "openalex", "ids"]
NAMES = {"arxiv": "arXiv", "openalex": "OpenAlex", "ids": "arXiv and OpenAlex"}
ARXIV_PAGE = 100  # arXiv's advice: at most 100 results a request when paging
OPENALEX_PAGE = 200  # OpenAlex's largest per-page
DOI_BATCH = 50  # DOIs in one OpenAlex filter (doi:a|b|c)
ARXIV_BATCH = 100  # arXiv ids in one id_list
# Only what a record needs: smaller answers for OpenAlex and for us.
OPENALEX_FIELDS = ("id,doi,title,display_name,publication_year,authorships,abstract_inverted_index,"
                   "primary_location,locations,best_oa_location")
_FIELD_QUERY = re.compile(r"\b(ti|au|abs|co|jr|cat|rn|id|all):|\b(AND|OR|ANDNOT)\b")


@dataclass
class FetchReport:
    """What one fetch did: new works saved into `path` (None when nothing was new, or on a dry run), works the
    collection already had, what the catalogue holds for the query (`total`) and, on a dry run, how many a fetch
    would get (`expected`); for `fetch ids`, the identifiers no catalogue has and the lines that are none."""

    catalogue: str
    new: int = 0
    known: int = 0
    total: int | None = None
    expected: int | None = None
    path: Path | None = None
    dry_run: bool = False
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ingest: IngestReport | None = None


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a fetch, raised once what came is kept: `report` says how much, and in which file."""

    def __init__(self, report: FetchReport) -> None:
        super().__init__()
        self.report = report


def fetched_files(folder: Path) -> list[Path]:
    """The files earlier fetches saved in `folder`, oldest first (not the dot-file of one running now)."""
    return sorted(p for p in folder.glob("*.jsonl") if not p.name.startswith(".")) if folder.is_dir() else []


def recover(folder: Path) -> list[Path]:
    """Keep what fetches killed outright (kill -9, a crash) had written: the whole lines of each dot-file whose
    process is gone become a fetched file of their own, ingested with the next fetch."""
    kept = []
    for part in sorted(folder.glob(".*.part")) if folder.is_dir() else []:
        name, pid = part.name[1:].split(".jsonl.", 1)[0], part.name.split(".")[-3]
        if not pid.isdigit() or alive(int(pid)):
            continue
        text = part.read_text(encoding="utf-8", errors="replace")
        whole = text[: text.rfind("\n") + 1]  # the last line may have been cut mid-write
        if whole:
            target = folder / f"{name}-recovered.jsonl"
            part.write_text(whole, encoding="utf-8")
            os.replace(part, target)
            kept.append(target)
        else:
            part.unlink()
    return kept


def known_in(folder: Path) -> set[str]:
    """The identifiers of every work that earlier fetches saved in `folder`, ingested or not."""
    keys: set[str] = set()
    for path in fetched_files(folder):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line someone edited by hand: the reader reports it, nothing to skip here
            if isinstance(record, dict):
                keys.update(work_keys(record.get("doi"), record.get("arxiv")))
    return keys


def read_ids(path: Path) -> tuple[list[str], list[str], list[str]]:
    """The DOIs and arXiv ids a file lists, one a line (`10.1038/…`, `https://doi.org/…`, `doi:…`, `arXiv:2106.09685v2`,
    `2106.09685`, `https://arxiv.org/abs/…`; blank lines and # comments ignored), and a problem line for each line
    that is neither, by number. arXiv's own DOIs (10.48550/arXiv.…) are asked of arXiv."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise MissingPath(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ReadError(f"{path}: cannot be read as a list of identifiers ({err})") from None
    dois: list[str] = []
    arxivs: list[str] = []
    problems = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = re.sub(r"(^|\s)#.*", "", raw).strip()
        doi = doi_of(line)
        arxiv = catalogues.arxiv_of_doi(doi) or arxiv_of(line)
        if arxiv:
            arxivs += [arxiv] if arxiv not in arxivs else []
        elif doi:
            dois += [doi] if doi not in dois else []
        elif line:
            problems.append(f"{path.name} line {number}: {line[:80]!r} is neither a DOI nor an arXiv id; skipped")
    return dois, arxivs, problems


def run(
    settings: Settings, catalogue: Catalogue, query: str | Path, folder: Path, known: set[str], limit: int = 100,
    since: int | None = None, dry_run: bool = False, progress: bool = True,
) -> FetchReport:
    """Fetch from `catalogue` ("arxiv", "openalex": `query` is what to search for, at most `limit` results; "ids":
    `query` is a file of identifiers) into a new JSONL file in `folder`, skipping works whose identifiers are in
    `known`. A dry run asks once how many there are and writes nothing. FetchError when a catalogue fails for good;
    Interrupted (a KeyboardInterrupt) on Ctrl-C, after what came was kept."""
    if catalogue != "ids" and not str(query).strip():
        raise QuestionError(f"the search is empty; give the words to search {NAMES[catalogue]} for")
    fetcher = Fetcher(settings, FetchReport(NAMES[catalogue], dry_run=dry_run), known)
    try:
        if dry_run:
            fetcher.count(catalogue, query, limit, since)
            return fetcher.report
        with Output(folder, catalogue, fetcher, progress) as out:
            if catalogue == "arxiv":
                fetcher.arxiv(str(query), limit, out)
            elif catalogue == "openalex":
                fetcher.openalex(str(query), limit, since, out)
            else:
                fetcher.ids(Path(query), out)
    except KeyboardInterrupt as stop:
        if isinstance(stop, Interrupted):
            raise
        raise Interrupted(fetcher.report) from stop  # stopped before anything was kept (a dry run, say)
    finally:
        fetcher.close()
    return fetcher.report


def arxiv_query(words: str) -> str:
    """arXiv's search_query: as given when it uses arXiv's fields (ti:, abs:, au:, cat:…) or AND/OR; plain words
    must all appear somewhere (all:bird AND all:song)."""
    if _FIELD_QUERY.search(words):
        return words
    return " AND ".join(f"all:{word}" for word in words.split())


def openalex_filter(since: int | None) -> str:
    """OpenAlex's filter for a search: works with an abstract, published in `since` or later."""
    return ",".join(["has_abstract:true", *([f"from_publication_date:{since}-01-01"] if since else [])])


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Fetcher:
    """The requests of one fetch, to arXiv and to OpenAlex, and what they found (`report`)."""

    def __init__(self, settings: Settings, report: FetchReport, known: set[str]) -> None:
        self.settings = settings
        self.report = report
        self.known = known
        from .polite import Client  # httpx and tenacity: imported by a fetch, not by every `assistant ask`

        self.arxiv_client = Client("arXiv", settings, delay=settings.arxiv_delay)
        self.openalex_client = Client("OpenAlex", settings)
        self.mailto = {"mailto": settings.mailto} if settings.mailto else {}

    def close(self) -> None:
        self.arxiv_client.close()
        self.openalex_client.close()

    def arxiv_page(self, params: dict[str, Any]) -> tuple[list[Record], int]:
        response = self.arxiv_client.get(self.settings.arxiv_url, params)
        try:
            return catalogues.arxiv_feed(response.content)
        except ReadError as err:
            raise FetchError(f"arXiv ({response.url.host}): {err}") from None

    def openalex_page(self, params: dict[str, Any]) -> tuple[list[dict[str, Any]], int, str | None]:
        """One page of works: the works, how many match in all, and the cursor of the next page (None: last)."""
        url = self.settings.openalex_url.rstrip("/") + "/works"
        response = self.openalex_client.get(url, {**params, "select": OPENALEX_FIELDS, **self.mailto})
        try:
            body = response.json()
            meta, works = body["meta"], body["results"]
            return [w for w in works if isinstance(w, dict)], int(meta.get("count") or 0), meta.get("next_cursor")
        except (ValueError, KeyError, TypeError, AttributeError):
            raise FetchError(f"OpenAlex ({response.url.host}) answered with something that is not a list of works "
                             f"(starting {response.text[:80]!r})") from None

    def arxiv(self, query: str, limit: int, out: Output) -> None:
        start = 0
        while start < limit:
            size = min(ARXIV_PAGE, limit - start)
            records, total = self.arxiv_page({"search_query": arxiv_query(query), "start": start, "max_results": size})
            self.report.total = total
            out.expect(min(total, limit))
            out.take(records[:size])
            start += size
            if not records or start >= total:
                break

    def openalex(self, query: str, limit: int, since: int | None, out: Output) -> None:
        params = {"search": query, "filter": openalex_filter(since), "per-page": min(OPENALEX_PAGE, limit),
                  "cursor": "*"}
        got = 0
        while got < limit:
            works, total, cursor = self.openalex_page(params)
            self.report.total = total
            out.expect(min(total, limit))
            works = works[: limit - got]
            out.take(record for work in works if (record := catalogues.openalex_work(work)))
            got += len(works)
            if not works or not cursor or got >= total:
                break
            params["cursor"] = cursor

    def ids(self, path: Path, out: Output) -> None:
        """The works a file of identifiers names: arXiv ids asked of arXiv, DOIs of OpenAlex, in batches; those
        the collection has are not asked for, and those no catalogue has are reported."""
        dois, arxivs, self.report.problems = read_ids(path)
        self.report.total = len(dois) + len(arxivs)
        dois = [d for d in dois if not self.known.intersection(work_keys(d, None))]
        arxivs = [a for a in arxivs if not self.known.intersection(work_keys(None, a))]
        self.report.known += self.report.total - len(dois) - len(arxivs)
        out.expect(len(dois) + len(arxivs))
        for batch in _batches(arxivs, ARXIV_BATCH):
            self.arxiv_ids(batch, out)
        for batch in _batches(dois, DOI_BATCH):
            works, _, _ = self.openalex_page({"filter": "doi:" + "|".join(batch), "per-page": len(batch)})
            records = [r for work in works if (r := catalogues.openalex_work(work))]
            out.take(records)
            found = {r["doi"] for r in records}
            bare = {doi_of(w.get("doi")) for w in works} - found  # OpenAlex has it, without its abstract
            self.report.missing += [f"{d} (no abstract)" if d in bare else d for d in batch if d not in found]

    def arxiv_ids(self, batch: list[str], out: Output) -> None:
        """One id_list request. arXiv rejects a whole list for one id it finds malformed: the list is then
        reported as not found, with arXiv's reason, and the other lists are still asked for."""
        response = self.arxiv_client.get(self.settings.arxiv_url, {"id_list": ",".join(batch),
                                                                   "max_results": len(batch)})
        try:
            records, _ = catalogues.arxiv_feed(response.content)
        except ReadError as err:
            self.report.missing += [f"arXiv:{a} ({err})" for a in batch]
            return
        out.take(records)
        found = {r["arxiv"] for r in records}
        self.report.missing += [f"arXiv:{a}" for a in batch if a not in found]

    def count(self, catalogue: Catalogue, query: str | Path, limit: int, since: int | None) -> None:
        """A dry run: how many works there are (one request; for a file of identifiers, none)."""
        if catalogue == "arxiv":
            _, self.report.total = self.arxiv_page({"search_query": arxiv_query(str(query)), "max_results": 1})
        elif catalogue == "openalex":
            _, self.report.total, _ = self.openalex_page({"search": str(query), "filter": openalex_filter(since),
                                                          "per-page": 1})
        else:
            dois, arxivs, self.report.problems = read_ids(Path(query))
            keys = [*(k for d in dois for k in work_keys(d, None)), *(k for a in arxivs for k in work_keys(None, a))]
            self.report.total, limit = len(keys), len([k for k in keys if k not in self.known])
            self.report.known = len(keys) - limit
        self.report.expected = min(self.report.total, limit)


class Output:
    """The file one fetch writes: each new work a line as it comes, flushed after each page, in a dot-file of the
    folder that is renamed to `<catalogue>-<UTC time>.jsonl` when the fetch ends, however it ends. A work whose
    DOI or arXiv id the collection has, or that this fetch saved already, is counted and passed over."""

    def __init__(self, folder: Path, catalogue: str, fetcher: Fetcher, progress: bool) -> None:
        self.folder = folder
        self.name = f"{catalogue}-{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}.jsonl"
        self.report = fetcher.report
        self.known = fetcher.known
        self.seen: set[str] = set()
        self._file: IO[str] | None = None
        self._tmp: Path | None = None
        self.progress = progress
        self.bar: Any = None  # tqdm's bar, shown once the first page says how many will come

    def expect(self, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(desc=f"Fetching from {self.report.catalogue}", unit="paper", disable=not self.progress)
        if self.bar.total != total:
            self.bar.total = total
            self.bar.refresh()

    def take(self, records: Iterable[Record]) -> None:
        taken = list(records)
        for record in taken:
            keys = set(work_keys(record["doi"], record["arxiv"]))
            if keys & self.known:
                self.report.known += 1
            elif not keys & self.seen:
                self._write(record)
                self.report.new += 1
            self.seen |= keys
        if self.bar is not None:
            self.bar.update(len(taken))
            self.bar.set_postfix(new=self.report.new, known=self.report.known)
        if self._file is not None:
            self._file.flush()  # what came so far is on disk, should the process die now

    def _write(self, record: Record) -> None:
        if self._file is None:  # made with the first new work: a fetch with nothing new leaves no file
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{self.name}.{os.getpid()}.", suffix=".part")
            self._file, self._tmp = os.fdopen(fd, "w", encoding="utf-8"), Path(tmp)
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")

    def __enter__(self) -> Output:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.close()
        self.report.path = self._keep()
        if isinstance(error, KeyboardInterrupt) and not isinstance(error, Interrupted):
            raise Interrupted(self.report) from error
        if isinstance(error, FetchError) and self.report.path:
            raise FetchError(f"{error} (the {self.report.new} new works that came before are kept in "
                             f"{self.report.path})") from None

    def _keep(self) -> Path | None:
        """Give the dot-file its own name (a whole line per work: nothing half-written is left)."""
        if self._file is None or self._tmp is None:
            return None
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        target, number = self.folder / self.name, 1
        while target.exists():  # two fetches in one second
            number += 1
            target = self.folder / f"{Path(self.name).stem}-{number}.jsonl"
        os.replace(self._tmp, target)
        return target

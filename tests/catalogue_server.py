"""A local stand-in for arXiv's and OpenAlex's APIs, serving their real formats from the fixtures in
data/catalogues/: arXiv's Atom feed (`/api/query`: search_query, id_list, start, max_results) and OpenAlex's works
lists (`/works`: search, filter, per-page, cursor or page, select, mailto). The assistant's real HTTP client talks to
it, so paging, pacing, retries and Ctrl-C are exercised as against the catalogues themselves.

    server = CatalogueServer()
    server.start()                # then ASSISTANT_ARXIV_URL=server.arxiv_url, ASSISTANT_OPENALEX_URL=server.openalex_url
    server.fail(2, status=503)    # the next two requests fail; fail(1, 429, retry_after=1); drop(1) closes the connection
    server.interrupt_at(2)        # the second request presses Ctrl-C in the main thread, and gets no answer
    server.requests[0].params     # every request: path, query parameters, headers, arrival time
    server.stop()
"""

from __future__ import annotations

import _thread
import base64
import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit
from xml.etree import ElementTree

FIXTURES = Path(__file__).parent / "data" / "catalogues"
ATOM = "{http://www.w3.org/2005/Atom}"
FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?{query}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: {title}</title>
  <id>http://arxiv.org/api/Zk3xkq8sQd1yH2Ww0b5cJv6pTfA</id>
  <updated>2024-03-04T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{size}</opensearch:itemsPerPage>
{entries}</feed>
"""


@dataclass
class Seen:
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    at: float  # time.monotonic() when the request arrived


@dataclass
class Failure:
    status: int = 503  # 0: close the connection without an answer
    retry_after: str | None = None
    interrupt: bool = False


@dataclass
class ArxivEntry:
    xml: str  # the <entry> element as the fixture has it, served as is
    arxiv: str  # id without version
    text: str  # title and abstract, lower case, for searching


def arxiv_entries(feed: Path) -> list[ArxivEntry]:
    text = feed.read_text(encoding="utf-8")
    entries = []
    for match in re.finditer(r"  <entry>.*?</entry>\n", text, re.DOTALL):
        root = ElementTree.fromstring(f'<feed xmlns="http://www.w3.org/2005/Atom">{match[0]}</feed>')
        entry = root.find(f"{ATOM}entry")
        assert entry is not None
        arxiv = re.sub(r"v\d+$", "", (entry.findtext(f"{ATOM}id") or "").rsplit("/abs/", 1)[1])
        words = f"{entry.findtext(f'{ATOM}title')} {entry.findtext(f'{ATOM}summary')}"
        entries.append(ArxivEntry(match[0], arxiv, " ".join(words.lower().split())))
    return entries


def abstract_of(work: dict[str, Any]) -> str:
    index = work.get("abstract_inverted_index") or {}
    placed = {p: w for w, positions in index.items() for p in positions}
    return " ".join(placed[p] for p in sorted(placed))


def bare_doi(doi: str) -> str:
    return re.sub(r"^https?://doi\.org/", "", doi.strip()).lower()


class Catalogues:
    """What the server answers, and everything it was asked."""

    def __init__(self, feed: Path, works: Path) -> None:
        self.entries = arxiv_entries(feed)
        self.works: list[dict[str, Any]] = json.loads(works.read_text(encoding="utf-8"))["results"]
        self.requests: list[Seen] = []
        self.failures: deque[Failure] = deque()
        self.interrupt_on: int | None = None
        self.lock = threading.Lock()

    def arxiv(self, params: dict[str, str]) -> tuple[int, str]:
        if params.get("id_list"):
            wanted = [i.strip() for i in params["id_list"].split(",")]
            found = [e for w in wanted for e in self.entries if e.arxiv == re.sub(r"v\d+$", "", w)]
        else:
            terms = [t.split(":", 1)[-1].strip('"').lower() for t in params.get("search_query", "").split(" AND ")]
            found = [e for e in self.entries if all(t in e.text for t in terms if t)]
        start, size = int(params.get("start", 0)), int(params.get("max_results", 10))
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return 200, FEED.format(
            query=quote(query), title=query.replace("&", "&amp;"), total=len(found), start=start, size=size,
            entries="".join(e.xml for e in found[start : start + size]),
        )

    def openalex(self, params: dict[str, str]) -> tuple[int, str]:
        found = [w for w in self.works if self.matches(w, params)]
        per_page = int(params.get("per-page", 25))
        if not 1 <= per_page <= 200:
            return 400, json.dumps({"error": "Invalid query parameters error.",
                                    "message": "per-page parameter must be between 1 and 200"})
        cursor = params.get("cursor")
        if cursor is None:
            start = (int(params.get("page", 1)) - 1) * per_page
        else:
            start = 0 if cursor == "*" else int(base64.b64decode(cursor))
        page = found[start : start + per_page]
        after = base64.b64encode(str(start + per_page).encode()).decode() if cursor is not None and page else None
        fields = [f for f in params.get("select", "").split(",") if f]
        results = [{k: v for k, v in w.items() if not fields or k in fields} for w in page]
        meta = {"count": len(found), "db_response_time_ms": 23, "page": None if cursor else int(params.get("page", 1)),
                "per_page": per_page, "next_cursor": after, "groups_count": None}
        return 200, json.dumps({"meta": meta, "results": results, "group_by": []})

    @staticmethod
    def matches(work: dict[str, Any], params: dict[str, str]) -> bool:
        words = params.get("search", "").lower().split()
        text = f"{work['title']} {abstract_of(work)}".lower()
        if not all(w in text for w in words):
            return False
        for part in filter(None, params.get("filter", "").split(",")):
            key, _, value = part.partition(":")
            if key == "has_abstract" and (work["abstract_inverted_index"] is not None) != (value == "true"):
                return False
            if key == "from_publication_date" and work["publication_date"] < value:
                return False
            if key == "doi" and bare_doi(work["doi"] or "") not in {bare_doi(d) for d in value.split("|")}:
                return False
        return True


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        arrived = time.monotonic()
        url = urlsplit(self.path)
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        state = self.server.catalogues
        with state.lock:
            state.requests.append(Seen(url.path, params, dict(self.headers), arrived))
            failure = state.failures.popleft() if state.failures else None
            if state.interrupt_on == len(state.requests):
                failure = Failure(status=0, interrupt=True)
        if failure is not None:
            self.fail(failure)
        elif url.path == "/api/query":
            self.answer(*state.arxiv(params), "application/atom+xml; charset=utf-8")
        elif url.path == "/works":
            self.answer(*state.openalex(params), "application/json")
        else:
            self.answer(404, json.dumps({"error": "not found"}), "application/json")

    def fail(self, failure: Failure) -> None:
        if failure.interrupt:
            _thread.interrupt_main()  # as Ctrl-C in the terminal: KeyboardInterrupt in the main thread
        if failure.status == 0:
            self.close_connection = True  # no answer at all: the client sees the connection closed
            return
        self.send_response(failure.status)
        if failure.retry_after is not None:
            self.send_header("Retry-After", failure.retry_after)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def answer(self, status: int, body: str, kind: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    catalogues: Catalogues


class CatalogueServer:
    """arXiv's and OpenAlex's APIs on a loopback port, answering from the fixtures; see the module's docstring."""

    def __init__(self, feed: Path = FIXTURES / "arxiv_finch.xml", works: Path = FIXTURES / "openalex_finch.json") -> None:
        self.catalogues = Catalogues(feed, works)
        self._http = Server(("127.0.0.1", 0), Handler)
        self._http.catalogues = self.catalogues

    @property
    def requests(self) -> list[Seen]:
        return self.catalogues.requests

    @property
    def arxiv_url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}/api/query"

    @property
    def openalex_url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}"

    def fail(self, times: int, status: int = 503, retry_after: str | None = None) -> None:
        self.catalogues.failures.extend(Failure(status, retry_after) for _ in range(times))

    def drop(self, times: int) -> None:
        self.fail(times, status=0)

    def interrupt_at(self, number: int) -> None:
        self.catalogues.interrupt_on = number

    def start(self) -> None:
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()

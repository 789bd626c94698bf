"""`assistant fetch`: papers from arXiv and OpenAlex, saved as a source file of the collection and ingested. The
catalogues are a local server (catalogue_server.py) answering in their real formats from data/catalogues/ (papers
on zebra finch song, which the shipped collection lacks); the network is never touched."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from catalogue_server import FIXTURES, CatalogueServer
from typer.testing import CliRunner

from assistant import Assistant
from assistant.cli.main import app
from assistant.config import Settings
from assistant.errors import FetchError
from assistant.ingest import catalogues, fetch

runner = CliRunner()
FINCH_FETCHES = 6  # arXiv entries with both "zebra" and "finch" in the fixture feed


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[CatalogueServer]:
    """Both catalogues on a local port, the assistant pointed at them, arXiv's pace off unless a test sets it."""
    served = CatalogueServer()
    served.start()
    monkeypatch.setenv("ASSISTANT_ARXIV_URL", served.arxiv_url)
    monkeypatch.setenv("ASSISTANT_OPENALEX_URL", served.openalex_url)
    monkeypatch.setenv("ASSISTANT_ARXIV_DELAY", "0")
    yield served
    served.stop()


def lines(path: Path | None) -> list[dict[str, object]]:
    assert path is not None
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- the formats -------------------------------------------------------------------------------------------------
def test_an_arxiv_feed_reads_into_records() -> None:
    records, total = catalogues.arxiv_feed((FIXTURES / "arxiv_finch.xml").read_bytes())
    assert total == 8 and len(records) == 8
    first = records[0]
    assert first["title"] == "Juvenile Zebra Finches Memorize Their Tutor's Song During Sleep After Daytime Listening"
    assert first["abstract"].startswith("Juvenile zebra finches learn their song from an adult tutor: they first memorize")
    assert "\n" not in first["abstract"] and "  " not in first["abstract"]
    assert first["authors"] == ["Maren Olsson", "Tadeo Rivas", "Ines Kovac"]
    assert first["year"] == 2023
    assert first["arxiv"] == "2301.04512"  # without its version, v2
    assert first["doi"] == "10.1523/jneurosci.1187-22.2023"  # case-folded
    assert first["url"] == "http://arxiv.org/abs/2301.04512v2"
    assert records[1]["doi"] is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1</id>'
         "<title>Error</title><summary>incorrect id format for 1</summary></entry></feed>",
         "arXiv answered with an error: incorrect id format for 1"),
        ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><feed>&b;</feed>', "not an arXiv"),
        ("<html><body>Service Unavailable</body></html>", "not an Atom <feed>"),
    ],
)
def test_what_is_not_a_feed_of_papers_is_an_error(text: str, message: str) -> None:
    with pytest.raises(Exception, match=message):
        catalogues.arxiv_feed(text)


def test_an_openalex_work_reads_into_a_record() -> None:
    works = json.loads((FIXTURES / "openalex_finch.json").read_text())["results"]
    published = catalogues.openalex_work(works[0])
    assert published is not None
    assert published["abstract"].startswith("Juvenile zebra finches learn their song from an adult tutor:")
    assert published["abstract"].endswith("the tutor song that guides vocal learning.")
    assert published["authors"] == ["Maren Olsson", "Tadeo Rivas", "Ines Kovac"]
    assert (published["year"], published["doi"]) == (2023, "10.1523/jneurosci.1187-22.2023")
    assert published["arxiv"] == "2301.04512"  # its arXiv location
    assert published["url"] == "https://doi.org/10.1523/jneurosci.1187-22.2023"
    preprint = catalogues.openalex_work(works[1])
    assert preprint is not None and preprint["doi"] is None and preprint["arxiv"] == "2302.11873"
    assert preprint["url"] == "https://arxiv.org/abs/2302.11873"  # no DOI: the landing page
    by_doi = catalogues.openalex_work(works[2])
    assert by_doi is not None and by_doi["arxiv"] == "2309.14420"  # from arXiv's DOI, 10.48550/arxiv.2309.14420
    assert catalogues.openalex_work(works[3]) is None  # no abstract_inverted_index
    assert catalogues.openalex_work({"display_name": "T", "abstract_inverted_index": {"b": [1], "a": [0, 2]}}) == {
        "title": "T", "abstract": "a b a", "authors": [], "year": None, "doi": None, "arxiv": None, "url": None}


def test_a_file_of_identifiers_is_read_line_by_line(tmp_path: Path) -> None:
    listed = tmp_path / "ids.txt"
    listed.write_text(
        "# papers to read\n10.1152/JN.00478.2014\nhttps://doi.org/10.7554/elife.61234  # the eLife one\n"
        "doi:10.1002/cne.24177\n\narXiv:2106.09685v2\n2302.11873\nhttps://arxiv.org/abs/hep-th/9901001v1\n"
        "10.48550/arXiv.2309.14420\nnot an identifier\n2302.11873v1\n"
    )
    dois, arxivs, problems = fetch.read_ids(listed)
    assert dois == ["10.1152/jn.00478.2014", "10.7554/elife.61234", "10.1002/cne.24177"]
    assert arxivs == ["2106.09685", "2302.11873", "hep-th/9901001", "2309.14420"]  # a repeat is asked once
    assert problems == ["ids.txt line 10: 'not an identifier' is neither a DOI nor an arXiv id; skipped"]


# --- politeness, paging, retries -----------------------------------------------------------------------------------
def test_arxiv_is_paged_at_its_pace(server: CatalogueServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_ARXIV_DELAY", "0.2")
    monkeypatch.setattr(fetch, "ARXIV_PAGE", 2)  # three pages from six papers
    report = fetch.run(Settings(), "arxiv", "zebra finch", tmp_path, set(), progress=False)
    assert report.new == FINCH_FETCHES and len(lines(report.path)) == FINCH_FETCHES
    asked = [(r.params["start"], r.params["max_results"]) for r in server.requests]
    assert asked == [("0", "2"), ("2", "2"), ("4", "2")]
    assert server.requests[0].params["search_query"] == "all:zebra AND all:finch"
    gaps = [b.at - a.at for a, b in zip(server.requests, server.requests[1:], strict=False)]
    assert all(gap >= 0.19 for gap in gaps), gaps  # 0.2 s from one request's start to the next (arrival jitter)
    assert server.requests[0].headers["User-Agent"].startswith("paper-assistant/")


def test_openalex_gets_the_mailto_and_pages_with_a_cursor(
    server: CatalogueServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_MAILTO", "ann@example.org")
    monkeypatch.setattr(fetch, "OPENALEX_PAGE", 3)
    report = fetch.run(Settings(), "openalex", "song", tmp_path, set(), progress=False)
    assert report.total == 7 and report.new == 7  # the eighth work has no abstract: has_abstract:true leaves it out
    assert [r.params["mailto"] for r in server.requests] == ["ann@example.org"] * 3
    cursors = [r.params["cursor"] for r in server.requests]
    assert cursors[0] == "*" and len(set(cursors)) == 3
    assert all(r.params["per-page"] == "3" and r.params["search"] == "song" for r in server.requests)
    assert "mailto:ann@example.org" in server.requests[0].headers["User-Agent"]


def test_since_becomes_a_publication_date_filter(server: CatalogueServer, tmp_path: Path) -> None:
    report = fetch.run(Settings(), "openalex", "song", tmp_path, set(), since=2020, progress=False)
    assert server.requests[0].params["filter"] == "has_abstract:true,from_publication_date:2020-01-01"
    assert sorted(r["year"] for r in lines(report.path)) == [2021, 2023, 2023, 2023, 2024]
    assert "mailto" not in server.requests[0].params  # none set: none sent


@pytest.mark.parametrize(
    ("trouble", "least_wait"),
    [("503", 1.0), ("429 Retry-After: 2", 2.0), ("closed", 1.0)],  # backoff starts at 1 s; Retry-After is obeyed
)
def test_a_busy_catalogue_is_asked_again_and_answers(
    server: CatalogueServer, tmp_path: Path, trouble: str, least_wait: float
) -> None:
    if trouble == "closed":
        server.drop(1)
    else:
        server.fail(1, int(trouble[:3]), retry_after=trouble.partition(": ")[2] or None)
    report = fetch.run(Settings(), "openalex", "finch", tmp_path, set(), progress=False)
    assert report.new == 6 and len(server.requests) == 2
    assert server.requests[1].at - server.requests[0].at >= least_wait - 0.05


def test_a_catalogue_that_keeps_failing_is_one_error_line(
    server: CatalogueServer, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_FETCH_RETRIES", "1")
    server.fail(5, 503)
    result = runner.invoke(app, ["fetch", "openalex", "zebra finch", "-c", "birds"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: OpenAlex (127.0.0.1) failed 2 time(s)")
    assert "HTTP 503 Service Unavailable" in result.stderr and "Traceback" not in result.output
    assert len(server.requests) == 2 and not (home / "collections" / "birds").exists()


def test_a_refused_request_is_not_tried_again(server: CatalogueServer, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"OpenAlex \(127.0.0.1\) refused the request: HTTP 400 per-page parameter"):
        fetch.Fetcher(Settings(), fetch.FetchReport("OpenAlex"), set()).openalex_page({"per-page": 500})
    assert len(server.requests) == 1


# --- what is saved, and what the collection gets -------------------------------------------------------------------
def test_dry_run_says_how_many_and_writes_nothing(server: CatalogueServer, home: Path) -> None:
    result = runner.invoke(app, ["fetch", "arxiv", "zebra finch", "--max", "4", "--dry-run", "-c", "birds"])
    assert result.exit_code == 0, result.output
    assert "would fetch 4 papers from arXiv; it has 6 for this. Nothing was written" in result.stdout
    assert [r.params["max_results"] for r in server.requests] == ["1"]  # one request, one paper's worth
    assert not (home / "collections" / "birds").exists()


@pytest.fixture
def ctrl_c() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt, as in a terminal, even when pytest runs in the background."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def test_ctrl_c_keeps_what_came_and_the_next_fetch_gets_the_rest(
    server: CatalogueServer, ctrl_c: None, fake_embedder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "ARXIV_PAGE", 2)
    server.interrupt_at(2)  # Ctrl-C while the second page is on its way
    birds = Assistant(collection="birds")
    with pytest.raises(KeyboardInterrupt) as stopped:
        birds.fetch("arxiv", "zebra finch", progress=False)
    kept = stopped.value.report  # type: ignore[attr-defined]
    assert kept.new == 2 and [r["arxiv"] for r in lines(kept.path)] == ["2301.04512", "2302.11873"]
    assert not birds.index.store.exists()  # nothing ingested
    again = birds.fetch("arxiv", "zebra finch", progress=False)
    assert (again.new, again.known) == (FINCH_FETCHES - 2, 2)
    assert again.ingest is not None and again.ingest.papers == FINCH_FETCHES  # both files, one ingest


def test_ctrl_c_in_the_command_says_where_what_came_is_kept(
    server: CatalogueServer, ctrl_c: None, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "ARXIV_PAGE", 2)
    server.interrupt_at(2)
    result = runner.invoke(app, ["fetch", "arxiv", "zebra finch", "-c", "birds"])
    assert result.exit_code == 130
    kept = next((home / "collections" / "birds" / "fetched").glob("arxiv-*.jsonl"))
    assert len(lines(kept)) == 2
    assert (f"stopped; the 2 new papers that came are kept in {kept}: `assistant fetch arxiv 'zebra finch' --max 100 "
            "-c birds` fetches the rest and ingests them") in result.stderr


def test_a_second_identical_fetch_adds_nothing(server: CatalogueServer, fake_embedder: object) -> None:
    birds = Assistant(collection="birds")
    first = birds.fetch("arxiv", "zebra finch", progress=False)
    assert first.new == FINCH_FETCHES and first.ingest is not None and first.ingest.papers == FINCH_FETCHES
    second = birds.fetch("arxiv", "zebra finch", progress=False)
    assert (second.new, second.known, second.path, second.ingest) == (0, FINCH_FETCHES, None, None)
    assert [p.name for p in birds.index.store.fetched.iterdir()] == [first.path.name]  # type: ignore[union-attr]
    # OpenAlex's copies of the same papers (by DOI, arXiv location or arXiv DOI) are not fetched again either
    overlap = birds.fetch("openalex", "zebra finch", progress=False)
    assert (overlap.new, overlap.known) == (2, 3)


def test_fetch_ids_asks_each_catalogue_for_its_identifiers(
    server: CatalogueServer, tmp_path: Path, fake_embedder: object
) -> None:
    listed = tmp_path / "reading-list.txt"
    listed.write_text("# to read\n10.7554/eLife.61234\nhttps://doi.org/10.1016/j.anbehav.2024.02.007\n"
                      "arXiv:2310.02277v1\nhttps://arxiv.org/abs/2312.09931\nsee you\n2399.99999\n10.9999/nowhere\n"
                      "doi:10.1111/eth.13290\n")
    result = runner.invoke(app, ["fetch", "ids", str(listed), "-c", "reading"])
    assert result.exit_code == 0, result.output
    assert "fetched 4 new papers from arXiv and OpenAlex (0 already in the collection)" in result.stdout
    assert "4 papers, 4 chunks in 'reading'" in result.stdout
    assert "reading-list.txt line 6: 'see you' is neither a DOI nor an arXiv id; skipped" in result.stderr
    assert "not found in arXiv and OpenAlex: arXiv:2399.99999, 10.9999/nowhere, 10.1111/eth.13290 (no abstract)" in (
        " ".join(result.stderr.split()))
    arxiv, openalex = server.requests
    assert arxiv.params["id_list"] == "2310.02277,2312.09931,2399.99999"
    assert openalex.params["filter"] == ("doi:10.7554/elife.61234|10.1016/j.anbehav.2024.02.007|10.9999/nowhere|"
                                         "10.1111/eth.13290")


# --- end to end, with the real model -------------------------------------------------------------------------------
@pytest.mark.slow  # a subprocess and the real embedding model
def test_the_command_fetches_ingests_and_the_answer_cites_a_fetched_paper(
    server: CatalogueServer, home: Path
) -> None:
    env = {**os.environ, "ASSISTANT_HOME": str(home), "ASSISTANT_ARXIV_URL": server.arxiv_url}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "fetch", "arxiv", "zebra finch", "--max", "5", "--collection", "birds"],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    saved = next((home / "collections" / "birds" / "fetched").glob("arxiv-*.jsonl"))
    assert f"fetched 5 new papers from arXiv (0 already in the collection) into {saved}; ingesting…" in done.stdout
    assert "5 papers, 5 chunks in 'birds': 5 embedded" in done.stdout
    answer = Assistant(collection="birds").ask("how do young zebra finches learn to sing their tutor's song?")
    assert not answer.abstained
    assert answer.citations[0].title.startswith("Juvenile Zebra Finches Memorize Their Tutor's Song")


@pytest.mark.slow  # the real embedding model
def test_assistant_fetch_from_openalex_then_arxiv(server: CatalogueServer) -> None:
    birds = Assistant(collection="birds")
    heard = []
    report = birds.fetch("openalex", "zebra finch", since=2021, progress=False, saved=heard.append)
    assert report.new == 5 and heard == [report] and report.ingest is not None
    papers = {p.title: p for p in birds.papers()}
    sleep = papers["Juvenile Zebra Finches Memorize Their Tutor's Song During Sleep After Daytime Listening"]
    assert (sleep.doi, sleep.arxiv, sleep.year) == ("10.1523/jneurosci.1187-22.2023", "2301.04512", 2023)
    assert sleep.sources == [f"{report.path.name}#1"]  # type: ignore[union-attr]
    answer = birds.ask("does auditory feedback keep adult finch song stable?")
    assert answer.citations and answer.citations[0].title.startswith("Auditory Feedback Maintains the Adult Zebra")
    more = birds.fetch("arxiv", "zebra finch", progress=False)
    assert (more.new, more.known) == (3, 3)  # the three OpenAlex already gave (by DOI and arXiv id) are skipped
    assert len(birds.papers()) == 8


def test_what_a_killed_fetch_wrote_is_kept_whole_lines_only(tmp_path: Path) -> None:
    from assistant.ingest import fetch as fetching

    folder = tmp_path / "fetched"
    folder.mkdir()
    line = json.dumps({"title": "Finch song", "abstract": "Finches learn songs.", "doi": "10.5555/finch.1"})
    dead = folder / ".arxiv-20261206-101010.jsonl.999999999.abc.part"  # its writer died mid-line
    dead.write_text(f"{line}\n{line.replace('.1', '.2')}\n{line[:20]}", encoding="utf-8")
    running = folder / f".arxiv-20261206-111111.jsonl.{os.getpid()}.def.part"  # still being written
    running.write_text(line, encoding="utf-8")

    [kept] = fetching.recover(folder)
    assert kept.name == "arxiv-20261206-101010-recovered.jsonl" and not dead.exists() and running.exists()
    assert [json.loads(x)["doi"] for x in kept.read_text(encoding="utf-8").splitlines()] == [
        "10.5555/finch.1", "10.5555/finch.2"]
    assert fetching.known_in(folder) == {"doi:10.5555/finch.1", "doi:10.5555/finch.2"}

"""The command line end to end, on the real index (CliRunner runs the same code as the `assistant` script)."""

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant import Assistant
from assistant.cli.main import app
from assistant.config import Settings
from assistant.ingest.indexer import Index

runner = CliRunner()


def test_ask_prints_answer_and_sources(shipped: Assistant) -> None:
    result = runner.invoke(app, ["ask", "does more data help robots generalize to new objects?"])
    assert result.exit_code == 0, result.output
    assert "extractive" in result.stdout
    assert "Sources:\n[1] " in result.stdout


def test_ask_json_has_the_documented_shape(shipped: Assistant) -> None:
    result = runner.invoke(app, ["ask", "scaling laws for time series forecasting models", "--json", "--k", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"answer", "citations", "abstained", "mode", "usage"} <= set(data)
    assert data["mode"] == "extractive" and data["abstained"] is False
    titles = {p.title for p in shipped.papers()}
    assert data["citations"]
    for citation in data["citations"]:
        assert {"n", "title", "paper_id", "snippet", "score"} <= set(citation)
        assert citation["title"] in titles


def test_papers_lists_and_searches(shipped: Assistant) -> None:
    everything = runner.invoke(app, ["papers"])
    assert everything.exit_code == 0 and len(everything.stdout.splitlines()) == 501
    found = runner.invoke(app, ["papers", "milk quality", "-n", "3"])
    assert "Milk Quality Evaluation" in found.stdout.splitlines()[0]


@pytest.mark.slow  # the real model, a full index or a server
def test_ingest_into_a_named_collection_then_ask_it(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps({"id": "k1", "title": "Kelp Forests Store Carbon", "abstract": "Kelp forests along cold coasts store large amounts of carbon in their biomass."}))
    result = runner.invoke(app, ["ingest", str(path), "--collection", "sea"])
    assert result.exit_code == 0, result.output
    assert "1 papers, 1 chunks in 'sea': 1 embedded" in result.stdout
    asked = runner.invoke(app, ["ask", "do seaweed forests capture carbon?", "--collection", "sea", "--json"])
    assert json.loads(asked.stdout)["citations"][0]["paper_id"] == "k1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "   "], "the question is empty"),
        (["ask", "x" * 2001], "the limit is 2,000"),
        (["ingest", "/no/such/file.jsonl"], "/no/such/file.jsonl: no such file or folder"),
    ],
)
def test_user_mistakes_exit_2_with_a_message_and_no_traceback(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.slow  # the real model, a full index or a server
def test_a_bad_file_is_named_and_the_good_one_still_ingested(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage")
    (tmp_path / "good.jsonl").write_text(json.dumps({"title": "Good Paper", "abstract": "A fine abstract."}))
    result = runner.invoke(app, ["ingest", str(tmp_path), "-c", "mixed"])
    assert result.exit_code == 0
    assert "bad.txt" in result.stderr and "1 papers" in result.stdout


def test_hostile_records_are_named_skipped_or_cleaned_and_never_reach_the_terminal_raw(
    tmp_path: Path, fake_embedder: object
) -> None:
    hostile = tmp_path / "hostile.jsonl"
    hostile.write_text("\n".join(json.dumps(r) for r in [
        {"title": "\x1b]8;;http://evil.example\x07Coral\x1b]8;;\x07 reefs\x1b[2J", "abstract": "Reefs bleach.\x1b]0;x\x07"},
        {"title": "Kelp", "abstract": "Kelp stores carbon.", "year": "1" * 5000},
    ]))
    (tmp_path / "good.jsonl").write_text(json.dumps({"title": "Good Paper", "abstract": "A fine abstract."}))
    result = runner.invoke(app, ["ingest", str(hostile), str(tmp_path / "good.jsonl"), "-c", "hostile"])
    assert result.exit_code == 0, result.output
    assert "3 papers" in result.stdout and "a year of 5,000 characters" in result.stderr
    listed = runner.invoke(app, ["papers", "-c", "hostile"])
    assert "Coral reefs" in listed.stdout and "\x1b" not in listed.stdout + listed.stderr


def test_the_terminal_never_passes_an_escape_sequence() -> None:
    from io import StringIO

    from assistant.cli.console import Terminal

    screen = StringIO()
    Terminal(file=screen, highlight=False).print("a\x1b[2Jb\x1b]8;;http://x\x07c\x1b]8;;\x07 \u202ed", markup=False)
    assert screen.getvalue() == "abc d\n"


def test_an_unwritable_store_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "file" / "store"))
    result = runner.invoke(app, ["papers"])
    assert result.exit_code == 2 and "ASSISTANT_HOME" in result.stderr


SLOW_INGEST = """
import signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even when pytest runs in the background
sys.path.insert(0, {tests!r})
from conftest import FakeEmbedder

class Slow(FakeEmbedder):
    def embed(self, texts):
        time.sleep(0.01 * len(texts))  # slow enough to be stopped half-way
        return super().embed(texts)

import assistant.ingest.indexer
assistant.ingest.indexer.make_embedder = lambda settings: Slow()
from assistant.cli.main import main
sys.argv = ["assistant", "ingest"]
main()
"""


@pytest.mark.slow  # the real model, a full index or a server
def test_ctrl_c_stops_an_ingest_with_one_line_and_the_next_run_resumes(
    home: Path, tmp_path: Path, fake_embedder: object
) -> None:
    script = tmp_path / "ingest.py"
    script.write_text(SLOW_INGEST.format(tests=str(Path(__file__).parent)))
    log = tmp_path / "stderr.log"
    with log.open("wb") as stderr:
        run = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=stderr)
        deadline = time.monotonic() + 120
        while not re.search(r"\b(2[5-9]\d|[34]\d\d)/501\b", log.read_text()):  # a batch or more is stored
            assert time.monotonic() < deadline and run.poll() is None, log.read_text()
            time.sleep(0.1)
        run.send_signal(signal.SIGINT)
        out, _ = run.communicate(timeout=60)
    shown = log.read_text()
    assert run.returncode == 130 and out == b"" and "Traceback" not in shown
    assert re.search(r"Embedding abstracts: .*\d+/501 \[\d\d:\d\d<\d\d:\d\d, +[\d.]+paper/s\]", shown)  # rate and ETA
    last = shown.strip().splitlines()[-1]
    found = re.fullmatch(r"stopped; (\d+) papers are indexed so far — run `assistant ingest` again to resume", last)
    assert found, last
    stored = Index(Settings(home=home)).chroma.collection.get(include=["metadatas"])  # the fake's vectors, as the script's
    assert int(found[1]) == len({m["paper_id"] for m in stored["metadatas"]}) > 0
    embedded = len(stored["ids"])

    resumed = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    done = re.search(r"501 papers, 911 chunks in 'default': (\d+) embedded, (?:(\d+) from the cache, )?0 removed\.",
                     resumed.stdout)
    assert done and int(done[1]) + int(done[2] or 0) == 911 - embedded, resumed.stdout

"""The command line end to end, on the real index (CliRunner runs the same code as the `assistant` script)."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant import Assistant
from assistant.cli import app

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


def test_a_bad_file_is_named_and_the_good_one_still_ingested(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage")
    (tmp_path / "good.jsonl").write_text(json.dumps({"title": "Good Paper", "abstract": "A fine abstract."}))
    result = runner.invoke(app, ["ingest", str(tmp_path), "-c", "mixed"])
    assert result.exit_code == 0
    assert "bad.txt" in result.stderr and "1 papers" in result.stdout


def test_an_unwritable_store_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "file" / "store"))
    result = runner.invoke(app, ["papers"])
    assert result.exit_code == 2 and "ASSISTANT_HOME" in result.stderr

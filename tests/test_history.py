"""Every answer is kept in the history database: listed, searched, reprinted and exported as eval questions
from the command line, reopened on the page, and never at the cost of an answer."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import lab_papers
import pytest
from lab_papers import FINCH, KELP
from typer.testing import CliRunner

from assistant import Assistant
from assistant.cli.main import app
from assistant.records import Answer, MadeWith
from assistant.storage.history import History

runner = CliRunner()


def test_every_answer_is_kept_with_what_made_it(lab: Assistant) -> None:
    answer = lab.ask("How do zebra finches learn their song?")
    *_, streamed = lab.stream("Where do kelp forests keep their carbon?")
    followed = lab.chat("and how long does it stay there?", history=[("kelp carbon", "…")])
    entries = lab.history.search()
    assert [e.answer.question for e in entries] == [followed.question, "Where do kelp forests keep their carbon?",
                                                    answer.question]
    finch = entries[-1]
    assert finch.answer.text == answer.text and finch.answer.mode == "extractive"
    assert [(c.n, c.paper_id, c.title) for c in finch.answer.citations] == [(1, "finch", FINCH)]
    assert finch.answer.citations[0].authors == ["Ana Ruiz", "Ben Okafor"]
    assert finch.answer.usage.latency_s == answer.usage.latency_s > 0
    assert finch.made.model is None and finch.made.k == 5 and finch.made.collection == "lab"
    assert finch.made.embed_model == "all-MiniLM-L6-v2"
    assert lab.history.get(finch.id) == finch


def test_search_finds_words_of_the_question_or_the_answer(lab: Assistant) -> None:
    lab.ask("How do zebra finches learn their song?")
    kelp = lab.ask("Where do kelp forests keep their carbon?")
    assert [e.answer.question for e in lab.history.search("finches")] == ["How do zebra finches learn their song?"]
    assert "biomass" in kelp.text  # a word of the answer only
    assert [e.answer.question for e in lab.history.search("biomass")] == [kelp.question]
    assert [e.id for e in lab.history.search('carbon" (kelp')] == [2]  # FTS5 syntax in a query is taken as words
    assert len(lab.history.search(limit=1)) == 1


def test_search_falls_back_to_like_without_fts5(lab: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("assistant.storage.history.FTS", "CREATE VIRTUAL TABLE answers_fts USING no_such_module(x);")
    lab.ask("How do zebra finches learn their song?")
    lab.ask("Where do kelp forests keep their carbon?")
    with sqlite3.connect(lab.history.path) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'answers_fts'").fetchone() == (0,)
    assert [e.answer.question for e in lab.history.search("zebra finches")] == [
        "How do zebra finches learn their song?"
    ]


def test_assistant_log_off_keeps_nothing(lab_built: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LOG", "off")
    lab = lab_papers.use(lab_built, home, monkeypatch)
    assert lab.ask("How do zebra finches learn their song?").citations
    assert not lab.history.path.exists()


def test_a_locked_history_warns_once_and_the_answers_go_on(
    lab: Assistant, caplog: pytest.LogCaptureFixture
) -> None:
    lab.ask("warm up the history")
    blocker = sqlite3.connect(lab.history.path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another process writing, for longer than an answer waits
    logger = logging.getLogger("assistant.storage.history")
    logger.addHandler(caplog.handler)  # the CLI stops the package's warnings from reaching the root logger
    logger.propagate = False  # so each is captured once, here
    try:
        with caplog.at_level(logging.WARNING, logger="assistant.storage.history"):
            first = lab.ask("How do zebra finches learn their song?")
            second = lab.ask("Where do kelp forests keep their carbon?")
        listed = runner.invoke(app, ["history"])  # reading waits no longer than writing, then says why
        assert listed.exit_code == 2 and "cannot read the history" in listed.stderr
        assert "database is locked" in listed.stderr
        asked = subprocess.run([sys.executable, "-m", "assistant", "ask", "Where do kelp forests keep their carbon?"],
                               capture_output=True, text=True, timeout=600)
        assert asked.returncode == 0, asked.stderr
        [line] = [x for x in asked.stderr.splitlines() if "not saved to the history" in x]  # once, not twice
        assert line.startswith("warning:")
    finally:
        logger.removeHandler(caplog.handler)
        logger.propagate = True
        blocker.rollback()
        blocker.close()
    assert first.citations[0].paper_id == "finch" and second.citations[0].paper_id == "kelp"
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "not saved to the history" in warnings[0] and "locked" in warnings[0]
    assert [e.answer.question for e in lab.history.search()] == ["warm up the history"]


@pytest.fixture
def read_only(lab: Assistant) -> Iterator[Path]:
    """The history database and its folder made read-only (immutable too when tests run as root, whom
    permissions do not stop)."""
    lab.ask("warm up the history")
    paths = [lab.history.path, lab.history.path.parent]
    for path in paths:
        path.chmod(0o555 if path.is_dir() else 0o444)
    immutable = os.geteuid() == 0
    if immutable and subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True).returncode:
        pytest.skip("running as root without chattr: cannot make a file read-only")
    yield lab.history.path
    if immutable:
        subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
    for path in paths:
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_read_only_history_warns_once_through_the_cli(lab: Assistant, read_only: Path) -> None:
    first = runner.invoke(app, ["ask", "How do zebra finches learn their song?"])
    second = runner.invoke(app, ["ask", "Where do kelp forests keep their carbon?", "--json"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert FINCH in first.stdout and json.loads(second.stdout)["citations"][0]["paper_id"] == "kelp"
    warnings = [line for line in first.stderr.splitlines() + second.stderr.splitlines() if "history" in line]
    assert len(warnings) == 1, warnings  # once per process; CliRunner runs both in this one
    assert warnings[0].startswith("warning: the answer was not saved") and "readonly database" in warnings[0]
    assert [e.answer.question for e in History(read_only.parent).search()] == ["warm up the history"]


def test_cli_lists_searches_and_shows_past_answers(lab: Assistant) -> None:
    asked = runner.invoke(app, ["ask", "How do zebra finches learn their song?"])
    runner.invoke(app, ["ask", "Where do kelp forests keep their carbon?"])
    listed = runner.invoke(app, ["history"])
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("#2 ") and lines[0].endswith("Where do kelp forests keep their carbon?")
    assert f"[1] {KELP}" in lines[1]
    found = runner.invoke(app, ["history", "finches", "-n", "5"])
    assert found.stdout.splitlines()[0].endswith("How do zebra finches learn their song?")
    assert len(runner.invoke(app, ["history", "-n", "1"]).stdout.splitlines()) == 2
    shown = runner.invoke(app, ["history", "show", "1"])
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[0].startswith("#1 · ") and "'lab' · extractive" in shown.stdout
    assert asked.stdout.strip() in shown.stdout  # the same answer with the same sources
    assert "[1] Zebra finch vocal learning with recurrent networks. Ana Ruiz, Ben Okafor (2021). " \
           "https://example.org/finch" in shown.stdout
    data = json.loads(runner.invoke(app, ["history", "show", "1", "--json"]).stdout)
    assert data["id"] == 1 and data["citations"][0]["paper_id"] == "finch" and data["settings"]["k"] == 5


def test_cli_history_mistakes_exit_2(lab: Assistant, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["history", "show", "9"])
    assert missing.exit_code == 2 and "no answer #9 in the history" in missing.stderr
    runner.invoke(app, ["ask", "How do zebra finches learn their song?"])
    out = str(tmp_path / "x.jsonl")
    bad = runner.invoke(app, ["history", "export", "--eval", out, "--correct", "1:7"])
    assert bad.exit_code == 2 and "answer #1 has no citation [7] (it cites [1])" in bad.stderr
    garbled = runner.invoke(app, ["history", "export", "--eval", out, "--correct", "one"])
    assert garbled.exit_code == 2 and "ID:N,N" in garbled.output
    assert not Path(out).exists()


def test_marked_answers_become_eval_questions_the_eval_runner_reads(lab: Assistant, tmp_path: Path) -> None:
    from evals.runner import load_questions

    runner.invoke(app, ["ask", "How do zebra finches learn their song?"])
    runner.invoke(app, ["ask", "What is the best recipe for sourdough bread?"])
    out = tmp_path / "mine.jsonl"
    shutil.copy(Path(__file__).parent.parent / "evals" / "questions.jsonl", out)
    before = len(out.read_text().splitlines())
    result = runner.invoke(app, ["history", "export", "--eval", str(out), "--correct", "1:1", "--correct", "2:none"])
    assert result.exit_code == 0, result.output
    assert "2 question(s) added" in result.stderr
    added = [json.loads(line) for line in out.read_text().splitlines()[before:]]
    assert added == [
        {"id": "h001", "kind": "vague", "question": "How do zebra finches learn their song?", "gold_ids": ["finch"],
         "gold_titles": [FINCH], "keywords": [], "split": "test"},
        {"id": "h002", "kind": "off_topic", "question": "What is the best recipe for sourdough bread?",
         "gold_ids": [], "gold_titles": [], "keywords": [], "split": "test"},
    ]
    assert [q.id for q in load_questions(out)][-2:] == ["h001", "h002"]
    again = runner.invoke(app, ["history", "export", "--eval", str(out), "--correct", "1:1"])
    assert "0 question(s) added" in again.stderr and len(out.read_text().splitlines()) == before + 2


def test_a_hedged_answer_is_kept_as_hedged_and_an_older_history_gains_the_column(home: Path) -> None:
    old = home / "history.db"
    old.parent.mkdir(parents=True)
    with sqlite3.connect(old) as db:  # the table as it was before answers could be hedged
        db.execute("CREATE TABLE answers (id INTEGER PRIMARY KEY, asked_at TEXT NOT NULL, question TEXT NOT NULL, "
                   "collection TEXT NOT NULL, answer TEXT NOT NULL, mode TEXT NOT NULL, model TEXT, abstained INTEGER "
                   "NOT NULL, notice TEXT, latency_s REAL NOT NULL, prompt_tokens INTEGER NOT NULL, completion_tokens "
                   "INTEGER NOT NULL, citations TEXT NOT NULL, related TEXT NOT NULL, made TEXT NOT NULL)")
    made = MadeWith(model=None, k=5, mode="auto", embed_model="all-MiniLM-L6-v2", collection="default")
    history = History(home)
    hedged = history.record(Answer(question="speculative decoding?", text="The collection may not…", hedged=True), made)
    plain = history.record(Answer(question="grokking?", text="*Grokking…* reports: …"), made)
    assert hedged and plain and history.get(hedged).answer.hedged and not history.get(plain).answer.hedged
    listed = CliRunner().invoke(app, ["history"]).output
    assert "extractive, hedged, 'default'" in listed and "extractive, 'default'" in listed


def test_a_damaged_history_is_named_as_damaged(lab: Assistant) -> None:
    lab.ask("warm up the history")
    lab.history.path.write_bytes(b"not a database, not at all" * 100)
    listed = runner.invoke(app, ["history"])
    assert listed.exit_code == 2 and "is damaged" in listed.stderr and "try again" not in listed.stderr
    assert not lab.ask("Where do kelp forests keep their carbon?").abstained  # answers go on, unsaved

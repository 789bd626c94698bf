"""Stores damaged or out of reach: each case is one clear line, `assistant doctor --repair` brings the collection
back to answering as it did before the damage, and a read-only data folder still answers."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from test_store import WORKER, assert_complete, assert_reads_its_commit, runner, snapshot_files, write_papers

from assistant import Assistant
from assistant.cli.main import app

pytestmark = pytest.mark.slow  # real Chroma, subprocesses


def built(tmp_path: Path, name: str) -> tuple[list[str], str, list[str]]:
    """A collection `name` of kelp papers: their titles, a question and the papers its answer cites."""
    titles = write_papers(tmp_path / "a.jsonl", "kelp", 4)
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.jsonl"), "-c", name]).exit_code == 0
    question = "what do we observe about kelp in the field?"
    return titles, question, [c.paper_id for c in Assistant(collection=name).ask(question).citations]


def garble(path: Path) -> None:
    """Overwrite every 97th byte past the header, as a bad disk or a bad copy does."""
    data, noise = bytearray(path.read_bytes()), random.Random(1)
    for i in range(200, len(data), 97):
        data[i] = noise.randrange(256)
    path.write_bytes(bytes(data))


def test_lost_records_are_rebuilt_from_the_recorded_sources(tmp_path: Path, home: Path, fake_embedder: object) -> None:
    titles, question, cited = built(tmp_path, "rec")
    database = home / "collections" / "rec" / "collection.sqlite"
    database.write_bytes(database.read_bytes()[:3000])  # truncated, as a full disk or a bad copy leaves it

    for command in (["ask", question], ["papers"]):
        result = runner.invoke(app, [*command, "-c", "rec"])
        assert result.exit_code == 2 and "Traceback" not in result.output
        [line] = result.stderr.strip().splitlines()
        assert str(database) in line and line.endswith("`assistant doctor --repair -c rec` rebuilds it from its "
                                                       "recorded sources"), line
    [problem] = runner.invoke(app, ["doctor", "-c", "rec"]).stdout.splitlines()
    assert "cannot be read" in problem and "rebuild the collection from its 1 recorded source(s)" in problem

    repaired = runner.invoke(app, ["doctor", "--repair", "-c", "rec"])
    assert repaired.exit_code == 0, repaired.output
    assert database.with_name("collection.sqlite.damaged").exists()  # kept, in case something can be saved
    done = Assistant(collection="rec")
    assert_complete(done, titles)
    assert_reads_its_commit(done)
    assert [c.paper_id for c in done.ask(question).citations] == cited


def test_a_garbled_chroma_database_is_set_aside_and_the_vectors_stored_again(
    tmp_path: Path, home: Path, fake_embedder: object
) -> None:
    from chromadb.api.client import Client

    titles, question, cited = built(tmp_path, "vec")
    Client.clear_system_cache()  # this process forgets the store; the commands below run as a user runs them
    garble(home / "chroma" / "chroma.sqlite3")

    asked = cli(home, "ask", question, "-c", "vec")
    assert asked.returncode == 2 and "Traceback" not in asked.stderr
    [line] = asked.stderr.strip().splitlines()
    assert f"cannot use the vectors in {home / 'chroma'}" in line and "`assistant doctor --repair`" in line
    found = cli(home, "doctor", "-c", "vec")
    assert found.returncode == 1 and "chroma.sqlite3: fails SQLite's integrity check" in found.stdout

    repaired = cli(home, "doctor", "--repair", "-c", "vec")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert (home / "chroma.damaged").is_dir()
    done = Assistant(collection="vec")
    assert_complete(done, titles)
    assert [c.paper_id for c in done.ask(question).citations] == cited


def cli(home: Path, *args: str, within: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """`assistant ARGS` in a process of its own (with the fake embedder), started through `within` if given."""
    environment = {**os.environ, "ASSISTANT_HOME": str(home), "PYTHONHASHSEED": "0"}
    return subprocess.run([*within, sys.executable, str(WORKER), *args], capture_output=True, text=True,
                          env=environment)


def read_only(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`assistant ARGS` (fake embedder) with `home` mounted read-only, in a mount namespace of its own."""
    script = 'mount --bind -o ro "$1" "$1" && shift && exec "$@"'
    return cli(home, *args, within=("unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh",
                                    str(home)))


def can_mount_read_only(tmp_path: Path) -> bool:
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "mount", "--bind", "-o", "ro",
                            str(tmp_path), str(tmp_path)], capture_output=True)
    return probe.returncode == 0


def test_a_read_only_home_answers_and_only_ingest_says_it_must_write(
    tmp_path: Path, home: Path, fake_embedder: object
) -> None:
    if not can_mount_read_only(tmp_path):
        pytest.skip("this kernel lets no unprivileged user namespace mount a read-only folder")
    titles, question, _ = built(tmp_path, "ro")
    before = snapshot_files(home)

    asked = read_only(home, "ask", question, "-c", "ro")
    assert asked.returncode == 0 and "Traceback" not in asked.stderr, asked.stderr
    assert "[1]" in asked.stdout
    warnings = asked.stderr.strip().splitlines()
    assert len(warnings) == 2 and all(w.startswith("warning: ") for w in warnings), warnings
    assert "answering from a copy of its vectors" in warnings[0] and "not saved to the history" in warnings[1]
    listed = read_only(home, "papers", "-c", "ro")
    assert listed.returncode == 0 and all(title in listed.stdout for title in titles)

    ingest = read_only(home, "ingest", str(tmp_path / "a.jsonl"), "-c", "ro")
    assert ingest.returncode == 2 and "Traceback" not in ingest.stderr
    [line] = ingest.stderr.strip().splitlines()
    assert line.startswith("error: an ingest writes the store, and cannot write") and "writable folder" in line
    assert snapshot_files(home) == before

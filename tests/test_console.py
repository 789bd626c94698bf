"""What the command line prints when piped: no third-party progress bars, every warning and error on one
line; and the evals package stands on its own (the CLI calls into it, never the reverse)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import lab_papers
import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "ASSISTANT_HOME": str(home), "COLUMNS": "60", **env}
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=600)


@pytest.mark.slow  # the real model, a full index or a server
def test_ingest_shows_only_its_own_progress_bar(tmp_path: Path, home: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    for name, records in lab_papers.PAPERS.items():
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in records))
    (folder / "broken.jsonl").write_text('{"title": oops\n')
    result = run("assistant", "ingest", str(folder), "-c", "quiet", home=home)
    assert result.returncode == 0, result.stderr
    assert "4 papers, 4 chunks in 'quiet': 4 embedded" in result.stdout
    bars = [line for line in result.stderr.replace("\r", "\n").splitlines() if "%|" in line or "it/s" in line]
    assert bars and all(line.startswith("Embedding abstracts") for line in bars), bars
    assert "mmindex" not in result.stderr and "Split strings" not in result.stderr
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("warning:")]  # one line, not 60 wide
    assert "broken.jsonl: line 1 is not valid JSON" in warning and len(warning) > 60


def test_errors_are_one_line_when_piped(home: Path) -> None:
    result = run("assistant", "ask", "why?", home=home, ASSISTANT_K="many", ASSISTANT_MIN_EVIDENCE="x")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: bad setting: ASSISTANT_K:") and "ASSISTANT_MIN_EVIDENCE" in line


def test_the_evals_do_not_import_the_cli() -> None:
    code = "import sys, evals.__main__, evals.command; sys.exit('assistant.cli.main' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
    shown = subprocess.run([sys.executable, "-m", "evals", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert "--update-baseline" in shown.stdout and "--beir" in shown.stdout

"""The package as users get it: a wheel built from the tracked files, installed outside the source tree,
answers a question from the collection and prompts it ships."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # builds a wheel and ingests the shipped collection


def tracked_copy(target: Path) -> Path:
    """The files git tracks, as a fresh clone has them: nothing built or ignored comes along."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tracked_copy(tmp_path_factory.mktemp("clone"))
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(source)],
        check=True, capture_output=True,
    )
    [built] = dist.glob("assistant-*.whl")
    return built


def test_the_wheel_holds_everything_read_at_run_time(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"assistant/data/abstracts/{p.name}" for p in (ROOT / "assistant" / "data" / "abstracts").glob("*.txt")}
    prompts = {f"assistant/prompts/{p.name}" for p in (ROOT / "prompts").glob("*.txt")}
    assert len(shipped) == 4 and len(prompts) == 5
    assert shipped | prompts | {"assistant/data/everyday.txt", "evals/questions.jsonl", "evals/baseline.json"} <= names


def test_a_wheel_installed_outside_the_tree_answers(wheel: Path, built_home: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    home = tmp_path / "home"
    home.mkdir()
    # The embedding cache only: the shipped abstracts are read from the wheel and indexed anew, without
    # embedding them again.
    shutil.copy2(built_home / "embeddings.sqlite", home / "embeddings.sqlite")
    env = {**os.environ, "PYTHONPATH": str(site), "ASSISTANT_HOME": str(home), "ASSISTANT_LOG": "off"}
    where = subprocess.run([sys.executable, "-c", "import assistant; print(assistant.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(site)  # not the source tree
    asked = subprocess.run([sys.executable, "-m", "assistant", "ask", "What explains grokking?"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, timeout=600)
    assert asked.returncode == 0, asked.stderr
    assert "Grokking" in asked.stdout and "Sources:" in asked.stdout
    prompt = subprocess.run([sys.executable, "-c", "from assistant.answer.llm import system_prompt; print(system_prompt())"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert "The collection does not seem to cover" in prompt.stdout

"""A small collection with what a reference manager knows (year, authors, link), a LaTeX title, and two
source files: indexed once with the real MiniLM model and Chroma by the tests of history, the library and
citations."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.config import Settings

COLLECTION = "lab"
FINCH = "Zebra finch vocal learning with recurrent networks"
KELP = "Kelp forests store carbon along cold coasts"
T5X = r"Scaling Up Models and Data with $\texttt{t5x}$ and $\texttt{seqio}$"
OCTOPUS = "Octopus arm coordination without central control"
PAPERS = {
    "lab.jsonl": [
        {"id": "finch", "title": FINCH, "year": 2021, "authors": ["Ana Ruiz", "Ben Okafor"],
         "url": "https://example.org/finch",
         "abstract": "Juvenile zebra finches learn their song from a tutor. We model song learning with a recurrent "
         "network trained by reinforcement and show that it reproduces the tutor's syllables."},
        {"id": "kelp", "title": KELP, "year": 2019, "authors": "Cho, Dube, Eze and Falk",
         "url": "https://example.org/kelp",
         "abstract": "Kelp forests along cold coasts store large amounts of carbon in their biomass. We measure "
         "how much carbon kelp exports to the deep sea, where it stays buried for centuries."},
        {"id": "t5x", "title": T5X, "year": 2022,
         "abstract": "We present t5x and seqio, libraries for training large language models on accelerators. "
         "They make it simple to scale models and data pipelines to thousands of chips."},
    ],
    "extra.jsonl": [
        {"id": "octopus", "title": OCTOPUS,
         "abstract": "Octopus arms coordinate reaching without central control. Each arm runs its own local "
         "reflex loop, and the brain only sets the goal of the reach."},
    ],
}


def build(folder: Path) -> Path:
    """Write the files and index them into the `lab` collection of a fresh home; returns the home."""
    sources = folder / "sources"
    sources.mkdir(parents=True)
    for name, records in PAPERS.items():
        (sources / name).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    home = folder / "home"
    Assistant(settings=Settings(home=home, collection=COLLECTION)).ingest([sources], progress=False)
    return home


def use(built: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> Assistant:
    """A private copy of the built lab collection as this test's ASSISTANT_HOME (its history starts empty)."""
    shutil.copytree(built, home)
    monkeypatch.setenv("ASSISTANT_COLLECTION", COLLECTION)
    return Assistant()

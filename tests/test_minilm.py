"""The bundled MiniLM through its ONNX export: the same vectors as sentence-transformers, made by an ingest,
and a question in a new process that never imports torch."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant
from assistant.config import Settings
from assistant.ingest import minilm
from assistant.ingest.embedding import LocalEmbedder, make_embedder

TEXTS = [
    "do bigger models need proportionally more data to train well?",
    "x",
    "Grokking: generalisation beyond overfitting on small algorithmic datasets — naïve Bayes, e.g. 3.5 × 10⁻⁴.",
    # Longer than the model's 256 word pieces: both must cut it at the same place.
    " ".join(["Scaling laws relate loss to parameters, data and compute across many orders of magnitude."] * 40),
]

pytestmark = pytest.mark.slow  # the real model throughout


def test_the_export_embeds_like_sentence_transformers(tmp_path: Path) -> None:
    reference = LocalEmbedder("all-MiniLM-L6-v2")  # no export: sentence-transformers on torch
    path = tmp_path / minilm.export_name()
    minilm.export(reference.model, path)
    exported = minilm.OnnxMiniLM(path)

    expected = reference.embed(TEXTS)
    got = exported.embed(TEXTS)  # one batch of very different lengths: padding must not change a vector
    assert got.shape == expected.shape == (len(TEXTS), 384)
    assert np.abs(got - expected).max() < 1e-5
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert np.abs(exported.embed(TEXTS[:1]) - got[:1]).max() < 1e-5  # alone or in a batch, the same
    assert exported.embed([]).shape == (0, 384)


def test_an_ingest_leaves_the_export_and_a_new_process_asks_without_torch(built_home: Path) -> None:
    exports = list((built_home / "models").glob("*.onnx"))
    assert [p.name for p in exports] == [minilm.export_name()]
    script = (
        "import json, sys\n"
        "from assistant import Assistant\n"
        "answer = Assistant(mode='extractive').ask('can you predict a loss curve from the learning rate schedule?')\n"
        "print(json.dumps({'torch': 'torch' in sys.modules, 'cited': [c.title for c in answer.citations]}))\n"
    )
    env = {**os.environ, "ASSISTANT_HOME": str(built_home), "ASSISTANT_LOG": "off"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["torch"] is False
    in_process = Assistant(settings=Settings(home=built_home, log="off"), mode="extractive")
    asked = in_process.ask("can you predict a loss curve from the learning rate schedule?")
    assert found["cited"] == [c.title for c in asked.citations] and found["cited"]


def test_other_models_are_not_exported(home: Path) -> None:
    assert LocalEmbedder("some/other-model").exported is None
    embedder = make_embedder(Settings(home=home))
    assert isinstance(embedder, LocalEmbedder) and embedder.exported == home / "models" / minilm.export_name()


def test_a_damaged_export_is_set_aside_answers_go_on_and_the_next_ingest_exports_again(
    shipped_copy: Assistant, home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from assistant.ingest import embedding

    [export] = (home / "models").glob("*.onnx")
    export.write_bytes(export.read_bytes()[:100_000])  # a full disk or a bad copy cut it short
    embedding._local_embedder.cache_clear()  # as a new process would find it
    fresh = Assistant()
    logger = logging.getLogger("assistant.ingest.embedding")
    logger.addHandler(caplog.handler)  # the CLI, once run, keeps the package's warnings from the root logger
    try:
        answer = fresh.ask("What explains grokking?")
    finally:
        logger.removeHandler(caplog.handler)
    assert answer.citations and "Grokking" in answer.citations[0].title
    assert any("was damaged" in r.getMessage() for r in caplog.records)
    assert export.with_name(export.name + ".damaged").exists() and not export.exists()
    fresh.ingest(progress=False)
    assert export.exists() and minilm.OnnxMiniLM(export).embed(["grokking"]).shape == (1, 384)

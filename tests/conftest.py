"""Shared fixtures: every test gets its own empty ASSISTANT_HOME; the shipped collection is indexed once per
session with the real MiniLM model and Chroma, and tests that need it get a private copy or read it as is.

A test that uses a fixture of the real model or a full index is marked `slow` here, so that `make test-fast`
(`pytest -m "not slow"`) leaves it out; tests that build one themselves carry the mark in their module."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import lab_papers  # noqa: E402
from chroma_server import ChromaServer  # noqa: E402
from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from assistant import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.web import page as web_page  # noqa: E402

# Fixtures that build or read a real index with the real model, or start a server.
SLOW_FIXTURES = {"built_home", "shipped", "shipped_copy", "lab_built", "lab", "chroma_server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests save their screenshots: a temp folder, so that tests never rewrite a tracked
    file; `make screenshots` points SCREENSHOTS_DIR at docs/ to refresh the README's pictures."""
    chosen = os.environ.get("SCREENSHOTS_DIR")
    return Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing a test does touches the user's store, and no key from the environment leaks in."""
    for name in list(os.environ):
        if name.startswith(("ASSISTANT_", "OPENAI_")):
            monkeypatch.delenv(name)
    path = tmp_path / "home"
    monkeypatch.setenv("ASSISTANT_HOME", str(path))
    return path


@pytest.fixture(scope="session")
def built_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped collection indexed once (real model, real Chroma); treat as read-only."""
    path = tmp_path_factory.mktemp("built") / "home"
    Assistant(settings=Settings(home=path)).ingest(progress=False)
    return path


@pytest.fixture
def shipped(built_home: Path, monkeypatch: pytest.MonkeyPatch) -> Assistant:
    """An Assistant over the shipped collection's shared index (do not ingest into it)."""
    monkeypatch.setenv("ASSISTANT_HOME", str(built_home))
    return Assistant()


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    """A Chroma server of this test's own, on a free port."""
    server = ChromaServer(tmp_path / "chroma-server", tmp_path / "chroma.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def lab_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small lab collection (years, authors, links, two source files) indexed once; treat as read-only."""
    return lab_papers.build(tmp_path_factory.mktemp("lab"))


@pytest.fixture
def lab(lab_built: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> Assistant:
    """A private copy of the lab collection as this test's ASSISTANT_HOME, its history empty."""
    return lab_papers.use(lab_built, home, monkeypatch)


@pytest.fixture
def shipped_copy(built_home: Path, home: Path) -> Assistant:
    """A private copy of the built index, for tests that change it."""
    shutil.copytree(built_home, home)
    return Assistant()


FINCH_PAPER = {
    "title": "Zebra finch vocal learning with recurrent networks",
    "abstract": "Juvenile zebra finches learn their song from a tutor. We model song learning with a "
    "recurrent network trained by reinforcement and show that it reproduces the tutor's syllables.",
}


@pytest.fixture
def finch_notes(tmp_path: Path) -> Callable[[str], Path]:
    """Writes a one-paper JSONL (a topic the shipped collection lacks) under the given file name."""

    def write(name: str) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(FINCH_PAPER) + "\n", encoding="utf-8")
        return path

    return write


class FakeEmbedder:
    """Bag-of-words hashing embedder: fast and deterministic, for tests where embedding quality is beside
    the point (never for retrieval-quality tests). Words are hashed with hashlib, not Python's hash(), which
    is salted per process and would make what a test retrieves change from run to run."""

    name = "fake-embedder"

    def __init__(self) -> None:
        self.calls = 0
        self.texts = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts += len(texts)
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, int.from_bytes(hashlib.blake2b(word.encode()).digest()[:8], "little") % 64] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


@pytest.fixture
def fake_embedder(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeEmbedder]:
    fake = FakeEmbedder()
    monkeypatch.setattr("assistant.ingest.indexer.make_embedder", lambda settings: fake)
    yield fake


# --- the chat page, served for real, and a browser to drive it ---------------------------------------------
KEYS = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "ASSISTANT_MODE", "ASSISTANT_AUTH"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(home: Path, **env: str) -> Iterator[str]:
    """The page on `home`, as `assistant serve` starts it, with no key but those in `env`; yields its URL."""
    with pytest.MonkeyPatch.context() as mp:
        for name in KEYS:
            mp.delenv(name, raising=False)
        for name, value in env.items():
            mp.setenv(name, value)
        demo = web_page.launch(Assistant(settings=Settings(home=home)), port=free_port(), block=False)
    try:
        yield str(demo.local_url)
    finally:
        demo.close()


# Debian and Ubuntu name it chromium or chromium-browser; Google's build is google-chrome.
SYSTEM_CHROMIUM = next(filter(None, map(shutil.which, ["chromium", "chromium-browser", "google-chrome"])), None)
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
MISSING_CHROMIUM = "needs Chromium: `make chromium` (playwright install chromium, or apt-get install chromium)"


def playwright_chromium() -> bool:
    """True when `playwright install chromium` has downloaded Playwright's own build."""
    with sync_playwright() as p:
        return Path(p.chromium.executable_path).exists()


def have_chromium() -> bool:
    """Whether the browser tests can run; in CI they must (a missing browser fails the run, never skips)."""
    found = bool(SYSTEM_CHROMIUM) or playwright_chromium()
    if not found and os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"{MISSING_CHROMIUM}; CI runs the browser tests, so they cannot be skipped there", pytrace=False)
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        # Playwright's own build when it is there (it matches Playwright's version), else the system's.
        own = Path(p.chromium.executable_path).exists()
        chromium = p.chromium.launch(executable_path=None if own else SYSTEM_CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()

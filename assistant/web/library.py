"""What every session of the page shares: one Assistant (one index, one loaded model), built in the background
at start-up, with uploads indexed one at a time while questions keep being answered from the current index."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from gradio.utils import get_upload_folder

from ..api import SUPPORTED_SUFFIXES, Assistant
from ..errors import QuestionError, StoreError
from ..present.html import escape

log = logging.getLogger(__name__)

MODES = ["auto", "extractive", "llm"]
# One message for every refused path, so the page never tells a caller whether a server file exists.
REFUSED = (
    "a file that was not uploaded through this page was refused; upload "
    f"{', '.join(sorted(SUPPORTED_SUFFIXES))} files with Add abstracts"
)


class Library:
    """One Assistant (one index, one loaded model) for all sessions: built in the background at start-up,
    with uploads indexed one at a time while questions keep being answered from the current index."""

    def __init__(self, assistant: Assistant) -> None:
        self.base = assistant
        self.ready = threading.Event()
        self.failure: str | None = None
        self.building = assistant.settings.collection == "default" and not assistant.built
        self._lock = threading.RLock()
        self._variants: dict[tuple[str, str], Assistant] = {}

    def start(self) -> Library:
        threading.Thread(target=self._open, name="open-index", daemon=True).start()
        return self

    def _open(self) -> None:
        try:
            with self._lock:
                self._warm(self.base)  # the shipped collection's first run builds it: tqdm in the terminal
        except Exception as err:  # any failure is shown on the page; the server stays up
            log.exception("opening the index failed")
            self.failure = f"The index could not be opened: {err}"
        finally:
            self.building = False
            self.ready.set()

    @staticmethod
    def _warm(assistant: Assistant) -> None:
        """Load papers, BM25, Chroma and the model now, under the lock, so no question triggers an ingest."""
        assistant.retrieve("warm up", k=1)

    def wait(self) -> None:
        self.ready.wait()
        if self.failure:
            raise StoreError(self.failure)

    def status(self) -> str:
        name = escape(self.base.settings.collection)
        if not self.ready.is_set():
            verb = "Building" if self.building else "Loading"
            return f"**{verb} the index** of '{name}'… (a first run embeds every abstract: about a minute)"
        if self.failure:
            return f"⚠ {escape(self.failure)}"
        answers = f"LLM ({escape(self.base.settings.model)})" if self.base.mode == "llm" else "extractive"
        behind = f" · ⚠ {escape(self.base.stale)}" if self.base.stale else ""
        return f"✓ Ready · {self.base.count()} papers in '{name}' · answers: {answers}{behind}"

    def source_files(self) -> list[str]:
        if not self.ready.is_set() or self.failure:
            return []
        return self.base.sources()

    def variant(self, mode: str, model: str) -> Assistant:
        """The shared index under other answer settings; kept for reuse, so the model is never reloaded."""
        if mode not in MODES:
            raise QuestionError(f"unknown answer mode {mode!r}; use one of {', '.join(MODES)}")
        update = {"mode": mode, "model": model.strip() or self.base.settings.model}
        if all(getattr(self.base.settings, key) == value for key, value in update.items()):
            return self.base
        with self._lock:
            key = (update["mode"], update["model"])
            if key not in self._variants:
                if len(self._variants) >= 8:  # model names are free text; keep the cache small
                    self._variants.pop(next(iter(self._variants)))
                other = Assistant(settings=self.base.settings.model_copy(update=update))
                self._warm(other)
                self._variants[key] = other
            return self._variants[key]

    def add(self, uploads: list[Path]) -> tuple[list[str], list[str]]:
        """Index the uploads that arrived through the page (any other path is refused). Returns (added,
        problems)."""
        self.wait()
        accepted = [found for given in uploads if (found := uploaded_file(given)) is not None]
        refused = [REFUSED] * (len(uploads) - len(accepted))
        if not accepted:
            return [], refused
        with self._lock:
            added, problems = self.base.add_files(accepted)
            if added:
                self._variants.clear()
                self._warm(self.base)
        return added, refused + problems


def uploaded_file(path: Path) -> Path | None:
    """`path` with its links resolved if it is a regular file of an accepted type inside Gradio's upload
    folder, i.e. one that arrived through the page's own upload; None for any other path on the server
    (absolute, relative, `..`, a link pointing out, or missing), without telling which."""
    real = Path(os.path.realpath(path))
    inside = real.is_relative_to(os.path.realpath(get_upload_folder()))
    return real if inside and real.is_file() and real.suffix.lower() in SUPPORTED_SUFFIXES else None

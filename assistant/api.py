"""The Python API that the CLI, the Gradio page and the evals all use."""

from __future__ import annotations

import time
import re
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from . import answer as answers
from .config import Settings
from .index import Index, IngestReport
from .records import Answer, Hit, Paper
from .retrieval import Retriever


class QuestionError(ValueError):
    """The question itself is unusable (empty, too long); the message says why."""


class Assistant:
    """A collection of abstracts you can ask questions of.

    >>> a = Assistant()                 # the shipped collection, settings from ASSISTANT_* variables
    >>> a.ask("what limits scaling of robot policies?").text
    """

    def __init__(self, collection: str | None = None, settings: Settings | None = None, **overrides: Any) -> None:
        settings = settings or Settings()
        if collection:
            overrides["collection"] = collection
        self.settings = settings.model_copy(update=overrides) if overrides else settings
        self.index = Index(self.settings)

    @cached_property
    def retriever(self) -> Retriever:
        if not self.index.is_ready:
            self.ingest(progress=True)  # the first question on an empty store builds the index
        return Retriever(self.index)

    def ingest(self, paths: list[Path] | None = None, progress: bool = True) -> IngestReport:
        report = self.index.ingest(paths, progress=progress)
        self.__dict__.pop("retriever", None)  # the next question reads the new index
        return report

    def papers(self, query: str | None = None, limit: int = 20) -> list[Paper]:
        """All papers, or those best matching `query` (title and abstract search)."""
        if query:
            return [h.paper for h in self.retrieve(query, k=limit)]
        return list(self.retriever.papers.values())

    def retrieve(self, question: str, k: int = 10, where: Callable[[Paper], bool] | None = None) -> list[Hit]:
        return self.retriever.search(self.check(question), k=k, where=where)

    def ask(self, question: str, k: int | None = None) -> Answer:
        started = time.perf_counter()
        hits = self.retrieve(question, k=k or self.settings.k)
        result = answers.extractive(question, hits, self.index.embedder, self.settings.min_evidence)
        result.usage.latency_s = round(time.perf_counter() - started, 3)
        return result

    def stream(self, question: str, k: int | None = None) -> Iterator[str | Answer]:
        """Yield the answer's text in pieces as it is written, then the finished Answer."""
        result = self.ask(question, k=k)
        for piece in re.split(r"(?<=\n\n)", result.text):
            yield piece
        yield result

    def chat(self, message: str, history: list[tuple[str, str]] | None = None, k: int | None = None) -> Answer:
        """Answer `message` in the context of earlier (question, answer) turns."""
        return self.ask(standalone_question(message, history or []), k=k)

    def check(self, question: str) -> str:
        text = (question or "").strip()
        if not text:
            raise QuestionError("the question is empty; ask something about the papers")
        limit = self.settings.max_question_chars
        if len(text) > limit:
            raise QuestionError(
                f"the question is {len(text):,} characters long; the limit is {limit:,} "
                "(ASSISTANT_MAX_QUESTION_CHARS)"
            )
        return text


_FOLLOW_UP = re.compile(
    r"^(and|also|but|what about|how about|which of (them|these|those)|do (they|these|those)|are (they|these|those))\b"
    r"|\b(they|them|these|those|their|it|its|this one|that one)\b",
    re.IGNORECASE,
)


def standalone_question(message: str, history: list[tuple[str, str]]) -> str:
    """Offline rule for follow-ups: a message that leans on the last question ("and which of them use
    robots?") is asked together with that question, so retrieval sees the topic."""
    if history and _FOLLOW_UP.search(message.strip()):
        return f"{history[-1][0].strip()} {message.strip()}"
    return message


_default: Assistant | None = None


def ask(question: str, k: int | None = None) -> Answer:
    """Ask the shipped collection (or ASSISTANT_COLLECTION) through one shared Assistant."""
    global _default
    if _default is None:
        _default = Assistant()
    return _default.ask(question, k=k)

"""The chat's event handlers: each streams one answer into one user's conversation, and turns any failure into
a message in that user's page only."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from ..api import Assistant
from ..errors import AssistantError, SettingError
from ..present.html import answer_html, escape, from_files, note_html, reply_html, user_html
from ..records import Answer, MadeWith, Paper
from .library import Library
from .panels import Copies, copy_text

log = logging.getLogger(__name__)

EXAMPLES = [
    "What limits the scaling of robot policies?",
    "Are emergent abilities of large language models a mirage?",
    "How do sparse autoencoders help interpret language models?",
    "What explains grokking?",
]
PAPER_QUESTION = "What does this paper propose, and what does it find?"
NO_KEY = "LLM mode needs OPENAI_API_KEY on the server, so this answer is extractive."
Messages = list[dict[str, Any]]
Turns = list[tuple[str, str]]


@dataclass
class Options:
    """One session's Settings accordion."""

    k: int
    mode: str
    model: str


def _answerer(library: Library, options: Options) -> tuple[Assistant, str | None]:
    """The Assistant for these settings; LLM mode without a key answers offline and says why."""
    try:
        return library.variant(options.mode, options.model), None
    except SettingError:
        return library.variant("extractive", options.model), NO_KEY


def _converse(
    library: Library, shown: str, question: str, where: Callable[[Paper], bool] | None, context: Turns | None,
    messages: Messages, turns: Turns, options: Options,
) -> Iterator[tuple[Messages, Turns, Copies]]:
    """Stream one answer into the chat: the asked message, the growing text, then the finished reply and its
    Markdown for the copy button. `context` holds the earlier turns a follow-up leans on (None: the question
    stands alone)."""
    messages = [*messages, {"role": "user", "content": user_html(shown)}]
    messages.append({"role": "assistant", "content": ""})
    started = time.perf_counter()
    try:
        if not library.ready.is_set():
            messages[-1]["content"] = note_html("Building the index… the answer comes once it is ready.")
            yield messages, turns, []
        library.wait()
        assistant, notice = _answerer(library, options)
        text = ""
        for piece in assistant.stream(question, k=int(options.k), where=where, history=context):
            if isinstance(piece, Answer):
                piece.notice = " ".join(n for n in [notice, piece.notice] if n) or None
                took = time.perf_counter() - started
                messages[-1]["content"] = reply_html(piece, took, assistant.settings.model)
                copied = copy_text(piece, MadeWith.of(piece, assistant.settings, int(options.k)))
                yield messages, [*turns, (piece.question, piece.text)], copied
                return
            text += piece
            messages[-1]["content"] = f'<div class="reply">{answer_html(text)}</div>'
            yield messages, turns, []
    except AssistantError as err:
        messages[-1]["content"] = note_html(f"{str(err)[:1].upper()}{str(err)[1:]}.")
        yield messages, turns, []
    except Exception as err:  # never a traceback on the page; the log keeps it
        log.exception("answering %r failed", question)
        messages[-1]["content"] = note_html(f"Sorry, answering this failed ({type(err).__name__}).")
        yield messages, turns, []


def example_text(event: gr.SelectData) -> str:
    return str(event.value["text"])


def chat_handler(library: Library) -> Callable[..., Iterator[tuple[str, Messages, Turns, Copies]]]:
    def chat(
        message: str, history: Messages, turns: Turns, k: int, mode: str, model: str, files: list[str] | None
    ) -> Iterator[tuple[str, Messages, Turns, Copies]]:
        message = (message or "").strip()
        if not message:
            prompt = "Please type a question about the papers, for example: " + EXAMPLES[0]
            yield "", [*history, {"role": "assistant", "content": note_html(prompt)}], turns, []
            return
        unknown = sorted(set(files or []) - set(library.source_files())) if library.ready.is_set() else []
        if unknown:
            note = note_html(f"No file named {', '.join(unknown)} in the collection; choose from the list.")
            yield message, [*history, {"role": "assistant", "content": note}], turns, []
            return
        # The conversation goes along: a follow-up ("do they use robots?") is made standalone by the API.
        for shown, kept, copied in _converse(
            library, message, message, from_files(files), turns, history, turns, Options(k, mode, model)
        ):
            yield "", shown, kept, copied

    return chat


def paper_handler(library: Library) -> Callable[..., Iterator[tuple[Any, Messages, Turns, Copies]]]:
    def ask_paper(
        paper_id: str | None, question: str, history: Messages, turns: Turns, k: int, mode: str, model: str
    ) -> Iterator[tuple[Any, Messages, Turns, Copies]]:
        paper = library.base.paper(paper_id or "") if library.ready.is_set() else None
        if paper is None:
            note = note_html("Pick a paper in the Papers tab first (search, then choose it in the list).")
            yield gr.Tabs(selected="chat"), [*history, {"role": "assistant", "content": note}], turns, []
            return
        question = (question or "").strip() or PAPER_QUESTION
        # The title goes into the retrieval question so the paper clears the evidence bar for a generic ask.
        scoped, shown = f"{question} ({paper.title})", f"About “{paper.title}”: {question}"
        chosen = paper.id
        for shown_messages, kept, copied in _converse(
            library, shown, scoped, lambda p: p.id == chosen, None, history, turns, Options(k, mode, model)
        ):
            yield gr.Tabs(selected="chat"), shown_messages, kept, copied

    return ask_paper


def upload_handler(library: Library) -> Callable[[list[str] | None], tuple[str, Any, str, None]]:
    def add(paths: list[str] | None) -> tuple[str, Any, str, None]:
        if not paths:
            return "", gr.Dropdown(), library.status(), None
        try:
            added, problems = library.add([Path(p) for p in paths])
        except Exception as err:  # the collection is left as it was; the log keeps the details
            log.exception("adding %s failed", paths)
            added, problems = [], [f"adding the files failed ({type(err).__name__}: {err})"]
        lines = [f"✓ Added {escape(a)}; search for them above." for a in added]
        lines += [f"⚠ {escape(p)}" for p in problems]
        return "\n\n".join(lines), gr.Dropdown(choices=library.source_files()), library.status(), None

    return add

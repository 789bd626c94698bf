"""The chat page: a Gradio layer over assistant.api, served by `assistant serve` and `python app.py`.

Everything from the collection reaches the page as HTML made by assistant/view.py, which escapes it, so
an abstract holding `<script>` or a markdown link is shown as the text it is, never run or rendered."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from . import corpus
from .api import Assistant, QuestionError
from .corpus import ReadError
from .index import StoreError
from .llm import SettingError
from .records import Answer, Paper
from .view import (
    MATH_DELIMITERS,
    answer_html,
    escape,
    from_files,
    note_html,
    papers_html,
    reply_html,
    source_file,
    user_html,
)

log = logging.getLogger(__name__)

CONCURRENCY = 8  # questions answered at once; more wait in Gradio's queue
MODES = ["auto", "extractive", "llm"]
EXAMPLES = [
    "What limits the scaling of robot policies?",
    "Are emergent abilities of large language models a mirage?",
    "How do sparse autoencoders help interpret language models?",
    "What explains grokking?",
]
PAPER_QUESTION = "What does this paper propose, and what does it find?"
LISTED = 50  # papers listed when the search box is empty
NO_KEY = "LLM mode needs OPENAI_API_KEY on the server, so this answer is extractive."

# --- what every session shares ------------------------------------------------------------------------------
class Library:
    """One Assistant (one index, one loaded model) for all sessions: built in the background at start-up,
    with uploads indexed one at a time while questions keep being answered from the current index."""

    def __init__(self, assistant: Assistant) -> None:
        self.base = assistant
        self.ready = threading.Event()
        self.failure: str | None = None
        self.building = not assistant.index.is_ready
        self._lock = threading.RLock()
        self._variants: dict[tuple[str, str], Assistant] = {}

    def start(self) -> Library:
        threading.Thread(target=self._open, name="open-index", daemon=True).start()
        return self

    def _open(self) -> None:
        try:
            with self._lock:
                if not self.base.index.is_ready:
                    self.base.ingest(progress=True)  # first run: tqdm in the terminal, a notice on the page
                self._warm(self.base)
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
        return f"✓ Ready · {len(self.base.retriever.papers)} papers in '{name}' · answers: {answers}"

    def source_files(self) -> list[str]:
        if not self.ready.is_set() or self.failure:
            return []
        return sorted({source_file(s) for p in self.base.retriever.papers.values() for s in p.sources})

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
        """Copy the readable uploads into the collection's uploads folder and index them. A file that
        cannot be read is reported by name and nothing of it is kept. Returns (added, problems)."""
        self.wait()
        folder = self.base.settings.collection_dir / "uploads"
        added, problems, kept = [], [], []
        for upload in uploads:
            name = safe_name(upload.name)
            try:
                found = corpus.read_file(upload)
            except (ReadError, OSError) as err:
                problems.append(str(err).replace(str(upload), name))
                continue
            kept.append(copy_atomic(upload, folder / name))
            added.append(f"{name}: {len(found)} paper{'s' * (len(found) != 1)}")
        if kept:
            with self._lock:
                report = self.base.ingest(kept, progress=True)
                self._variants.clear()
                self._warm(self.base)
            problems += report.warnings
        return added, problems


def safe_name(name: str) -> str:
    stem, suffix = os.path.splitext(Path(name).name)
    return (re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "upload") + suffix.lower()


def copy_atomic(source: Path, target: Path) -> Path:
    """The uploads folder never holds half a file: copy beside the target (a dot-file, which ingest skips),
    then rename over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as data, tempfile.NamedTemporaryFile(dir=target.parent, prefix=".", delete=False) as tmp:
        shutil.copyfileobj(data, tmp)
    os.replace(tmp.name, target)
    return target


# --- event handlers: each turns one failure into a message in that user's page only -----------------------
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
) -> Iterator[tuple[Messages, Turns]]:
    """Stream one answer into the chat: the asked message, the growing text, then the finished reply.
    `context` holds the earlier turns a follow-up leans on (None: the question stands alone)."""
    messages = [*messages, {"role": "user", "content": user_html(shown)}]
    messages.append({"role": "assistant", "content": ""})
    started = time.perf_counter()
    try:
        if not library.ready.is_set():
            messages[-1]["content"] = note_html("Building the index… the answer comes once it is ready.")
            yield messages, turns
        library.wait()
        assistant, notice = _answerer(library, options)
        text = ""
        for piece in assistant.stream(question, k=int(options.k), where=where, history=context):
            if isinstance(piece, Answer):
                piece.notice = " ".join(n for n in [notice, piece.notice] if n) or None
                took = time.perf_counter() - started
                messages[-1]["content"] = reply_html(piece, took, assistant.settings.model)
                yield messages, [*turns, (piece.question, piece.text)]
                return
            text += piece
            messages[-1]["content"] = f'<div class="reply">{answer_html(text)}</div>'
            yield messages, turns
    except (QuestionError, StoreError) as err:
        messages[-1]["content"] = note_html(f"{str(err)[:1].upper()}{str(err)[1:]}.")
        yield messages, turns
    except Exception as err:  # never a traceback on the page; the log keeps it
        log.exception("answering %r failed", question)
        messages[-1]["content"] = note_html(f"Sorry, answering this failed ({type(err).__name__}).")
        yield messages, turns


def example_text(event: gr.SelectData) -> str:
    return str(event.value["text"])


def chat_handler(library: Library) -> Callable[..., Iterator[tuple[str, Messages, Turns]]]:
    def chat(
        message: str, history: Messages, turns: Turns, k: int, mode: str, model: str, files: list[str] | None
    ) -> Iterator[tuple[str, Messages, Turns]]:
        message = (message or "").strip()
        if not message:
            prompt = "Please type a question about the papers, for example: " + EXAMPLES[0]
            yield "", [*history, {"role": "assistant", "content": note_html(prompt)}], turns
            return
        unknown = sorted(set(files or []) - set(library.source_files())) if library.ready.is_set() else []
        if unknown:
            note = note_html(f"No file named {', '.join(unknown)} in the collection; choose from the list.")
            yield message, [*history, {"role": "assistant", "content": note}], turns
            return
        # The conversation goes along: a follow-up ("do they use robots?") is made standalone by the API.
        for shown, kept in _converse(
            library, message, message, from_files(files), turns, history, turns, Options(k, mode, model)
        ):
            yield "", shown, kept

    return chat


def paper_handler(library: Library) -> Callable[..., Iterator[tuple[Any, Messages, Turns]]]:
    def ask_paper(
        paper_id: str | None, question: str, history: Messages, turns: Turns, k: int, mode: str, model: str
    ) -> Iterator[tuple[Any, Messages, Turns]]:
        paper = library.base.retriever.papers.get(paper_id or "") if library.ready.is_set() else None
        if paper is None:
            note = note_html("Pick a paper in the Papers tab first (search, then choose it in the list).")
            yield gr.Tabs(selected="chat"), [*history, {"role": "assistant", "content": note}], turns
            return
        question = (question or "").strip() or PAPER_QUESTION
        # The title goes into the retrieval question so the paper clears the evidence bar for a generic ask.
        scoped, shown = f"{question} ({paper.title})", f"About “{paper.title}”: {question}"
        chosen = paper.id
        for shown_messages, kept in _converse(
            library, shown, scoped, lambda p: p.id == chosen, None, history, turns, Options(k, mode, model)
        ):
            yield gr.Tabs(selected="chat"), shown_messages, kept

    return ask_paper


def search_handler(library: Library) -> Callable[[str], tuple[str, Any]]:
    def search(query: str) -> tuple[str, Any]:
        query = (query or "").strip()
        try:
            library.wait()
            everything = library.base.papers()
            found = library.base.papers(query) if query else everything[:LISTED]
        except (QuestionError, StoreError) as err:
            return papers_html([], str(err)), gr.Dropdown(choices=[], value=None)
        heading = f"{len(found)} best matches for “{query}”" if query else (
            f"{len(found)} of {len(everything)} papers; search to narrow the list"
        )
        choices = [(p.title, p.id) for p in found]
        first = choices[0][1] if choices else None
        return papers_html(found, heading), gr.Dropdown(choices=choices, value=first)

    return search


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


# --- the page ----------------------------------------------------------------------------------------------
CSS = """
.reply p, .asked { margin: 0 0 .6em; }
.reply .meta, .papers .meta { color: var(--body-text-color-subdued); font-size: .85em; }
.reply .notice { color: var(--body-text-color-subdued); font-style: italic; }
.reply .cite { color: var(--color-accent); font-weight: 600; font-size: .85em; }
.sources, .paper { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .4em .8em;
  margin: .4em 0; }
.sources summary, .paper summary { cursor: pointer; font-weight: 600; }
.sources li { margin: .5em 0; } .sources .score { color: var(--body-text-color-subdued); font-size: .85em; }
.sources blockquote { margin: .3em 0; padding-left: .8em; border-left: 3px solid var(--color-accent); }
"""


def build(library: Library) -> gr.Blocks:
    settings = library.base.settings
    with gr.Blocks(title="Paper assistant") as demo:
        gr.Markdown("# Paper assistant\nAsk questions of a collection of research-paper abstracts. "
                    "Every claim cites the paper it came from.")
        status = gr.Markdown(library.status, elem_id="status")
        timer = gr.Timer(1.0, active=not library.ready.is_set())
        turns = gr.State([])
        with gr.Tabs() as tabs:
            with gr.Tab("Chat", id="chat"):
                chatbot = gr.Chatbot(
                    label="Conversation", height=580, latex_delimiters=MATH_DELIMITERS, buttons=[],
                    feedback_options=None,
                    examples=[{"text": q} for q in EXAMPLES], elem_id="chatbot",
                    placeholder="Ask about the papers, or start from an example:",
                )
                with gr.Row():
                    box = gr.Textbox(label="Question", placeholder="Ask a question about the papers…",
                                     show_label=False, scale=8, max_lines=6, autofocus=True,
                                     elem_id="question")
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                    clear = gr.Button("Clear", scale=1, elem_id="clear")
                with gr.Accordion("Settings", open=False):
                    k = gr.Slider(1, 20, value=settings.k, step=1, label="Sources: papers retrieved")
                    mode = gr.Radio(MODES, value=settings.mode, label="Answer mode",
                                    info="auto: an LLM when OPENAI_API_KEY is set, else extractive (offline)")
                    model = gr.Textbox(value=settings.model, label="Model (LLM mode)")
                    files = gr.Dropdown(choices=library.source_files(), multiselect=True,
                                        allow_custom_value=True, label="Only papers from",
                                        info="Source files to answer from; empty means the whole collection")
            with gr.Tab("Papers", id="papers"):
                with gr.Row():
                    query = gr.Textbox(placeholder="Words in titles and abstracts", show_label=False, scale=6,
                                       elem_id="paper-query")
                    find = gr.Button("Search", scale=1, elem_id="search")
                listing = gr.HTML(elem_id="listing")
                with gr.Row():
                    pick = gr.Dropdown(choices=[], label="Paper", scale=4, allow_custom_value=True)
                    about = gr.Textbox(value=PAPER_QUESTION, label="Question about it", scale=4)
                    ask_it = gr.Button("Ask about this paper", scale=1, elem_id="ask-paper")
                with gr.Accordion("Add abstracts", open=True):
                    upload = gr.File(file_count="multiple", file_types=[".txt", ".jsonl", ".csv"],
                                     elem_id="upload", label="Upload .txt (a title line, then its abstract), "
                                     ".jsonl or .csv (title, abstract)")
                    added = gr.Markdown(elem_id="added")

        private: dict[str, Any] = {"api_visibility": "private", "queue": False}
        asking: dict[str, Any] = {"concurrency_limit": CONCURRENCY, "concurrency_id": "answer"}
        chat = chat_handler(library)
        chat_io: dict[str, Any] = {
            "inputs": [box, chatbot, turns, k, mode, model, files], "outputs": [box, chatbot, turns]
        }
        box.submit(chat, **chat_io, api_name="chat", **asking)
        send.click(chat, **chat_io, api_visibility="private", **asking)
        chatbot.example_select(example_text, None, box, **private).then(
            chat, **chat_io, api_visibility="private", **asking
        )
        clear.click(lambda: ("", [], []), None, [box, chatbot, turns], **private)
        chatbot.clear(lambda: ("", []), None, [box, turns], **private)
        about_io: dict[str, Any] = {
            "inputs": [pick, about, chatbot, turns, k, mode, model], "outputs": [tabs, chatbot, turns]
        }
        ask_it.click(paper_handler(library), **about_io, api_name="ask_paper", **asking)
        search = search_handler(library)
        find.click(search, query, [listing, pick], api_name="papers", concurrency_limit=CONCURRENCY)
        query.submit(search, query, [listing, pick], api_visibility="private", concurrency_limit=CONCURRENCY)
        upload.upload(upload_handler(library), upload, [added, files, status, upload], api_name="add")

        def poll() -> tuple[str, Any, Any]:
            ready = library.ready.is_set()
            return library.status(), gr.Timer(active=not ready), gr.Dropdown(choices=library.source_files())

        timer.tick(poll, None, [status, timer, files], **private)
        demo.load(poll, None, [status, timer, files], **private)
    return demo


def basic_auth() -> tuple[str, str] | None:
    """ASSISTANT_AUTH=user:pass puts the page behind a login."""
    value = os.environ.get("ASSISTANT_AUTH", "")
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not (sep and user and password):
        raise SettingError("ASSISTANT_AUTH must look like user:password")
    return user, password


def launch(
    assistant: Assistant, host: str = "127.0.0.1", port: int = 7860, share: bool = False, block: bool = True
) -> gr.Blocks:
    """Serve the page; the index is opened (built on the first run) in the background meanwhile."""
    auth = basic_auth()
    demo = build(Library(assistant).start())
    try:
        demo.queue(default_concurrency_limit=CONCURRENCY).launch(
            server_name=host, server_port=port, share=share, auth=auth, prevent_thread_lock=not block,
            show_error=False, theme=gr.themes.Soft(), css=CSS, footer_links=["api"],
        )
    except OSError:  # Gradio's error for a port in use or an address this machine does not have
        raise SettingError(
            f"cannot serve on {host}:{port}: the port is in use or the address is not this machine's; "
            "choose another --port or --host"
        ) from None
    return demo

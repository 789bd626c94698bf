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
from gradio.utils import get_upload_folder

from . import catalog, corpus
from .api import Assistant, QuestionError
from .config import SettingError
from .corpus import ReadError
from .formats import made_with
from .panels import browse_controls, copy_text, history_tab, papers_handler, turn_page
from .records import Answer, Paper
from .store import StoreError
from .view import answer_html, escape, from_files, note_html, reply_html, user_html

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
UPLOAD_LIMIT = "50mb"  # a larger collection is added with `assistant ingest`
# One message for every refused path, so the page never tells a caller whether a server file exists.
REFUSED = (
    "a file that was not uploaded through this page was refused; upload "
    f"{', '.join(sorted(corpus.SUPPORTED_SUFFIXES))} files with Add abstracts"
)

# --- what every session shares ------------------------------------------------------------------------------
class Library:
    """One Assistant (one index, one loaded model) for all sessions: built in the background at start-up,
    with uploads indexed one at a time while questions keep being answered from the current index."""

    def __init__(self, assistant: Assistant) -> None:
        self.base = assistant
        self.ready = threading.Event()
        self.failure: str | None = None
        self.building = assistant.settings.collection == "default" and not assistant.index.is_ready
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
        return f"✓ Ready · {len(self.base.retriever.papers)} papers in '{name}' · answers: {answers}{behind}"

    def source_files(self) -> list[str]:
        if not self.ready.is_set() or self.failure:
            return []
        return catalog.source_files(list(self.base.retriever.papers.values()))

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
        folder = self.base.index.store.uploads
        added, problems, kept = [], [], []
        for given in uploads:
            upload = uploaded_file(given)
            if upload is None:
                problems.append(REFUSED)
                continue
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


def uploaded_file(path: Path) -> Path | None:
    """`path` with its links resolved if it is a regular file of an accepted type inside Gradio's upload
    folder, i.e. one that arrived through the page's own upload; None for any other path on the server
    (absolute, relative, `..`, a link pointing out, or missing), without telling which."""
    real = Path(os.path.realpath(path))
    inside = real.is_relative_to(os.path.realpath(get_upload_folder()))
    return real if inside and real.is_file() and real.suffix.lower() in corpus.SUPPORTED_SUFFIXES else None


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
) -> Iterator[tuple[Messages, Turns, str]]:
    """Stream one answer into the chat: the asked message, the growing text, then the finished reply and its
    Markdown for the copy button. `context` holds the earlier turns a follow-up leans on (None: the question
    stands alone)."""
    messages = [*messages, {"role": "user", "content": user_html(shown)}]
    messages.append({"role": "assistant", "content": ""})
    started = time.perf_counter()
    try:
        if not library.ready.is_set():
            messages[-1]["content"] = note_html("Building the index… the answer comes once it is ready.")
            yield messages, turns, ""
        library.wait()
        assistant, notice = _answerer(library, options)
        text = ""
        for piece in assistant.stream(question, k=int(options.k), where=where, history=context):
            if isinstance(piece, Answer):
                piece.notice = " ".join(n for n in [notice, piece.notice] if n) or None
                took = time.perf_counter() - started
                messages[-1]["content"] = reply_html(piece, took, assistant.settings.model)
                copied = copy_text(piece, made_with(piece, assistant.settings, int(options.k)))
                yield messages, [*turns, (piece.question, piece.text)], copied
                return
            text += piece
            messages[-1]["content"] = f'<div class="reply">{answer_html(text)}</div>'
            yield messages, turns, ""
    except (QuestionError, StoreError) as err:
        messages[-1]["content"] = note_html(f"{str(err)[:1].upper()}{str(err)[1:]}.")
        yield messages, turns, ""
    except Exception as err:  # never a traceback on the page; the log keeps it
        log.exception("answering %r failed", question)
        messages[-1]["content"] = note_html(f"Sorry, answering this failed ({type(err).__name__}).")
        yield messages, turns, ""


def example_text(event: gr.SelectData) -> str:
    return str(event.value["text"])


def chat_handler(library: Library) -> Callable[..., Iterator[tuple[str, Messages, Turns, str]]]:
    def chat(
        message: str, history: Messages, turns: Turns, k: int, mode: str, model: str, files: list[str] | None
    ) -> Iterator[tuple[str, Messages, Turns, str]]:
        message = (message or "").strip()
        if not message:
            prompt = "Please type a question about the papers, for example: " + EXAMPLES[0]
            yield "", [*history, {"role": "assistant", "content": note_html(prompt)}], turns, ""
            return
        unknown = sorted(set(files or []) - set(library.source_files())) if library.ready.is_set() else []
        if unknown:
            note = note_html(f"No file named {', '.join(unknown)} in the collection; choose from the list.")
            yield message, [*history, {"role": "assistant", "content": note}], turns, ""
            return
        # The conversation goes along: a follow-up ("do they use robots?") is made standalone by the API.
        for shown, kept, copied in _converse(
            library, message, message, from_files(files), turns, history, turns, Options(k, mode, model)
        ):
            yield "", shown, kept, copied

    return chat


def paper_handler(library: Library) -> Callable[..., Iterator[tuple[Any, Messages, Turns, str]]]:
    def ask_paper(
        paper_id: str | None, question: str, history: Messages, turns: Turns, k: int, mode: str, model: str
    ) -> Iterator[tuple[Any, Messages, Turns, str]]:
        paper = library.base.retriever.papers.get(paper_id or "") if library.ready.is_set() else None
        if paper is None:
            note = note_html("Pick a paper in the Papers tab first (search, then choose it in the list).")
            yield gr.Tabs(selected="chat"), [*history, {"role": "assistant", "content": note}], turns, ""
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
        copied = gr.State("")  # the last answer as Markdown, for the copy box
        with gr.Tabs() as tabs:
            with gr.Tab("Chat", id="chat"):
                chatbot = gr.Chatbot(
                    label="Conversation", height=580, latex_delimiters=[], buttons=[],
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
                with gr.Accordion("Copy the answer (Markdown, with numbered references)", open=False):
                    # The copy button shows only beside a label.
                    copy_box = gr.Textbox(label="The last answer", lines=4, max_lines=16, interactive=False,
                                          buttons=["copy"], elem_id="answer-markdown",
                                          placeholder="The last answer appears here, ready to copy.")
            with gr.Tab("Papers", id="papers") as papers_tab:
                with gr.Row():
                    query = gr.Textbox(placeholder="Words in titles and abstracts; empty lists the whole library",
                                       show_label=False, scale=6, elem_id="paper-query")
                    find = gr.Button("Search", scale=1, elem_id="search")
                sort, source, page, back, forward = browse_controls(library.source_files())
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
            history_tab(library, tabs, chatbot, turns, copy_box)

        private: dict[str, Any] = {"api_visibility": "private", "queue": False}
        asking: dict[str, Any] = {"concurrency_limit": CONCURRENCY, "concurrency_id": "answer"}
        chat = chat_handler(library)
        chat_io: dict[str, Any] = {
            "inputs": [box, chatbot, turns, k, mode, model, files], "outputs": [box, chatbot, turns, copied]
        }
        show_copy: dict[str, Any] = {"fn": lambda text: text, "inputs": copied, "outputs": copy_box, **private}
        box.submit(chat, **chat_io, api_name="chat", **asking).then(**show_copy)
        send.click(chat, **chat_io, api_visibility="private", **asking).then(**show_copy)
        chatbot.example_select(example_text, None, box, **private).then(
            chat, **chat_io, api_visibility="private", **asking
        ).then(**show_copy)
        clear.click(lambda: ("", [], []), None, [box, chatbot, turns], **private)
        chatbot.clear(lambda: ("", []), None, [box, turns], **private)
        about_io: dict[str, Any] = {
            "inputs": [pick, about, chatbot, turns, k, mode, model], "outputs": [tabs, chatbot, turns, copied]
        }
        ask_it.click(paper_handler(library), **about_io, api_name="ask_paper", **asking).then(**show_copy)
        papers = papers_handler(library)
        browse: dict[str, Any] = {"inputs": [query, sort, source, page], "outputs": [listing, pick],
                                  "concurrency_limit": CONCURRENCY}
        find.click(papers, **browse, api_name="papers")
        for event in [query.submit, papers_tab.select]:
            event(papers, **browse, api_visibility="private")
        turned: dict[str, Any] = {"inputs": [sort, source, page], "outputs": [listing, pick, page],
                                  "api_visibility": "private", "concurrency_limit": CONCURRENCY}
        back.click(turn_page(library, -1), **turned)
        forward.click(turn_page(library, +1), **turned)
        for change in [sort.input, source.input]:
            change(turn_page(library, 0), **turned)
        upload.upload(upload_handler(library), upload, [added, files, status, upload], api_name="add")

        def poll() -> tuple[str, Any, Any, Any]:
            ready, names = library.ready.is_set(), library.source_files()
            return library.status(), gr.Timer(active=not ready), gr.Dropdown(choices=names), gr.Dropdown(choices=names)

        timer.tick(poll, None, [status, timer, files, source], **private)
        demo.load(poll, None, [status, timer, files, source], **private)
    return demo


def launch(
    assistant: Assistant, host: str = "127.0.0.1", port: int = 7860, share: bool = False, block: bool = True
) -> gr.Blocks:
    """Serve the page; the index is opened (built on the first run) in the background meanwhile."""
    auth = assistant.settings.login  # ASSISTANT_AUTH=user:pass puts the page behind a login
    demo = build(Library(assistant).start())
    try:
        demo.queue(default_concurrency_limit=CONCURRENCY).launch(
            server_name=host, server_port=port, share=share, auth=auth, prevent_thread_lock=not block,
            show_error=False, theme=gr.themes.Soft(), css=CSS, footer_links=["api"], max_file_size=UPLOAD_LIMIT,
        )
    except OSError:  # Gradio's error for a port in use or an address this machine does not have
        raise SettingError(
            f"cannot serve on {host}:{port}: the port is in use or the address is not this machine's; "
            "choose another --port or --host"
        ) from None
    return demo

"""The chat page: a Gradio layer over assistant.api, served by `assistant serve` and `python app.py`.

Everything from the collection reaches the page as HTML made by assistant.present.html, which escapes it, so
an abstract holding `<script>` or a markdown link is shown as the text it is, never run or rendered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from ..api import SUPPORTED_SUFFIXES, Assistant
from ..errors import SettingError
from .chat import EXAMPLES, PAPER_QUESTION, chat_handler, example_text, paper_handler, upload_handler
from .library import MODES, Library
from .panels import browse_controls, history_tab, papers_handler, shown_copies, turn_page

CONCURRENCY = 8  # questions answered at once; more wait in Gradio's queue
STATUS_EVERY_S = 5.0
PRIVATE: dict[str, Any] = {"api_visibility": "private", "queue": False}
ASKING: dict[str, Any] = {"concurrency_limit": CONCURRENCY, "concurrency_id": "answer"}
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
.reply.hedged { border-left: 4px solid #d97706; padding-left: .8em; }
.reply .badge { display: inline-block; background: #fef3c7; color: #92400e; border-radius: 4px; padding: 0 .5em;
  font-size: .85em; font-weight: 600; }
"""


@dataclass
class Session:
    """What every tab reads or writes: the tabs, the conversation and the last answer's Markdown."""

    tabs: gr.Tabs
    turns: gr.State
    copied: gr.State
    status: gr.Markdown


@dataclass
class ChatTab:
    chatbot: gr.Chatbot
    box: gr.Textbox
    send: gr.Button
    clear: gr.Button
    k: gr.Slider
    mode: gr.Radio
    model: gr.Textbox
    files: gr.Dropdown
    copy_box: gr.Textbox
    bibtex_box: gr.Textbox


def chat_tab(library: Library) -> ChatTab:
    settings = library.base.settings
    with gr.Tab("Chat", id="chat"):
        chatbot = gr.Chatbot(
            label="Conversation", height=580, latex_delimiters=[], buttons=[], feedback_options=None,
            examples=[{"text": q} for q in EXAMPLES], elem_id="chatbot",
            placeholder="Ask about the papers, or start from an example:",
        )
        with gr.Row():
            box = gr.Textbox(label="Question", placeholder="Ask a question about the papers…", show_label=False,
                             scale=8, max_lines=6, autofocus=True, elem_id="question")
            send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
            clear = gr.Button("Clear", scale=1, elem_id="clear")
        with gr.Accordion("Settings", open=False):
            k = gr.Slider(1, 20, value=settings.k, step=1, label="Sources: papers retrieved")
            mode = gr.Radio(MODES, value=settings.mode, label="Answer mode",
                            info="auto: an LLM when OPENAI_API_KEY is set, else extractive (offline)")
            model = gr.Textbox(value=settings.model, label="Model (LLM mode)")
            files = gr.Dropdown(choices=library.source_files(), multiselect=True, allow_custom_value=True,
                                label="Only papers from",
                                info="Source files to answer from; empty means the whole collection")
        with gr.Accordion("Copy the answer (Markdown with numbered references, and BibTeX)", open=False):
            # The copy button shows only beside a label.
            copy_box = gr.Textbox(label="The last answer", lines=4, max_lines=16, interactive=False,
                                  buttons=["copy"], elem_id="answer-markdown",
                                  placeholder="The last answer appears here, ready to copy.")
            bibtex_box = gr.Textbox(label="Its sources as BibTeX", lines=3, max_lines=16, interactive=False,
                                    buttons=["copy"], elem_id="answer-bibtex",
                                    placeholder="The cited papers' BibTeX entries, for your .bib file.")
    return ChatTab(chatbot, box, send, clear, k, mode, model, files, copy_box, bibtex_box)


def shows_copies(chat: ChatTab, session: Session) -> dict[str, Any]:
    """The step after an answer that fills the copy boxes."""
    return {"fn": shown_copies, "inputs": session.copied, "outputs": [chat.copy_box, chat.bibtex_box], **PRIVATE}


def wire_chat(library: Library, chat: ChatTab, session: Session) -> None:
    answer = chat_handler(library)
    io: dict[str, Any] = {
        "inputs": [chat.box, chat.chatbot, session.turns, chat.k, chat.mode, chat.model, chat.files],
        "outputs": [chat.box, chat.chatbot, session.turns, session.copied],
    }
    show_copy = shows_copies(chat, session)
    chat.box.submit(answer, **io, api_name="chat", **ASKING).then(**show_copy)
    chat.send.click(answer, **io, api_visibility="private", **ASKING).then(**show_copy)
    chat.chatbot.example_select(example_text, None, chat.box, **PRIVATE).then(
        answer, **io, api_visibility="private", **ASKING
    ).then(**show_copy)
    chat.clear.click(lambda: ("", [], []), None, [chat.box, chat.chatbot, session.turns], **PRIVATE)
    chat.chatbot.clear(lambda: ("", []), None, [chat.box, session.turns], **PRIVATE)


def papers_tab(library: Library, chat: ChatTab, session: Session) -> gr.Dropdown:
    """The Papers tab: search or browse the library, ask about one paper, add abstracts. Returns its
    source-file filter, which follows the collection's files."""
    with gr.Tab("Papers", id="papers") as tab:
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
            upload = gr.File(file_count="multiple", file_types=sorted(SUPPORTED_SUFFIXES), elem_id="upload",
                             label="Upload .txt (a title line, then its abstract), .jsonl or .csv (title, abstract), "
                             "or a reference manager's export: .bib, .ris, CSL .json, zotero.sqlite")
            added = gr.Markdown(elem_id="added")
    about_io: dict[str, Any] = {
        "inputs": [pick, about, chat.chatbot, session.turns, chat.k, chat.mode, chat.model],
        "outputs": [session.tabs, chat.chatbot, session.turns, session.copied],
    }
    show_copy = shows_copies(chat, session)
    ask_it.click(paper_handler(library), **about_io, api_name="ask_paper", **ASKING).then(**show_copy)
    browse: dict[str, Any] = {"inputs": [query, sort, source, page], "outputs": [listing, pick],
                              "concurrency_limit": CONCURRENCY}
    papers = papers_handler(library)
    find.click(papers, **browse, api_name="papers")
    for event in [query.submit, tab.select]:
        event(papers, **browse, api_visibility="private")
    turned: dict[str, Any] = {"inputs": [sort, source, page], "outputs": [listing, pick, page],
                              "api_visibility": "private", "concurrency_limit": CONCURRENCY}
    back.click(turn_page(library, -1), **turned)
    forward.click(turn_page(library, +1), **turned)
    for change in [sort.input, source.input]:
        change(turn_page(library, 0), **turned)
    upload.upload(upload_handler(library), upload, [added, chat.files, session.status, upload], api_name="add")
    return source


def build(library: Library) -> gr.Blocks:
    with gr.Blocks(title="Paper assistant") as demo:
        gr.Markdown("# Paper assistant\nAsk questions of a collection of research-paper abstracts. "
                    "Every claim cites the paper it came from.")
        status = gr.Markdown(library.status, elem_id="status")
        timer = gr.Timer(1.0)  # fast while the index opens, then every STATUS_EVERY_S (poll)
        turns, copied = gr.State([]), gr.State([])  # copied: the last answer as Markdown and BibTeX (copy_text)
        with gr.Tabs() as tabs:
            session = Session(tabs, turns, copied, status)
            chat = chat_tab(library)
            source = papers_tab(library, chat, session)
            history_tab(library, tabs, chat.chatbot, session.turns, [chat.copy_box, chat.bibtex_box])
        wire_chat(library, chat, session)

        def poll() -> tuple[str, Any, Any, Any]:
            # Once ready, the status is read every few seconds: another process's ingest may begin, or die.
            ready, names = library.ready.is_set(), library.source_files()
            timer = gr.Timer(value=STATUS_EVERY_S if ready else 1.0)
            return library.status(), timer, gr.Dropdown(choices=names), gr.Dropdown(choices=names)

        timer.tick(poll, None, [status, timer, chat.files, source], **PRIVATE)
        demo.load(poll, None, [status, timer, chat.files, source], **PRIVATE)
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
            show_error=False, theme=gr.themes.Soft(), css=CSS, footer_links=["api"],
            max_file_size=f"{assistant.settings.max_upload_mb}mb",  # a larger file is added with `assistant ingest`
        )
    except OSError:  # Gradio's error for a port in use or an address this machine does not have
        raise SettingError(
            f"cannot serve on {host}:{port}: the port is in use or the address is not this machine's; "
            "choose another --port or --host"
        ) from None
    return demo

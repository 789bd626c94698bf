"""The page's library and history: the Papers tab's browsing (a page at a time, by title or source file),
the History tab that reopens a past answer in the chat, and the Markdown copy of an answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr

from ..errors import AssistantError, HistoryError
from ..present.catalog import PER_PAGE, SORTS, Listing, Sort
from ..present.formats import bibtex, markdown
from ..present.html import history_html, listing_html, note_html, papers_html, reply_html, user_html
from ..records import Answer, Entry, MadeWith, Paper
from .library import Library

HISTORY_LISTED = 50
Messages = list[dict[str, Any]]
Turns = list[tuple[str, str]]
Copies = list[str]  # the last answer as Markdown and as BibTeX (copy_text), or none yet


def copy_text(answer: Answer, made: MadeWith) -> Copies:
    """What the copy boxes hold: the answer in Markdown with its numbered references, and the cited papers as
    BibTeX entries for a paper's .bib."""
    return [markdown(answer, made), bibtex(answer.citations)]


def shown_copies(copies: Copies | None) -> tuple[str, str]:
    return (copies[0], copies[1]) if copies else ("", "")


# --- Papers ------------------------------------------------------------------------------------------------
def _page(library: Library, sort: str, source: str | None, page: int) -> Listing:
    """The listing page, moved inside the pages there are (a stale page number shows the last page)."""
    chosen: Sort = "source" if sort == "source" else "title"
    first = library.base.browse(chosen, source or None, 1, PER_PAGE)
    wanted = min(max(1, page), first.pages)
    return first if wanted == 1 else library.base.browse(chosen, source or None, wanted, PER_PAGE)


def papers_handler(library: Library) -> Callable[..., tuple[str, Any]]:
    """Search with words, or browse the whole collection a page at a time when the box is empty."""

    def papers(
        query: str, sort: str = "title", source: str | None = None, page: float | None = 1
    ) -> tuple[str, Any]:
        query = (query or "").strip()
        try:
            library.wait()
            if query:
                found: list[Paper] = library.base.papers(query)
                shown = papers_html(found, f"{len(found)} best matches for “{query}”")
            else:
                listing = _page(library, sort, source, int(page or 1))
                found, shown = listing.papers, listing_html(listing)
        except AssistantError as err:
            return papers_html([], str(err)), gr.Dropdown(choices=[], value=None)
        choices = [(p.title, p.id) for p in found]
        return shown, gr.Dropdown(choices=choices, value=choices[0][1] if choices else None)

    return papers


def turn_page(library: Library, step: int) -> Callable[..., tuple[str, Any, int]]:
    """Previous (-1), next (+1) or first (0) page of the listing, with the page number it lands on."""
    show = papers_handler(library)

    def turn(sort: str, source: str | None, page: float | None) -> tuple[str, Any, int]:
        try:
            library.wait()
            target = 1 if step == 0 else _page(library, sort, source, int(page or 1) + step).page
        except AssistantError:
            target = 1
        return (*show("", sort, source, target), target)

    return turn


# --- History -----------------------------------------------------------------------------------------------
def history_handler(library: Library) -> Callable[[str], tuple[str, Any]]:
    def past(query: str) -> tuple[str, Any]:
        query = (query or "").strip()
        try:
            entries = library.base.history.search(query or None, limit=HISTORY_LISTED)
        except HistoryError as err:
            return history_html([], str(err)), gr.Dropdown(choices=[], value=None)
        heading = (f"{len(entries)} past answers matching “{query}”" if query else
                   f"The latest {len(entries)} answers" if entries else "No answers yet: ask one in the Chat tab.")
        choices = [(f"#{e.id} {e.answer.question[:90]}", e.id) for e in entries]
        return history_html(entries, heading), gr.Dropdown(choices=choices, value=choices[0][1] if choices else None)

    return past


def reopened(entry: Entry) -> str:
    """A past answer as the chat shows it, saying when it was asked."""
    asked = f'<p class="meta">From the history: #{entry.id}, asked {entry.asked_at.astimezone():%Y-%m-%d %H:%M}</p>'
    shown = reply_html(entry.answer, entry.answer.usage.latency_s, entry.made.model or "")
    opening = shown.index(">") + 1  # after the reply's own <div class="reply…">
    return shown[:opening] + asked + shown[opening:]


def open_handler(library: Library) -> Callable[..., tuple[Any, Messages, Turns, str, str]]:
    """Reopen a past answer in the chat; follow-ups are then asked in its context."""

    def reopen(
        entry_id: float | str | None, history: Messages, turns: Turns
    ) -> tuple[Any, Messages, Turns, str, str]:
        try:
            entry = library.base.history.get(int(entry_id or 0))
        except (HistoryError, ValueError):
            note = note_html("Pick a past answer in the History tab first.")
            return gr.Tabs(selected="chat"), [*history, {"role": "assistant", "content": note}], turns, "", ""
        messages = [*history, {"role": "user", "content": user_html(entry.answer.question)},
                    {"role": "assistant", "content": reopened(entry)}]
        kept = [*turns, (entry.answer.question, entry.answer.text)]
        return gr.Tabs(selected="chat"), messages, kept, *shown_copies(copy_text(entry.answer, entry.made))

    return reopen


def history_tab(
    library: Library, tabs: gr.Tabs, chatbot: gr.Chatbot, turns: gr.State, copy_boxes: list[gr.Textbox]
) -> gr.Tab:
    """The History tab: search past answers, pick one, reopen it in the chat."""
    with gr.Tab("History", id="history", elem_id="history-tab") as tab:
        with gr.Row():
            query = gr.Textbox(placeholder="Words in past questions and answers", show_label=False, scale=6,
                               elem_id="history-query")
            find = gr.Button("Search", scale=1, elem_id="history-search")
        listing = gr.HTML(elem_id="history-listing")
        with gr.Row():
            pick = gr.Dropdown(choices=[], label="Past answer", scale=6, elem_id="history-pick")
            reopen = gr.Button("Reopen in the chat", scale=1, elem_id="history-open")
    past = history_handler(library)
    find.click(past, query, [listing, pick], api_name="history")
    query.submit(past, query, [listing, pick], api_visibility="private")
    tab.select(past, query, [listing, pick], api_visibility="private")
    reopen.click(open_handler(library), [pick, chatbot, turns], [tabs, chatbot, turns, *copy_boxes],
                 api_name="open_history")
    return tab


def browse_controls(files: list[str]) -> tuple[gr.Radio, gr.Dropdown, gr.Number, gr.Button, gr.Button]:
    """Sort, source-file filter and paging of the Papers tab (used when the search box is empty). Any file name
    is accepted (uploads add files); one the collection lacks gets a message naming those it has."""
    with gr.Row():
        sort = gr.Radio(list(SORTS), value="title", label="Sort by", scale=2, elem_id="paper-sort")
        source = gr.Dropdown(choices=files, value=None, label="Only from source file", scale=3,
                             allow_custom_value=True, elem_id="paper-source")
        page = gr.Number(value=1, precision=0, minimum=1, label="Page", scale=1, elem_id="paper-page")
        back = gr.Button("◀ Previous", scale=1, elem_id="paper-prev")
        forward = gr.Button("Next ▶", scale=1, elem_id="paper-next")
    return sort, source, page, back, forward

"""The page's library, history and reusable citations, served for real and driven through gradio_client."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lab_papers
import pytest
from conftest import serving
from gradio_client import Client
from lab_papers import FINCH, KELP, OCTOPUS
from test_app import cited, reply, visible

from assistant.storage.history import History

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    home = lab_papers.build(tmp_path_factory.mktemp("lab"))
    with serving(home, ASSISTANT_COLLECTION=lab_papers.COLLECTION) as url:
        yield url, home


def choices(dropdown: Any) -> list[str]:
    """The value of a Dropdown update as the client returns it."""
    return dropdown if isinstance(dropdown, str) else dropdown["value"]


def test_the_library_lists_pages_without_a_search(page: tuple[str, Path]) -> None:
    client = Client(page[0], verbose=False)
    listing, pick = client.predict(query="", api_name="/papers")
    assert "Papers 1–4 of 4, by title (page 1 of 1)" in html.unescape(listing)
    titles = [html.unescape(t) for t in re.findall(r"<summary>(.*?)</summary>", listing)]
    assert titles[0] == KELP and titles[1] == OCTOPUS and titles[3] == FINCH
    assert choices(pick) == "kelp"
    shown = html.unescape(listing)
    assert "2021 · Ana Ruiz, Ben Okafor · " in shown
    assert '<a href="https://example.org/finch" target="_blank" rel="noopener noreferrer">' in shown
    only, _ = client.predict(query="", sort="source", source="extra.jsonl", api_name="/papers")
    assert "Papers 1–1 of 1 from extra.jsonl, by source" in html.unescape(only) and OCTOPUS in only
    stale, _ = client.predict(query="", page=7, api_name="/papers")  # a page past the end shows the last one
    assert "(page 1 of 1)" in html.unescape(stale)


def test_a_latex_title_reads_as_math(page: tuple[str, Path]) -> None:
    listing, _ = Client(page[0], verbose=False).predict(query="", api_name="/papers")
    t5x = next(t for t in re.findall(r"<summary>(.*?)</summary>", listing) if "Scaling Up" in t)
    assert t5x.count("<math") == 2 and '<mtext mathvariant="monospace">t5x</mtext>' in t5x
    assert "$" not in html.unescape(re.sub(r"<[^>]+>", "", t5x))


def test_sources_show_year_authors_and_link(page: tuple[str, Path]) -> None:
    text = reply(Client(page[0], verbose=False).predict(message="How do zebra finches learn their song?",
                                                        api_name="/chat"))
    assert cited(text) == [FINCH]
    assert "2021 · Ana Ruiz, Ben Okafor · https://example.org/finch" in visible(text)
    assert '<a href="https://example.org/finch"' in html.unescape(text)


def test_history_lists_and_reopens_an_answer(page: tuple[str, Path]) -> None:
    client = Client(page[0], verbose=False)
    asked = reply(client.predict(message="Where do kelp forests keep their carbon?", api_name="/chat"))
    entry = History(page[1]).search("kelp carbon", limit=1)[0]
    listing, pick = client.predict(query="kelp", api_name="/history")
    assert f"#{entry.id} · " in html.unescape(listing) and "Where do kelp forests keep their carbon?" in listing
    assert choices(pick) == entry.id
    messages, copy, bib = client.predict(entry_id=entry.id, api_name="/open_history")  # (not the tab switch)
    reopened = reply(messages)
    assert f"From the history: #{entry.id}" in visible(reopened)
    assert cited(reopened) == cited(asked) == [KELP]
    assert copy.startswith("**Q:** Where do kelp forests keep their carbon?")
    assert f"- [1] {KELP}. Cho, Dube, Eze et al. (2019). https://example.org/kelp" in copy
    assert bib.startswith("@misc{") and f"title = {{{{{KELP}}}}}" in bib and "url = {https://example.org/kelp}" in bib
    missing = client.predict(entry_id=None, api_name="/open_history")
    assert "Pick a past answer" in visible(reply(missing[0]))

"""The chat page in a real browser (Debian's chromium driven by Playwright): ask, read the sources, add
abstracts, and check that markup inside an abstract is shown as text and never run."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import MISSING_CHROMIUM, have_chromium, serving
from playwright.sync_api import Browser, Dialog, Page

NASTY = "<script>alert('xss')</script> see [click](javascript:alert(1)) <img src=x onerror=alert(2)>"


pytestmark = [
    pytest.mark.browser, pytest.mark.slow, pytest.mark.skipif(not have_chromium(), reason=MISSING_CHROMIUM)
]


@contextmanager
def serving_copy(built_home: Path, home: Path) -> Iterator[str]:
    """The page on a private copy of the shipped index at `home`."""
    shutil.copytree(built_home, home)
    with serving(home) as url:
        yield url


@pytest.fixture(scope="module")
def url(built_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The page for the tests that only ask and read: none of them adds papers to it."""
    with serving_copy(built_home, tmp_path_factory.mktemp("browser") / "home") as address:
        yield address


@pytest.fixture
def own_url(built_home: Path, tmp_path: Path) -> Iterator[str]:
    """A page of its own for a test that uploads, so no other test's outcome depends on what it adds."""
    with serving_copy(built_home, tmp_path / "page-home") as address:
        yield address


@pytest.fixture
def dialogs() -> list[str]:
    """Messages of every alert() or confirm() the page raised."""
    return []


@contextmanager
def tab_on(browser: Browser, url: str, dialogs: list[str]) -> Iterator[Page]:
    """A fresh tab on the page at `url`, ready to use."""
    tab = browser.new_page(viewport={"width": 1280, "height": 1000})

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", record)
    tab.goto(url)
    tab.wait_for_selector("#status:has-text('Ready')", timeout=60_000)  # Gradio never goes network-idle
    yield tab
    tab.close()


@pytest.fixture
def page(browser: Browser, url: str, dialogs: list[str]) -> Iterator[Page]:
    with tab_on(browser, url, dialogs) as tab:
        yield tab


@pytest.fixture
def own_page(browser: Browser, own_url: str, dialogs: list[str]) -> Iterator[Page]:
    """A tab on a page of its own (see own_url)."""
    with tab_on(browser, own_url, dialogs) as tab:
        yield tab


def ask(page: Page, question: str, until: str = "#chatbot details.sources") -> None:
    """Type the question, send it, and wait for the answer's `until` element."""
    page.fill("#question textarea", question)
    page.keyboard.press("Enter")
    page.wait_for_selector(until, timeout=60_000)


def screenshot(page: Page, path: Path) -> None:
    """The page with the conversation scrolled to its top, as the README shows it."""
    page.evaluate("() => document.querySelectorAll('#chatbot *').forEach(e => { e.scrollTop = 0; })")
    page.screenshot(path=str(path))


def upload(page: Page, path: Path) -> str:
    page.get_by_role("tab", name="Papers").click()
    page.set_input_files("#upload input[type=file]", str(path))
    page.wait_for_selector(f"#added:has-text('{path.name}')", timeout=60_000)
    return page.inner_text("#added")


def unfold(page: Page, summary: str) -> None:
    """Open a <details> by its summary. Dispatched, because the chatbot's "scroll down" button may float on top."""
    page.locator(summary).first.dispatch_event("click")


def search(page: Page, words: str) -> str:
    page.fill("#paper-query textarea", words)
    page.click("#search")
    page.wait_for_selector(f"#listing :text('best matches for “{words}”')", timeout=30_000)
    return page.inner_text("#listing")


def test_a_question_streams_in_with_its_sources(page: Page, dialogs: list[str], screenshots: Path) -> None:
    # Record every state of the last message, to see the answer arrive in pieces before its sources.
    page.evaluate(
        """() => { window.seen = [];
        new MutationObserver(() => { const bot = document.querySelectorAll('#chatbot .reply');
          if (bot.length) window.seen.push(bot[bot.length - 1].innerText); })
        .observe(document.querySelector('#chatbot'), {subtree: true, childList: true, characterData: true}); }"""
    )
    ask(page, "What explains grokking?")
    seen = page.evaluate("window.seen")
    assert any("rokking" in s and "Sources (" not in s for s in seen), "the text showed before the sources"
    unfold(page, "#chatbot details.sources > summary")
    sources = page.locator("#chatbot details.sources li")
    assert sources.count() >= 2
    assert "Grokking" in sources.first.inner_text() and "score" in sources.first.inner_text()
    assert "Extractive answer" in page.inner_text("#chatbot")
    screenshot(page, screenshots / "screenshot.png")
    unfold(page, "#chatbot details.sources li details > summary")
    assert "To illustrate this mechanism" in sources.first.inner_text()  # the whole abstract opens
    assert dialogs == []


def test_uploaded_abstracts_can_be_found_at_once(own_page: Page, finch_notes: Callable[[str], Path]) -> None:
    notes = finch_notes("finches.jsonl")
    assert "Added finches.jsonl: 1 paper" in upload(own_page, notes)
    assert "Zebra finch vocal learning with recurrent networks" in search(own_page, "zebra finch song")


def test_a_bibtex_library_is_uploaded_and_its_papers_link_their_doi_and_give_bibtex_back(own_page: Page) -> None:
    library = Path(__file__).parent / "data" / "library" / "zotero.bib"
    added = upload(own_page, library)
    assert "Added zotero.bib: 30 papers" in added and "1 entry without an abstract skipped" in added
    search(own_page, "masked autoencoders scalable vision")
    assert own_page.locator("#listing a[href='https://doi.org/10.48550/arxiv.2111.06377']").count() == 1
    assert own_page.locator("#listing a[href='https://arxiv.org/abs/2111.06377']").count() == 1
    own_page.get_by_role("tab", name="Chat").click()
    ask(own_page, "Are masked autoencoders scalable vision learners?")
    unfold(own_page, "text=Copy the answer")
    own_page.wait_for_function("() => document.querySelector('#answer-bibtex textarea').value.includes('@misc')")
    assert "eprint = {2111.06377}" in own_page.locator("#answer-bibtex textarea").input_value()


def test_markup_in_an_abstract_is_shown_literally_and_never_runs(
    own_page: Page, dialogs: list[str], tmp_path: Path
) -> None:
    page = own_page
    trap = tmp_path / "trap.jsonl"
    trap.write_text(json.dumps({
        "title": "Octopus arm coordination <b>bold</b> [home](javascript:alert(3))",
        "abstract": f"Octopus arms coordinate reaching without central control. {NASTY} "
        "Each arm runs its own local reflex loop, and the brain only sets the goal of the reach.",
    }) + "\n")
    upload(page, trap)
    listing = search(page, "octopus arm reaching")
    assert "Octopus arm coordination <b>bold</b> [home](javascript:alert(3))" in listing
    page.click("#listing details.paper >> nth=0 >> summary")
    assert NASTY in page.inner_text("#listing")
    page.click("#ask-paper")
    page.wait_for_selector("#chatbot details.sources", timeout=60_000)
    unfold(page, "#chatbot details.sources > summary")
    unfold(page, "#chatbot details.sources li details > summary")
    chat = page.inner_text("#chatbot")
    assert NASTY in chat and "[home](javascript:alert(3))" in chat
    for injected in ["a[href^='javascript']", "img[src='x']", "#chatbot script", "#listing script", "b:text('bold')"]:
        assert page.locator(injected).count() == 0, injected
    page.wait_for_timeout(500)
    assert dialogs == []


def test_a_near_miss_is_declined_with_related_reading_and_no_sources(page: Page, screenshots: Path) -> None:
    ask(page, "can a watermark in LLM-generated text survive paraphrasing?", until="#chatbot details.related")
    reply = page.inner_text("#chatbot .reply")
    assert "watermark" in reply and "Related reading" in reply
    assert page.locator("#chatbot details.sources:not(.related)").count() == 0  # nothing is cited as support
    assert page.locator("#chatbot details.related li").count() >= 1
    screenshot(page, screenshots / "declined.png")


def test_a_hedged_answer_is_marked_and_shows_its_closest_passages(page: Page, screenshots: Path) -> None:
    question = "does speculative decoding with a draft model speed up inference of LLMs on phones?"
    ask(page, question, until="#chatbot .reply.hedged details.sources")
    reply = page.inner_text("#chatbot .reply.hedged")
    assert "Not a clear answer" in reply and "The collection may not answer this" in reply
    assert "“speculative decoding”" in reply and "Closest passages, not an answer (3)" in reply
    badge = page.locator("#chatbot .reply.hedged .badge")
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(254, 243, 199)"  # amber, at a glance
    screenshot(page, screenshots / "hedged.png")

"""The History panel, the browsable library and the copy box in a real browser (Chromium driven by Playwright):
past answers are listed and one is reopened in the chat; the library lists every paper with math titles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lab_papers
import pytest
from conftest import MISSING_CHROMIUM, have_chromium, serving
from playwright.sync_api import Browser, Page
from test_browser import unfold

from assistant import Assistant
from assistant.config import Settings

EARLIER = ["How do zebra finches learn their song?", "What is the best recipe for sourdough bread?",
           "Which libraries help train large language models on many chips?"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not have_chromium(), reason=MISSING_CHROMIUM),
]


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The page on the lab collection, with a few answers already in its history."""
    home = lab_papers.build(tmp_path_factory.mktemp("lab"))
    earlier = Assistant(settings=Settings(home=home, collection=lab_papers.COLLECTION))
    for question in EARLIER:
        earlier.ask(question)
    with serving(home, ASSISTANT_COLLECTION=lab_papers.COLLECTION) as address:
        yield address


@pytest.fixture
def page(browser: Browser, url: str) -> Iterator[Page]:
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    tab.goto(url)
    tab.wait_for_selector("#status:has-text('Ready')", timeout=60_000)  # Gradio never goes network-idle
    yield tab
    tab.close()


def test_history_panel_lists_past_answers_and_reopens_one(page: Page, screenshots: Path) -> None:
    page.fill("#question textarea", "Where do kelp forests keep their carbon?")
    page.keyboard.press("Enter")
    page.wait_for_selector("#chatbot details.sources", timeout=60_000)
    page.get_by_text("Copy the answer").click()
    copy = page.locator("#answer-markdown textarea")
    copy.wait_for(timeout=30_000)
    page.wait_for_function("() => document.querySelector('#answer-markdown textarea').value.includes('References')")
    assert "- [1] Kelp forests store carbon along cold coasts. Cho, Dube, Eze et al. (2019)" in copy.input_value()
    assert page.locator("#answer-markdown button[aria-label='Copy']").count() == 1

    page.get_by_role("tab", name="History").click()
    page.wait_for_selector("#history-listing :text('Where do kelp forests keep their carbon?')", timeout=30_000)
    listed = page.inner_text("#history-listing")
    assert "The latest 4 answers" in listed
    assert all(q in listed for q in EARLIER)
    assert listed.index("Where do kelp forests") < listed.index(EARLIER[-1])  # newest first
    page.screenshot(path=str(screenshots / "history.png"))

    page.click("#history-open")  # the newest answer is picked
    page.wait_for_selector("#chatbot :text('From the history: #4')", timeout=30_000)
    assert page.locator("#chatbot .reply").count() == 2  # the answer asked here, and the reopened one


def test_the_library_lists_every_paper_with_math_titles(page: Page) -> None:
    page.get_by_role("tab", name="Papers").click()
    page.wait_for_selector("#listing :text('Papers 1–4 of 4')", timeout=30_000)
    assert page.locator("#listing math").count() == 2  # the LaTeX title, drawn as MathML
    unfold(page, f"#listing summary:has-text('{lab_papers.FINCH}')")
    assert "2021 · Ana Ruiz, Ben Okafor · lab.jsonl · finch · https://example.org/finch" in page.inner_text("#listing")
    assert page.locator("#listing a[href='https://example.org/finch']").count() == 1
    page.locator("#paper-sort label:has-text('source')").click()
    page.wait_for_selector("#listing :text('by source')", timeout=30_000)
    titles = page.locator("#listing details.paper > summary").all_inner_texts()
    assert titles[0] == lab_papers.OCTOPUS  # extra.jsonl comes before lab.jsonl

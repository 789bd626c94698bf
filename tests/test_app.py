"""The chat page served for real (in-process Gradio on a free port) and driven through gradio_client."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import FINCH_PAPER, KEYS, free_port, serving
from gradio_client import Client, handle_file
from gradio_client.exceptions import AuthenticationError
from openai_server import OpenAIServer, Reply
from typer.testing import CliRunner

from assistant import Assistant
from assistant.cli.main import app as cli
from assistant.config import Settings
from assistant.errors import SettingError
from assistant.present import html as view
from assistant.records import Answer, Citation, Hit, Paper, Related
from assistant.web import chat as web_chat
from assistant.web import library as web_library
from assistant.web import page as web_page

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def page(built_home: Path) -> Iterator[str]:
    with serving(built_home) as url:
        yield url


@pytest.fixture(scope="module")
def titles(built_home: Path) -> set[str]:
    return {p.title for p in Assistant(settings=Settings(home=built_home)).papers()}


def reply(result: Any) -> str:
    """The last assistant message of a /chat result (its HTML)."""
    messages = result[-1] if isinstance(result, tuple) else result
    content = messages[-1]["content"]
    return str(content if isinstance(content, str) else content[0]["text"])  # a handler's own or the client's


def cited(text: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'<span class="title">\[\d+\] (.*?)</span>', text)]


def visible(text: str) -> str:
    """What a reader sees: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def test_an_answer_cites_papers_of_the_collection(page: str, titles: set[str]) -> None:
    text = reply(Client(page, verbose=False).predict(message="What explains grokking?", api_name="/chat"))
    sources = cited(text)
    assert sources and set(sources) <= titles
    assert any("rokking" in t for t in sources)
    assert "Extractive answer" in visible(text) and "no tokens used" in visible(text)
    assert '<details class="sources">' in text and "<summary>Abstract</summary>" in text


def test_the_answer_streams_in(page: str) -> None:
    job = Client(page, verbose=False).submit(message="What limits the scaling of robot policies?", api_name="/chat")
    job.result()
    texts = [reply(out) for out in job.outputs()]
    partial = [t for t in texts if t and "Sources (" not in t]
    assert len(partial) >= 2, "the text arrives in pieces before the finished answer"
    assert len(visible(partial[0])) < len(visible(partial[-1]))
    assert "Sources (" in texts[-1]


@pytest.mark.parametrize(
    ("message", "expected"),
    [("", "Please type a question"), ("   ", "Please type a question"), ("why " * 600, "the limit is 2,000")],
)
def test_bad_messages_get_a_polite_answer(page: str, message: str, expected: str) -> None:
    text = visible(reply(Client(page, verbose=False).predict(message=message, api_name="/chat")))
    assert expected in text
    assert "Traceback" not in text


def test_a_follow_up_keeps_the_topic(page: str) -> None:
    client = Client(page, verbose=False)
    first = client.predict(message="What explains grokking?", api_name="/chat")
    follow = client.predict(message="do they study transformers?", history=first[1], api_name="/chat")
    assert len(follow[1]) == 4  # both turns are in the conversation
    assert any("rokking" in t for t in cited(reply(follow)))


def test_a_source_file_filter_keeps_to_that_file(page: str, built_home: Path) -> None:
    papers = {p.title: p for p in Assistant(settings=Settings(home=built_home)).papers()}
    only = "001_cd0b2d4dd7798c29.txt"
    text = reply(Client(page, verbose=False).predict(message="scaling laws", files=[only], api_name="/chat"))
    assert cited(text)
    for title in cited(text):
        assert any(s.startswith(only + "#") for s in papers[title].sources)
    text = reply(Client(page, verbose=False).predict(message="scaling laws", files=["nope.txt"], api_name="/chat"))
    assert "No file named nope.txt" in visible(text)


def test_search_then_ask_about_one_paper(page: str) -> None:
    client = Client(page, verbose=False)
    listing, pick = client.predict(query="emergent abilities mirage", api_name="/papers")
    assert "Are Emergent Abilities of Large Language Models a Mirage?" in html.unescape(listing)
    chosen = pick if isinstance(pick, str) else pick["value"]
    messages = client.predict(paper_id=chosen, api_name="/ask_paper")
    assert cited(reply(messages)) == ["Are Emergent Abilities of Large Language Models a Mirage?"]


def test_eight_sessions_are_answered_at_once(page: str) -> None:
    questions = [
        "What explains grokking?", "Are emergent abilities a mirage?", "What limits robot policy scaling?",
        "How do sparse autoencoders work?", "What is the edge-of-reach problem?", "scaling laws for data",
        "mechanistic interpretability of transformers", "diffusion models for video",
    ]
    answers: dict[int, str] = {}

    def ask(n: int) -> None:
        answers[n] = reply(Client(page, verbose=False).predict(message=questions[n], api_name="/chat"))

    started = time.perf_counter()
    threads = [threading.Thread(target=ask, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    print(f"8 concurrent questions answered in {time.perf_counter() - started:.1f} s")
    assert sorted(answers) == list(range(8))
    outcomes = ("Sources (", "Closest passages, not an answer (", "does not seem to cover")  # answered, hedged, declined
    assert all(any(o in visible(a) for o in outcomes) for a in answers.values())


def test_one_failing_question_leaves_the_others_alone(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Assistant.stream

    def flaky(self: Assistant, question: str, **kw: Any) -> Any:
        if "boom" in question:
            raise RuntimeError("internal detail that must not reach the page")
        return real(self, question, **kw)

    monkeypatch.setattr(Assistant, "stream", flaky)
    results: dict[str, str] = {}

    def ask(message: str) -> None:
        results[message] = reply(Client(page, verbose=False).predict(message=message, api_name="/chat"))

    threads = [threading.Thread(target=ask, args=(m,)) for m in ["boom goes the model", "What explains grokking?"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert "answering this failed (RuntimeError)" in visible(results["boom goes the model"])
    assert "internal detail" not in results["boom goes the model"]
    assert cited(results["What explains grokking?"])


def test_llm_mode_without_a_key_answers_offline_and_says_why(page: str) -> None:
    text = reply(Client(page, verbose=False).predict(message="What explains grokking?", mode="llm", api_name="/chat"))
    assert cited(text)
    assert "⚠ LLM mode needs OPENAI_API_KEY" in visible(text) and "Extractive answer" in visible(text)


@pytest.fixture
def llm_server() -> Iterator[OpenAIServer]:
    server = OpenAIServer(default=Reply("Grokking comes from a slow shift from lazy to rich training [1]."))
    server.start()
    yield server
    server.stop()


def test_with_a_model_the_page_streams_its_words_and_counts_tokens(
    built_home: Path, llm_server: OpenAIServer
) -> None:
    with serving(built_home, OPENAI_API_KEY="test", OPENAI_BASE_URL=llm_server.url) as url:
        job = Client(url, verbose=False).submit(message="What explains grokking?", api_name="/chat")
        job.result()
    texts = [visible(reply(out)) for out in job.outputs() if reply(out)]
    assert len(texts) >= 3 and texts[-1].startswith("Grokking comes from a slow shift")
    assert "LLM answer (gpt-4o-mini)" in texts[-1]
    assert re.search(r"· [\d,]+ tokens \([\d,]+ prompt \+ [\d,]+ completion\)", texts[-1])
    assert "Sources (1)" in texts[-1]


def test_when_the_model_fails_the_page_shows_the_extractive_answer_and_why(
    built_home: Path, llm_server: OpenAIServer
) -> None:
    llm_server.default = Reply(status=500)
    with serving(built_home, OPENAI_API_KEY="test", OPENAI_BASE_URL=llm_server.url) as url:
        text = reply(Client(url, verbose=False).predict(message="What explains grokking?", api_name="/chat"))
    assert "HTTP 500" in visible(text) and "Extractive answer" in visible(text)
    assert any("rokking" in t for t in cited(text))
    assert "Traceback" not in text


def test_collection_text_is_shown_literally() -> None:
    nasty = 'Attack <script>alert(1)</script> [click](javascript:alert(1)) <img src=x onerror=alert(2)> $$x$$'
    paper = Paper(id="p-x", title=f"Title {nasty}", abstract=f"Abstract {nasty}")
    answer = Answer(
        question="q", text=f"*Title {nasty}* reports: “{nasty}” [1]", notice="the LLM timed out <b>x</b>",
        citations=[Citation(n=1, title=paper.title, paper_id="p-x", snippet=nasty, score=0.5)],
        hits=[Hit(paper=paper, score=0.5, text=nasty, dense=0.6)],
    )
    for out in [view.reply_html(answer, 1.0), view.papers_html([paper], "1 paper")]:
        assert "<script" not in out and "<img" not in out and "<b>" not in out
        assert "](" not in out and "$$" not in out  # nothing markdown or KaTeX could pick up
        assert "<script>alert(1)</script>" in html.unescape(out)
    shown = view.reply_html(answer, 1.0)
    assert "<em>Title " in shown and '<span class="cite">[1]</span>' in shown
    assert "⚠ the LLM timed out &lt;b&gt;x&lt;/b&gt;" in shown
    assert "similarity 0.60" in shown


def test_uploads_are_searchable_at_once_and_bad_files_change_nothing(
    built_home: Path, tmp_path: Path, finch_notes: Callable[[str], Path]
) -> None:
    home = tmp_path / "copy"
    shutil.copytree(built_home, home)
    good = finch_notes("my notes.jsonl")
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"title": oops\n')
    before = len(Assistant(settings=Settings(home=home)).papers())
    with serving(home) as url:
        client = Client(url, verbose=False)
        note = html.unescape(client.predict(paths=[handle_file(str(bad))], api_name="/add")[0])
        assert "broken.jsonl: line 1 is not valid JSON" in note
        assert len(Assistant(settings=Settings(home=home)).papers()) == before
        note = html.unescape(client.predict(paths=[handle_file(str(good))], api_name="/add")[0])
        assert "Added my_notes.jsonl: 1 paper" in note
        listing, _ = client.predict(query="zebra finch song", api_name="/papers")
        assert "Zebra finch vocal learning" in listing
        text = reply(client.predict(message="How do zebra finches learn their song?", api_name="/chat"))
        assert "Zebra finch vocal learning with recurrent networks" in cited(text)
    uploads = home / "collections" / "default" / "uploads"
    assert sorted(p.name for p in uploads.iterdir()) == ["my_notes.jsonl"]
    assert len(Assistant(settings=Settings(home=home)).papers()) == before + 1


def call_api(url: str, name: str, data: list[Any]) -> str:
    """One call of the page's HTTP API as any program can make it, returning the event stream. (gradio_client
    cannot send a bare server path: it uploads its own copy of a local file instead.)"""
    event = httpx.post(f"{url}gradio_api/call/{name}", json={"data": data}, timeout=30).json()["event_id"]
    return httpx.get(f"{url}gradio_api/call/{name}/{event}", timeout=120).text


def test_add_reads_only_files_uploaded_through_the_page(
    built_home: Path, tmp_path: Path, finch_notes: Callable[[str], Path]
) -> None:
    home = tmp_path / "copy"
    shutil.copytree(built_home, home)
    secret = finch_notes("secret.jsonl")  # a file the server can read, outside the upload folder
    before = len(Assistant(settings=Settings(home=home)).papers())
    uploads = home / "collections" / "default" / "uploads"
    with serving(home) as url:
        answers = {
            path: call_api(url, "add", [[{"path": path, "meta": {"_type": "gradio.FileData"}}]])
            for path in [str(secret), os.path.relpath(secret), str(tmp_path / "missing.jsonl")]
        }
        assert len(set(answers.values())) == 1, answers  # the same refusal whether the file exists or not
        assert next(iter(answers.values())).startswith("event: error")
        assert not uploads.exists() and len(Assistant(settings=Settings(home=home)).papers()) == before
        note = html.unescape(Client(url, verbose=False).predict(paths=[handle_file(str(secret))], api_name="/add")[0])
    assert "Added secret.jsonl: 1 paper" in note  # the same file, uploaded through the page
    assert [p.name for p in uploads.iterdir()] == ["secret.jsonl"]


def test_the_add_handler_refuses_every_path_outside_the_upload_folder(
    built_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Behind Gradio's own check, the handler reads only regular files inside Gradio's upload folder."""
    home, cache = tmp_path / "copy", tmp_path / "gradio"
    shutil.copytree(built_home, home)
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(cache))
    secret = tmp_path / "secret.jsonl"
    secret.write_text(json.dumps(FINCH_PAPER) + "\n", encoding="utf-8")
    upload = cache / "0a1b2c"
    upload.mkdir(parents=True)
    (upload / "link.jsonl").symlink_to(secret)
    (upload / "notes.md").write_text(json.dumps(FINCH_PAPER), encoding="utf-8")
    shutil.copy(secret, upload / "mine.jsonl")
    library = web_library.Library(Assistant(settings=Settings(home=home))).start()
    add = web_chat.upload_handler(library)
    hostile = [
        str(secret), os.path.relpath(secret), str(tmp_path / "missing.jsonl"), str(upload / "link.jsonl"),
        str(upload / ".." / ".." / "secret.jsonl"), str(upload / "notes.md"), str(upload),
    ]
    for path in hostile:
        assert html.unescape(add([path])[0]) == f"⚠ {web_library.REFUSED}", path
    uploads = home / "collections" / "default" / "uploads"
    assert not uploads.exists() and len(library.base.papers()) == 501
    assert html.unescape(add([str(upload / "mine.jsonl")])[0]).startswith("✓ Added mine.jsonl: 1 paper")
    assert len(library.base.papers()) == 502


def test_the_page_shows_the_index_being_built(home: Path, fake_embedder: Any) -> None:
    library = web_library.Library(Assistant(settings=Settings(home=home)))
    assert not library.ready.is_set()
    library.start()
    assert library.status().startswith("**Building the index** of 'default'…")
    chat = web_chat.chat_handler(library)
    shown = [reply(out[1]) for out in chat("What explains grokking?", [], [], 3, "extractive", "", None)]
    waiting = view.note_html("Building the index… the answer comes once it is ready.")
    assert shown[0] == waiting and shown[-1] != waiting
    assert "Sources (" in shown[-1] or "does not seem to cover" in visible(shown[-1])  # the question was answered
    assert library.status().startswith("✓ Ready · 501 papers in 'default'")


def test_auth_and_local_only_by_default(built_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_AUTH", "ann:s3cret")
    demo = web_page.launch(Assistant(settings=Settings(home=built_home)), port=free_port(), block=False)
    try:
        assert demo.server_name == "127.0.0.1" and not demo.share
        with pytest.raises(AuthenticationError):
            Client(demo.local_url, verbose=False)
        client = Client(demo.local_url, auth=("ann", "s3cret"), verbose=False)
        assert "Please type a question" in visible(reply(client.predict(message="", api_name="/chat")))
    finally:
        demo.close()


def test_a_port_in_use_is_a_clear_error(built_home: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SettingError, match=f"cannot serve on 127.0.0.1:{port}: the port is in use"):
            web_page.launch(Assistant(settings=Settings(home=built_home)), port=port, block=False)


def test_serve_command_and_app_py_share_one_launcher(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(web_page, "launch", lambda assistant, **kw: seen.update(kw))
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert seen == {"host": "127.0.0.1", "port": 7860, "share": False}
    result = CliRunner().invoke(cli, ["serve", "--port", "8001", "--host", "0.0.0.0", "--share"])
    assert seen == {"host": "0.0.0.0", "port": 8001, "share": True}
    shown = subprocess.run([sys.executable, "app.py", "--help"], cwd=ROOT, capture_output=True, text=True, check=True)
    help_text = shown.stdout
    assert "--port" in help_text and "--share" in help_text


def test_python_app_py_serves_the_page(built_home: Path, tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in KEYS} | {"ASSISTANT_HOME": str(built_home)}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        for _ in range(120):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        text = reply(Client(url, verbose=False).predict(message="Are emergent abilities a mirage?", api_name="/chat"))
        assert "Are Emergent Abilities of Large Language Models a Mirage?" in cited(text)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_declined_answer_lists_related_reading_apart_from_sources() -> None:
    answer = Answer(
        question="verilog?", text="The collection does not seem to cover it.", abstained=True,
        related=[Related(title="Code LLMs", paper_id="p1", similarity=0.41)],
    )
    page = view.reply_html(answer, 0.1)
    assert "Related reading (1, not cited)" in page and "Code LLMs" in page and "Sources (" not in page


def test_a_hedged_answer_looks_different_at_a_glance() -> None:
    paper = Paper(id="p1", title="Spectra", abstract="Post-training quantization is the leading method.")
    hit = Hit(paper=paper, score=0.5, text=paper.abstract, dense=0.5)
    citation = Citation.from_hit(1, hit, paper.abstract)
    hedged = Answer(question="speculative decoding?", text="The collection may not answer this: …", hedged=True,
                    citations=[citation], hits=[hit])
    shown = view.reply_html(hedged, 0.1)
    assert shown.startswith('<div class="reply hedged"><p class="badge">Not a clear answer</p>')
    assert "Closest passages, not an answer (1)" in shown and "Sources (" not in shown
    answered = view.reply_html(hedged.model_copy(update={"hedged": False}), 0.1)
    assert answered.startswith('<div class="reply">') and "badge" not in answered and "Sources (1)" in answered

"""Citations a researcher can reuse: each carries the paper's year, authors and link; an answer comes as
Markdown with numbered references, as BibTeX entries of the cited papers, or as JSON saying which model and
settings made it."""

from __future__ import annotations

import json

import pytest
from lab_papers import FINCH, KELP
from typer.testing import CliRunner

from assistant import Assistant
from assistant.cli.main import app
from assistant.ingest.references import bibtex_entries
from assistant.present.formats import bibtex, markdown, reference
from assistant.records import Citation, Hit, Paper

runner = CliRunner()


def test_a_citation_from_a_hit_carries_the_reference() -> None:
    paper = Paper(id="p1", title="Deep Kelp", abstract="…", year=2020, authors=["A. One", "B. Two", "C. Three",
                  "D. Four"], url="https://example.org/k")
    citation = Citation.from_hit(2, Hit(paper=paper, score=0.8, text="…"), "Kelp stores carbon.", support=0.4,
                                 weak=True)
    assert (citation.n, citation.paper_id, citation.snippet, citation.score) == (2, "p1", "Kelp stores carbon.", 0.8)
    assert (citation.year, citation.url, citation.support, citation.weak) == (2020, "https://example.org/k", 0.4, True)
    assert reference(citation) == "Deep Kelp. A. One, B. Two, C. Three et al. (2020). https://example.org/k"
    bare = Citation.from_hit(1, Hit(paper=Paper(id="p2", title="Untitled.", abstract="…"), score=0.5, text="…"), "…")
    assert reference(bare) == "Untitled."


def test_answers_cite_with_year_authors_and_link(lab: Assistant) -> None:
    answer = lab.ask("How do zebra finches learn their song?")
    [finch] = answer.citations
    assert (finch.title, finch.year, finch.authors, finch.url) == (
        FINCH, 2021, ["Ana Ruiz", "Ben Okafor"], "https://example.org/finch"
    )
    text = markdown(answer)
    assert text.startswith("**Q:** How do zebra finches learn their song?\n\n")
    assert f"- [1] {FINCH}. Ana Ruiz, Ben Okafor (2021). https://example.org/finch" in text


def test_cli_sources_and_markdown_show_the_references(lab: Assistant) -> None:
    plain = runner.invoke(app, ["ask", "Where do kelp forests keep their carbon?"])
    assert plain.exit_code == 0, plain.output
    assert f"Sources:\n[1] {KELP}. Cho, Dube, Eze et al. (2019). https://example.org/kelp" in plain.stdout
    result = runner.invoke(app, ["ask", "Where do kelp forests keep their carbon?", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("**Q:** Where do kelp forests keep their carbon?\n\n*Kelp forests store carbon")
    assert "[1]" in text.split("References:")[0]  # the text cites what the references list
    assert f"References:\n\n- [1] {KELP}. Cho, Dube, Eze et al. (2019). https://example.org/kelp\n" in text
    assert text.rstrip().endswith("*Extractive answer from 'lab', 5 papers retrieved with all-MiniLM-L6-v2.*")


def test_cli_json_names_the_model_and_the_settings(lab: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_MODE", "extractive")
    result = runner.invoke(app, ["ask", "How do zebra finches learn their song?", "--json", "--k", "3"])
    data = json.loads(result.stdout)
    assert data["model"] is None  # extractive: no model wrote it
    assert data["settings"] == {"k": 3, "mode": "extractive", "embed_model": "all-MiniLM-L6-v2", "collection": "lab"}
    cited = data["citations"][0]
    assert {k: cited[k] for k in ["paper_id", "year", "authors", "url"]} == {
        "paper_id": "finch", "year": 2021, "authors": ["Ana Ruiz", "Ben Okafor"], "url": "https://example.org/finch"
    }


def test_cli_json_of_an_llm_answer_names_its_model(lab: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    from openai_server import OpenAIServer, Reply

    server = OpenAIServer(default=Reply("Finches copy a tutor's song [1]."))
    server.start()
    try:
        monkeypatch.setenv("OPENAI_API_KEY", "test")
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("ASSISTANT_MODEL", "local-model")
        result = runner.invoke(app, ["ask", "How do zebra finches learn their song?", "--json"])
    finally:
        server.stop()
    data = json.loads(result.stdout)
    assert data["mode"] == "llm" and data["model"] == "local-model" and data["settings"]["mode"] == "auto"
    assert data["citations"][0]["url"] == "https://example.org/finch"


def test_json_says_whether_the_answer_was_hedged() -> None:
    from assistant.present.formats import as_json
    from assistant.records import Answer, MadeWith

    made = MadeWith(model=None, k=5, mode="auto", embed_model="all-MiniLM-L6-v2", collection="default")
    shown = as_json(Answer(question="q", text="The collection may not answer this: …", hedged=True), made)
    assert shown["hedged"] is True and shown["abstained"] is False


def test_bibtex_of_the_cited_papers_reads_back_as_the_same_papers() -> None:
    mae = Citation(n=1, title="Masked Autoencoders Are Scalable Vision Learners", paper_id="a", snippet="…", score=1,
                   authors=["Kaiming He", "Piotr Dollár"], year=2021, doi="10.48550/arXiv.2111.06377",
                   arxiv="2111.06377v3")
    odd = Citation(n=2, title="Schrödinger & Bridges: 50% of {x}", paper_id="b", snippet="…", score=1,
                   authors=["Kaiming He"], year=2021, url="https://example.org/b")
    text = bibtex([mae, odd, mae.model_copy(update={"n": 3})])  # a paper cited twice is one entry
    assert text.count("@misc{") == 2 and text.index("{he2021masked,") < text.index("{he2021schrodinger,")
    entries, problems = bibtex_entries(text)
    assert problems == []
    assert [(e["title"], e["authors"], e["year"], e["doi"], e["arxiv"]) for e in entries] == [
        (mae.title, mae.authors, 2021, "10.48550/arxiv.2111.06377", "2111.06377"),
        (odd.title, odd.authors, 2021, None, None),
    ]
    assert entries[1]["url"] == "https://example.org/b" and bibtex([]) == ""


def test_cli_bibtex_gives_the_cited_papers_for_a_bib_file(lab: Assistant) -> None:
    result = runner.invoke(app, ["ask", "How do zebra finches learn their song?", "--format", "bibtex"])
    assert result.exit_code == 0, result.output
    [entry] = bibtex_entries(result.stdout)[0]
    assert (entry["title"], entry["authors"], entry["year"], entry["url"]) == (
        FINCH, ["Ana Ruiz", "Ben Okafor"], 2021, "https://example.org/finch")

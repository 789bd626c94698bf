"""The scale-out path: the store on a Chroma server (`chroma run`) and the embedding model behind an
OpenAI-compatible /v1/embeddings server, each giving the same answers as the embedded defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chroma_server import ChromaServer
from embedding_server import EmbeddingServer

from assistant import Assistant
from assistant.config import SHIPPED_ABSTRACTS, Settings
from assistant.ingest import readers as corpus
from assistant.ingest.embedding import make_embedder
from assistant.records import Answer

pytestmark = pytest.mark.slow  # the real MiniLM and a real Chroma server
PAPERS = 40
OFF_TOPIC = "What is the best recipe for sourdough bread?"


@pytest.fixture(scope="module")
def subset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 40 shipped papers (real abstracts) as JSONL: big enough to rank, small enough to embed."""
    path = tmp_path_factory.mktemp("subset") / "papers.jsonl"
    papers = corpus.load([SHIPPED_ABSTRACTS]).papers[:PAPERS]
    path.write_text("".join(json.dumps(p.model_dump(include={"id", "title", "abstract"})) + "\n" for p in papers))
    return path


def questions(subset: Path) -> list[str]:
    """Three questions built from titles of the subset, and one it cannot answer."""
    titled = [json.loads(line)["title"] for line in subset.read_text().splitlines()]
    return [f"What does the paper '{title}' find?" for title in titled[:3]] + [OFF_TOPIC]


def comparable(answer: Answer) -> dict[str, object]:
    return answer.model_dump(exclude={"usage"})  # everything but the time it took


def test_a_chroma_server_answers_as_the_embedded_store_and_survives_a_restart(
    subset: Path, chroma_server: ChromaServer, tmp_path: Path
) -> None:
    embedded = Assistant(settings=Settings(home=tmp_path / "embedded", collection="subset", mode="extractive"))
    embedded.ingest([subset], progress=False)
    settings = Settings(home=tmp_path / "client", collection="subset", mode="extractive", chroma_url=chroma_server.url)
    report = Assistant(settings=settings).ingest([subset], progress=False)
    assert report.papers == PAPERS and report.embedded == report.chunks

    before = {q: comparable(Assistant(settings=settings).ask(q)) for q in questions(subset)}
    chroma_server.stop()
    chroma_server.start()  # same folder: the vectors live on the server, not in this process
    after = {q: comparable(Assistant(settings=settings).ask(q)) for q in questions(subset)}

    assert after == before == {q: comparable(embedded.ask(q)) for q in questions(subset)}
    assert all(before[q]["citations"] for q in questions(subset)[:3]) and before[OFF_TOPIC]["abstained"]
    assert Assistant(settings=settings).ingest(progress=False).embedded == 0  # nothing was lost in the restart


def test_an_openai_compatible_embedding_server_gives_the_local_models_answers(subset: Path, tmp_path: Path) -> None:
    model = make_embedder(Settings())
    server = EmbeddingServer(embed=model.embed)  # the real MiniLM behind /v1/embeddings, as TEI would serve it
    server.start()
    try:
        settings = Settings(home=tmp_path / "remote", collection="subset", mode="extractive")
        remote = Assistant(
            settings=settings,
            embed_model="openai:all-MiniLM-L6-v2",
            openai_api_key="test",
            openai_base_url=server.url,
        )
        report = remote.ingest([subset], progress=False)
        answers = [remote.ask(q) for q in questions(subset)]
    finally:
        server.stop()
    local = Assistant(settings=Settings(home=tmp_path / "local", collection="subset", mode="extractive"))
    local.ingest([subset], progress=False)

    assert {r["model"] for r in server.requests} == {"all-MiniLM-L6-v2"}
    assert server.texts >= report.chunks + len(answers)  # every chunk embedded there, then every question
    for question, answer in zip(questions(subset), answers, strict=True):
        expected = local.ask(question)
        assert [c.paper_id for c in answer.citations] == [c.paper_id for c in expected.citations]
        assert answer.text == expected.text and answer.abstained == expected.abstained

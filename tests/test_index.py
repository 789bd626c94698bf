"""Ingest with the real model and Chroma: incremental, idempotent, and clear about bad stores (killed and
concurrent ingests: tests/test_store.py)."""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import free_port

from assistant import Assistant
from assistant.errors import StoreError
from assistant.ingest import indexer as index_module
from assistant.ingest import readers
from assistant.ingest.indexer import Index, chunk_papers


def write_jsonl(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps({"title": t, "abstract": a}) for t, a in rows), encoding="utf-8")
    return path


def stored_ids(assistant: Assistant) -> list[str]:
    return assistant.index.chroma.collection.get(include=[])["ids"]


def test_reingest_of_an_unchanged_collection_embeds_nothing(shipped_copy: Assistant) -> None:
    before = sorted(stored_ids(shipped_copy))
    report = shipped_copy.ingest(progress=False)
    assert (report.papers, report.embedded, report.removed) == (501, 0, 0)
    assert sorted(stored_ids(shipped_copy)) == before


def test_chunks_carry_the_title_and_fit_the_model_window(shipped: Assistant) -> None:
    chunks = chunk_papers(shipped.papers(), "all-MiniLM-L6-v2")
    tokenizer = shipped.index.embedder.model.tokenizer
    titled = [c for c in chunks if not c.paper_id.startswith("u-")]
    assert titled and all(c.text.startswith(c.title) for c in titled)
    assert max(len(tokenizer.tokenize(c.text)) for c in chunks) <= 256
    assert len(stored_ids(shipped)) == len(chunks)


@pytest.mark.slow  # the real model, a full index or a server
def test_added_changed_and_removed_files_are_reflected(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", [("Gravity Waves", "We detect ripples in spacetime with interferometers.")])
    assistant = Assistant(collection="mine")
    assert assistant.ingest([folder], progress=False).embedded == 1

    write_jsonl(folder / "b.jsonl", [("Coral Reefs", "Reef bleaching follows warm water anomalies.")])
    write_jsonl(folder / "a.jsonl", [("Gravity Waves", "We detect ripples in spacetime with pulsar timing.")])
    report = assistant.ingest(progress=False)
    assert (report.papers, report.embedded) == (2, 2)
    assert "pulsar timing" in assistant.retrieve("spacetime ripples", k=1)[0].text

    (folder / "a.jsonl").unlink()
    report = assistant.ingest(progress=False)
    assert (report.papers, report.removed) == (1, 1)
    assert [p.title for p in assistant.papers()] == ["Coral Reefs"]


@pytest.mark.slow  # the real model, a full index or a server
def test_collections_and_models_never_mix(tmp_path: Path) -> None:
    one = Assistant(collection="one")
    one.ingest([write_jsonl(tmp_path / "x.jsonl", [("Only Here", "A lone abstract about kelp forests.")])], progress=False)
    assert one.index.chroma_name == "one--all-minilm-l6-v2"
    assert Assistant(collection="two").index.chroma is None  # reading an unknown collection creates nothing


def test_first_question_on_an_empty_store_builds_the_shipped_index(fake_embedder: object) -> None:
    assistant = Assistant()
    assert not assistant.index.is_ready
    assistant.retrieve("robots", k=3)
    assert assistant.index.is_ready and len(assistant.papers()) == 501


def test_an_unwritable_store_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="ASSISTANT_HOME"):
        Assistant(home=blocker / "store").ingest(progress=False)


@pytest.mark.slow  # the real model, a full index or a server
def test_a_chroma_server_holds_the_vectors_when_configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            assert time.time() < deadline and server.poll() is None, "chroma server did not start"
            time.sleep(0.3)
        monkeypatch.setenv("ASSISTANT_CHROMA_URL", f"http://127.0.0.1:{port}")
        assistant = Assistant(collection="served")
        rows = [("Kelp Forests", "Kelp forests store carbon along cold coasts."), ("Sea Ice", "Arctic ice thins.")]
        assistant.ingest([write_jsonl(tmp_path / "sea.jsonl", rows)], progress=False)
        assert assistant.retrieve("underwater seaweed and carbon", k=1)[0].paper.title == "Kelp Forests"
        assert not (assistant.settings.home / "chroma").exists()  # nothing went to the local store
        assert Index(assistant.settings).chroma.count() == 2
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_unreachable_chroma_server_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="ASSISTANT_CHROMA_URL"):
        Assistant().index.chroma.count()


def test_adding_papers_chunks_and_reads_back_only_them(
    shipped_copy: Assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunked: list[str] = []
    real, real_read = index_module.iter_chunks, readers.papers_in

    def counting(papers, embed_model):  # type: ignore[no-untyped-def]
        for paper in papers:
            chunked.append(paper.title)
            yield from real([paper], embed_model)

    monkeypatch.setattr(index_module, "iter_chunks", counting)
    read: list[str] = []
    monkeypatch.setattr(readers, "papers_in", lambda path, *rest: read.append(path.name) or real_read(path, *rest))
    added = write_jsonl(tmp_path / "new.jsonl", [("Coral Reefs", "Reef bleaching follows warm water anomalies.")])
    report = shipped_copy.ingest([added], progress=False)
    # The new file was checked (up to its first paper) and then read; the shipped files were not parsed again:
    # their papers are the committed records.
    assert read == ["new.jsonl", "new.jsonl"]
    assert chunked == ["Coral Reefs"]  # the 501 committed papers were not cut into chunks again
    assert (report.papers, report.embedded, report.removed) == (502, 1, 0)
    assert report.chunks == len(stored_ids(shipped_copy)) == shipped_copy.index.store.commit().chunks

    chunked.clear()
    added.unlink()  # a source gone: its paper's chunks go, nothing else is looked at
    report = shipped_copy.ingest(progress=False)
    assert chunked == [] and (report.papers, report.removed) == (501, 1)
    assert report.chunks == len(stored_ids(shipped_copy))


def test_a_file_added_to_the_committed_ones_gives_the_papers_an_ingest_of_all_of_them_gives(
    tmp_path: Path, home: Path, fake_embedder: object
) -> None:
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    rows = [{"title": "Kelp forests", "abstract": "Kelp grows fast in cold water.", "doi": "10.1/kelp"},
            {"title": "Coral reefs", "abstract": "Reefs bleach in warm water."}]
    first.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n", encoding="utf-8")
    again = {"title": "Kelp forests (preprint)", "abstract": "Kelp grows fast.", "doi": "10.1/KELP", "year": 2020}
    second.write_text("\n".join(json.dumps(r) for r in [again, {"title": "Finches", "abstract": "Finches sing."}]))

    one_by_one = Assistant(collection="a")
    one_by_one.ingest([first], progress=False)
    added = one_by_one.ingest([second], progress=False)
    together = Assistant(collection="b")
    report = together.ingest([first, second], progress=False)
    assert [p.model_dump() for p in one_by_one.papers()] == [p.model_dump() for p in together.papers()]
    assert (added.papers, added.merged, added.warnings) == (report.papers, report.merged, report.warnings)
    assert (report.papers, report.merged) == (3, 1) and any("first.jsonl" in w for w in report.warnings)
    assert one_by_one.paper(one_by_one.papers()[0].id).year == 2020  # filled in from the copy in the added file


def test_a_store_missing_vectors_is_checked_chunk_by_chunk_and_repaired(shipped_copy: Assistant, tmp_path: Path) -> None:
    lost = sorted(stored_ids(shipped_copy))[:3]
    shipped_copy.index.chroma.collection.delete(ids=lost)  # e.g. a Chroma store restored from an older backup
    added = write_jsonl(tmp_path / "new.jsonl", [("Coral Reefs", "Reef bleaching follows warm water anomalies.")])
    report = shipped_copy.ingest([added], progress=False)
    assert report.embedded == 1 and report.cached == 3  # the lost chunks came back from the embedding cache
    assert set(lost) <= set(stored_ids(shipped_copy)) and report.chunks == len(stored_ids(shipped_copy))

"""Papers served from the store (storage.shelf): a reader holds the commit's ids and record hashes and reads
records when it needs them, never mixing two commits. Real SQLite and Chroma; the fake embedder, since what
is checked is which records are read, not how well they are found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_store import write_papers

from assistant import Assistant
from assistant.errors import StoreError
from assistant.present import catalog
from assistant.storage import shelf


@pytest.fixture
def kelp(tmp_path: Path, home: Path, fake_embedder: object) -> Path:
    path = tmp_path / "kelp.jsonl"
    write_papers(path, "kelp", 12)
    Assistant(collection="s").ingest([path], progress=False)
    return path


def test_a_reader_reads_the_records_it_needs_and_they_are_the_stored_ones(kelp: Path) -> None:
    assistant = Assistant(collection="s")
    papers = assistant.retriever.papers
    assert len(papers) == 12 and list(papers) == [p.id for p in papers.all()]
    hits = assistant.retrieve("what do we observe about kelp?", k=3)
    assert len(hits) == 3 and all(h.paper == papers[h.paper.id] and h.paper.title.startswith("Kelp") for h in hits)
    assert papers.get("no-such-paper") is None and "no-such-paper" not in papers


def test_more_papers_than_a_reader_keeps_are_all_read(kelp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shelf, "KEPT", 5)
    monkeypatch.setattr(shelf, "BATCH", 4)
    papers = Assistant(collection="s").retriever.papers
    assert [p.title for p in papers.all()] == [f"Kelp study number {i}" for i in range(12)]
    assert list(papers.many(reversed(list(papers)))) == list(reversed(list(papers)))


def test_a_record_replaced_by_a_later_commit_is_never_mixed_into_the_earlier_one(kelp: Path) -> None:
    reader = Assistant(collection="s").retriever  # one commit's reader, as a question holds it
    first = next(iter(reader.papers))
    rows = [json.loads(line) for line in kelp.read_text().splitlines()]
    rows[0]["abstract"] = "Sea otters eat the urchins that graze kelp forests."
    kelp.write_text("\n".join(json.dumps(r) for r in rows))
    Assistant(collection="s").ingest(progress=False)

    with pytest.raises(StoreError, match="changed while this was being read.*ask again"):
        reader.papers[first]
    assert "otters" in Assistant(collection="s").paper(first).abstract  # the next question reads the new commit


def test_listings_read_outlines_and_only_the_page_s_papers(shipped: Assistant) -> None:
    everything = list(shipped.papers())
    assert len(everything) == shipped.count() == 501
    assert shipped.sources() == catalog.source_files(everything)
    source = shipped.sources()[1]
    for sort in catalog.SORTS:
        for page in (1, 3):
            assert shipped.browse(sort, page=page) == catalog.browse(everything, sort, page=page)
        assert shipped.browse(sort, source=source) == catalog.browse(everything, sort, source=source)


def test_a_name_bm25_does_not_index_is_looked_for_by_sqlite_not_in_every_record(
    tmp_path: Path, home: Path, fake_embedder: object
) -> None:
    path = tmp_path / "code.jsonl"
    rows = [{"title": "Fast kernels", "abstract": "We write the kernels in C++ and CUDA."},
            {"title": "Slow kernels", "abstract": "We write the kernels in C and Python; 100% of them."}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assistant = Assistant(collection="c")
    assistant.ingest([path], progress=False)
    retriever = assistant.retriever
    fast = next(p.id for p in assistant.papers() if p.title == "Fast kernels")
    assert retriever.papers.containing("c++") == [fast]  # any case, and not the paper saying "C"
    assert retriever.papers_with("C++") == {fast}
    assert retriever.papers.containing("100%") != [] == retriever.papers.containing("10_%")  # LIKE's wildcards


def test_a_phrase_is_looked_for_only_in_the_papers_the_postings_allow(shipped: Assistant) -> None:
    retriever = shipped.retriever
    bm25 = retriever.bm25
    head = bm25.holding(bm25.stems("transformers"))
    allowed = retriever.candidates("pretrained transformers", bm25.stems("transformers"))
    assert 0 < len(allowed) < len(head) / 2  # not every paper holding "transformer"
    assert set(allowed) >= {p for p in head if "pre-trained transformer" in shipped.paper(p).abstract.lower()}

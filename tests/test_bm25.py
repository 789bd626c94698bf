"""BM25 in segments (storage.bm25): papers added since the whole index was built go into a small segment that
scores as one whole index would, and a later ingest folds it back in. Real bm25s; the fake embedder, since what
is checked is which papers BM25 finds."""

from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np
import pytest
from test_store import write_papers

from assistant import Assistant
from assistant.config import SHIPPED_ABSTRACTS
from assistant.ingest.readers import load
from assistant.storage import bm25

QUESTIONS = ["scaling laws for imitation learning", "why do transformers fail on longer inputs?", "the of and"]


def test_a_segment_scores_its_papers_as_one_whole_index_of_all_would(tmp_path: Path) -> None:
    papers = load([SHIPPED_ABSTRACTS]).papers
    bm25.build(tmp_path / "all", papers)
    bm25.build(tmp_path / "whole", papers[:400])
    bm25.build_added(tmp_path / "added", bm25.Segment(tmp_path / "whole"), papers[400:], masked=[])
    one, two = bm25.Bm25(tmp_path / "all"), bm25.Bm25(tmp_path / "whole", tmp_path / "added")
    added = [p.id for p in papers[400:]]
    for question in QUESTIONS:
        # The added papers' weights use both segments' statistics, exactly as the whole index's would.
        assert np.allclose(list(one.scores(question, added).values()), list(two.scores(question, added).values()))
        # The whole segment's weights are its own (its papers' share of words moved a little): the same top papers.
        assert set(one.top(question, 5)) == set(two.top(question, 5))
    assert two.holding(two.stems("imitation")) == one.holding(one.stems("imitation"))


def test_the_whole_index_scores_as_bm25s_s_own_index_of_the_same_tokens(tmp_path: Path) -> None:
    papers = load([SHIPPED_ABSTRACTS]).papers
    bm25.build(tmp_path / "ours", papers)  # a batch of papers at a time, not every paper's tokens at once
    tokens = bm25s.tokenize([bm25.bm25_text(p) for p in papers], stopwords="en", stemmer=bm25.stemmer(),
                            show_progress=False)
    theirs = bm25s.BM25()
    theirs.index(tokens, show_progress=False)
    ours = bm25.Bm25(tmp_path / "ours")
    for question in QUESTIONS:
        stems = ours.stems(question)
        expected = np.asarray(theirs.get_scores(stems), dtype=np.float32) if stems else np.zeros(len(papers))
        assert np.allclose(list(ours.scores(question, [p.id for p in papers]).values()), expected, atol=1e-5)


def test_a_segment_of_removals_only_masks_the_whole_index_s_rows(tmp_path: Path) -> None:
    papers = load([SHIPPED_ABSTRACTS]).papers[:50]
    bm25.build(tmp_path / "whole", papers)
    bm25.build_added(tmp_path / "added", bm25.Segment(tmp_path / "whole"), [], masked=[papers[0].id])
    index = bm25.Bm25(tmp_path / "whole", tmp_path / "added")
    index.check()
    title = papers[0].title
    assert papers[0].id not in index.top(title, 50) and papers[0].id not in index.scores(title, [papers[0].id])
    assert papers[0].id not in (index.holding(index.stems(title)) or [])


def generations(home: Path, collection: str) -> list[str]:
    """The kinds of BM25 folders kept: the last commit's, and until the next ingest those of the one before it
    (a reader may still be answering from it)."""
    return sorted(p.name.split("-")[0] for p in (home / "collections" / collection / "generations").iterdir())


def test_adding_editing_and_removing_papers_changes_only_a_segment_until_it_passes_its_share(
    tmp_path: Path, home: Path, fake_embedder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_BM25_MERGE_SHARE", "0.25")
    kelp, coral, finch = tmp_path / "kelp.jsonl", tmp_path / "coral.jsonl", tmp_path / "finch.jsonl"
    write_papers(kelp, "kelp", 16)
    write_papers(coral, "coral", 2)
    Assistant(collection="s").ingest([kelp], progress=False)
    whole = Assistant(collection="s").index.store.commit()

    assistant = Assistant(collection="s")
    assistant.ingest([coral], progress=False)  # 2 papers added to 16: a segment beside the same whole index
    commit = assistant.index.store.commit()
    assert commit.generation == whole.generation and commit.added and generations(home, "s") == ["added", "bm25"]
    coral_ids = {p.id for p in assistant.papers() if p.title.startswith("Coral")}
    assert set(assistant.retriever.sparse("coral", 10)) == coral_ids

    rows = [json.loads(line) for line in kelp.read_text().splitlines()]
    rows[0]["abstract"] = "Sea otters eat the urchins that graze kelp forests."  # one paper edited
    kelp.write_text("\n".join(json.dumps(r) for r in rows[:-1]))  # and one removed
    assistant.ingest(progress=False)
    commit = assistant.index.store.commit()
    assert commit.generation == whole.generation and generations(home, "s") == ["added", "added", "bm25"]
    retriever = assistant.retriever
    edited = next(p.id for p in assistant.papers() if "otters" in p.abstract)
    assert list(retriever.sparse("otters urchins", 10)) == [edited]  # its new text, in the segment
    assert edited not in retriever.bm25.holding(retriever.bm25.stems("field"))  # its old text, masked
    assert retriever.bm25.count(retriever.bm25.stems("kelp")) == 15  # 16 kelp papers, one removed
    assert len(retriever.sparse("kelp coral otters", 100)) == len(assistant.papers()) == 17

    write_papers(finch, "finch", 6)  # 2 + 1 + 6 changed papers pass a quarter of 16: one whole index again
    assistant.ingest([finch], progress=False)
    commit = assistant.index.store.commit()
    assert commit.generation != whole.generation and commit.added is None
    assert len(assistant.retriever.sparse("kelp coral otters finch", 100)) == len(assistant.papers()) == 23
    assistant.ingest(progress=False)
    assert generations(home, "s") == ["bm25"]

"""Retrieval quality on the shipped collection, with the real MiniLM model, Chroma and BM25; and a Chroma
server that goes away mid-session."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from chroma_server import ChromaServer
from conftest import FINCH_PAPER

from assistant import Assistant
from assistant.config import Settings
from assistant.errors import StoreError
from assistant.web import chat as web_chat
from assistant.web import library as web_library

# Questions people would type; none reuses the distinctive words of the paper's title.
PARAPHRASED = [
    ("which individual units in a language model encode specific features, found with sparse classifiers?",
     "Finding Neurons in a Haystack: Case Studies with Sparse Probing"),
    ("how good are chatbots at acting as characters in simulated text worlds?",
     "CharacterBox: Evaluating the Role-Playing Capabilities of LLMs in Text-Based Virtual Worlds"),
    ("why would concepts end up as straight-line directions inside LLMs?",
     "On the Origins of Linear Representations in Large Language Models"),
    ("does more data help robots generalize to new objects and environments?",
     "Data Scaling Laws in Imitation Learning for Robotic Manipulation"),
    ("a pretrained model for solving partial differential equations",
     "Poseidon: Efficient Foundation Models for PDEs"),
    ("how far can plain fully connected networks go on image tasks?",
     "Scaling MLPs: A Tale of Inductive Bias"),
    ("can robots learn from many different bodies and sensors at once?",
     "Scaling Proprioceptive-Visual Learning with Heterogeneous Pre-trained Transformers"),
    ("making unet diffusion training more stable",
     "ScaleLong: Towards More Stable Training of Diffusion Model via Scaling Network Long Skip Connection"),
    ("learning from a human teacher's positive and negative reactions",
     "Interactive Learning from Policy-Dependent Human Feedback"),
    ("why do transformers fail to generalize to longer inputs?",
     "Your Context Is Not an Array: Unveiling Random Access Limitations in Transformers"),
    ("do forecasting foundation models follow scaling laws out of distribution?",
     "Towards Neural Scaling Laws for Time Series Foundation Models"),
    ("predicting how materials crack over time with a neural net",
     "DyFraNet: Forecasting and Backcasting Dynamic Fracture Mechanics in Space and Time Using a 2D-to-3D Deep Neural Network"),
    ("why is it hard to forecast what abilities bigger models will have?",
     "Why Has Predicting Downstream Capabilities of Frontier AI Models with Scale Remained Elusive?"),
    ("keeping the outputs of continuous-depth networks inside safe sets",
     "On the Forward Invariance of Neural ODEs"),
    ("modelling friend and enemy relations that change over time",
     "Representation Learning in Continuous-Time Dynamic Signed Networks"),
    ("seeing objects that are hidden behind others in video",
     "Revealing Occlusions with 4D Neural Fields"),
    ("can you predict a whole loss curve from the LR schedule?",
     "Scaling Law with Learning Rate Annealing"),
    ("checking milk quality from spectra",
     "Utilizing Wavelet Transform in the Analysis of Scaling Dynamics for Milk Quality Evaluation"),
]


def test_paraphrased_questions_find_their_paper_in_the_top_5(shipped: Assistant) -> None:
    misses = [
        (question, title)
        for question, title in PARAPHRASED
        if title not in [hit.paper.title for hit in shipped.retrieve(question, k=5)]
    ]
    # all-MiniLM-L6-v2 misses a few paraphrases that share no words with their abstract; 15 of 18 is the bar
    # (the eval set tracks the same thing over more questions).
    assert len(PARAPHRASED) - len(misses) >= 15, misses


def test_hits_are_one_per_paper_and_ranked(shipped: Assistant) -> None:
    hits = shipped.retrieve("scaling laws for language models", k=10)
    assert len(hits) == 10
    assert len({h.paper.id for h in hits}) == 10
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(h.text and h.dense > 0 for h in hits[:3])


def test_every_hit_is_scored_by_both_retrievers(shipped: Assistant) -> None:
    """A paper found by BM25 alone keeps its real dense similarity, and one found by dense search alone its real
    BM25 score, instead of the other list's lowest (docs/retrieval.md)."""
    question = "scaling laws for language models"
    hits = shipped.retrieve(question, k=100)
    ids = [h.paper.id for h in hits]
    retriever = shipped.retriever
    dense = retriever.similarity(retriever.embed_query(question), ids)
    bm25 = retriever.bm25_scores(question, ids)
    top = max(bm25.values())
    assert [h.dense for h in hits] == [round(dense[i], 4) for i in ids]
    assert [h.bm25 for h in hits] == [round(bm25[i] / top, 4) for i in ids]


def test_everyday_words_are_searched_as_the_field_s_terms(shipped: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    question = "a virtual trading floor populated by chatbot investors"  # a dev hard_paraphrase question
    market = "TwinMarket: A Scalable Behavioral and Social Simulation for Financial Markets"
    assert "large language model" in (shipped.retriever.everyday(question) or "")
    hits = shipped.retrieve(question, k=5)
    assert market in [h.paper.title for h in hits]
    # the similarity the coverage check reads stays the question's own
    own = shipped.retriever.similarity(shipped.retriever.embed_query(question), [hits[0].paper.id])
    assert hits[0].dense == round(own[hits[0].paper.id], 4)
    monkeypatch.setenv("ASSISTANT_EVERYDAY", "off")
    assert market not in [h.paper.title for h in Assistant().retrieve(question, k=5)]


def test_untitled_abstracts_are_found_by_content(shipped: Assistant) -> None:
    (hit,) = shipped.retrieve("a loss function based on distances that makes models more interpretable", k=1)
    assert hit.paper.title_is_derived and "harmonic loss" in hit.paper.abstract


def test_filter_restricts_the_papers_searched(shipped: Assistant) -> None:
    hits = shipped.retrieve("robots", k=5, where=lambda p: any(s.startswith("001_") for s in p.sources))
    assert hits and all(any(s.startswith("001_") for s in h.paper.sources) for h in hits)


def test_a_chroma_server_that_goes_away_is_named_and_recovered_from(
    chroma_server: ChromaServer, home: Path, finch_notes: Callable[[str], Path]
) -> None:
    # As for a store above the exact-search size, every question goes to the server (a small one is held in memory).
    settings = Settings(home=home, chroma_url=chroma_server.url, collection="remote", exact_search_chunks=0)
    assistant = Assistant(settings=settings)
    assistant.ingest([finch_notes("finch.jsonl")], progress=False)
    question = "How do zebra finches learn their song?"
    assert assistant.ask(question).citations[0].title == FINCH_PAPER["title"]
    library = web_library.Library(assistant).start()
    library.wait()

    chroma_server.stop()
    with pytest.raises(StoreError, match=f"Chroma server at {chroma_server.url} \\(ASSISTANT_CHROMA_URL\\)"):
        assistant.ask(question)
    *_, (_, messages, _, _) = web_chat.chat_handler(library)(question, [], [], 3, "auto", "", None)
    shown = html.unescape(messages[-1]["content"])
    assert f"The Chroma server at {chroma_server.url} (ASSISTANT_CHROMA_URL) did not answer" in shown
    assert "ConnectError" in shown and "Sorry" not in shown

    chroma_server.start()  # the same store again: the session carries on without a restart
    assert assistant.ask(question).citations[0].title == FINCH_PAPER["title"]


DENSE_RANKING = """
import json, sys
from assistant import Assistant
r = Assistant().retriever
print(json.dumps([list(r.dense(r.embed_query(q), 10)[0]) for q in json.loads(sys.argv[1])]))
"""


@pytest.mark.slow
def test_dense_search_is_exact_and_the_same_in_every_process(built_home: Path) -> None:
    """The issue this guards against: HNSW rebuilt in memory by each process returned different papers."""
    questions = [q for q, _ in PARAPHRASED[:6]]
    env = {**os.environ, "ASSISTANT_HOME": str(built_home)}
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", DENSE_RANKING, json.dumps(questions)],
                env=env, capture_output=True, text=True, check=True,
            ).stdout
        )
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    # exact search by hand: every stored chunk vector, best chunk per paper
    a = Assistant(settings=Settings(home=built_home))
    stored = a.index.chroma.collection.get(include=["embeddings", "metadatas"])
    vectors = np.asarray(stored["embeddings"])
    for question, ranked in zip(questions, runs[0], strict=True):
        similarity = vectors @ a.index.embedder.embed([question])[0]
        best: dict[str, float] = {}
        for meta, s in zip(stored["metadatas"], similarity, strict=True):
            best[meta["paper_id"]] = max(best.get(meta["paper_id"], -1.0), float(s))
        assert ranked == sorted(best, key=lambda p: -best[p])[:10]

"""Checking the citations in a model's answer: parsing, dropping made-up numbers, support scores."""

from __future__ import annotations

import pytest

from assistant.answer.citations import HeldMarkers, abstains, cited, claims, keep_only, verify
from assistant.answer.extractive import ABSTAIN_PHRASE
from assistant.config import Settings
from assistant.ingest.embedding import make_embedder
from assistant.records import Hit, Paper

SCALING = Paper(
    id="p-scaling",
    title="Data Scaling Laws in Imitation Learning for Robotic Manipulation",
    abstract=(
        "We study data scaling in imitation learning for robotic manipulation. "
        "We find that the generalization of the policy follows a power law in the number of environments "
        "and objects it is trained on. "
        "Diversity of environments and objects matters far more than the number of demonstrations per "
        "environment."
    ),
)
HEADS = Paper(
    id="p-heads",
    title="Are Sixteen Heads Really Better than One?",
    abstract=(
        "Multi-headed attention is a driving force behind Transformer models. "
        "We show that a large fraction of attention heads can be removed at test time without significantly "
        "hurting performance, and that some layers can even be reduced to a single head."
    ),
)


@pytest.fixture(scope="module")
def embedder():
    return make_embedder(Settings())  # the real MiniLM: support scores are about meaning


def hits(*papers: Paper) -> list[Hit]:
    return [Hit(paper=p, score=1.0 - i / 10, text=p.abstract, dense=0.6) for i, p in enumerate(papers)]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Robots generalise [3].", [3]),
        ("Both agree [1, 4].", [1, 4]),
        ("A range [2-4] and a dash [5–6].", [2, 3, 4, 5, 6]),
        ("Glued together [1][2], semicolons [3; 1].", [1, 2, 3]),
        ("A typo of a range [1-9999] is its two ends.", [1, 9999]),
        ("No citation, only a list: [a] and [].", []),
    ],
)
def test_cited_reads_every_marker_form(text: str, numbers: list[int]) -> None:
    assert cited(text) == numbers


def test_numbers_that_match_no_source_are_removed_and_reported() -> None:
    text, dropped = keep_only("Diversity matters [1][7]. Heads can go [2, 9]. Pure invention [8].", {1, 2})
    assert text == "Diversity matters [1]. Heads can go [2]. Pure invention."
    assert dropped == [7, 9, 8]


def test_a_valid_marker_is_left_exactly_as_written() -> None:
    assert keep_only("See [1-2] and [2 , 1].", {1, 2}) == ("See [1-2] and [2 , 1].", [])


def test_each_number_is_credited_with_the_sentences_that_cite_it() -> None:
    found = claims(
        "Diversity of environments matters most [1]. Heads can be pruned at test time [2].\n- Short [1]."
    )
    assert found[1] == ["Diversity of environments matters most.", "- Short."]
    assert found[2] == ["Heads can be pruned at test time."]


@pytest.mark.parametrize(
    ("text", "has_citations", "expected"),
    [
        (f"{ABSTAIN_PHRASE} cooking pasta.", False, True),
        (f"“{ABSTAIN_PHRASE} cooking pasta.”", False, True),
        (f"Scaling is covered [1]. {ABSTAIN_PHRASE} the costs of it.", True, False),  # a partial answer
        (f"Nothing to cite here. {ABSTAIN_PHRASE} this.", False, True),
        ("Diversity matters most.", False, False),
    ],
)
def test_abstention_is_the_fixed_phrase(text: str, has_citations: bool, expected: bool) -> None:
    assert abstains(text, has_citations) is expected


@pytest.mark.slow  # the real model, a full index or a server
def test_verify_lists_each_cited_paper_once_with_its_title_and_number(embedder) -> None:
    text = (
        "Diversity of environments and objects matters more than many demonstrations per environment [2]. "
        "Generalization follows a power law in the number of environments [2, 5]."
    )
    checked = verify(text, hits(HEADS, SCALING), embedder, weak_below=0.5)
    assert [(c.n, c.title, c.paper_id) for c in checked.citations] == [(2, SCALING.title, "p-scaling")]
    assert checked.dropped == [5]
    assert "[5]" not in checked.text and checked.grounded and not checked.abstained


@pytest.mark.slow  # the real model, a full index or a server
def test_a_claim_the_abstract_does_not_make_is_weak(embedder) -> None:
    text = (
        "Diversity of environments and objects matters more than the number of demonstrations [1]. "
        "Robot data scaling laws are explained by the attention heads of Transformers [2]."
    )
    good, bad = verify(text, hits(SCALING, HEADS), embedder, weak_below=0.5).citations
    assert good.support is not None and good.support > 0.6 and not good.weak
    assert "Diversity of environments" in good.snippet  # the abstract sentence that backs the claim
    assert bad.support is not None and bad.support < good.support


@pytest.mark.slow  # the real model, a full index or a server
def test_miscited_claim_scores_low(embedder) -> None:
    text = "A large fraction of attention heads can be removed at test time [1]."
    (citation,) = verify(text, hits(SCALING, HEADS), embedder, weak_below=0.5).citations
    assert citation.weak and citation.support is not None and citation.support < 0.5


def test_an_answer_without_citations_is_not_grounded(embedder) -> None:
    checked = verify("Diversity matters most, trust me.", hits(SCALING), embedder, weak_below=0.5)
    assert checked.citations == [] and not checked.grounded and not checked.abstained


def test_abstaining_cites_nothing_and_is_grounded(embedder) -> None:
    checked = verify(f"{ABSTAIN_PHRASE} pasta recipes; the closest is [1].", hits(SCALING), embedder, 0.5)
    assert checked.abstained and checked.grounded and checked.citations == []
    assert "[1]" not in checked.text


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_a_streamed_marker_is_shown_only_once_checked(size: int) -> None:
    text = "Diversity matters [1, 99]. Heads can go [99]; see [2-3] and [a] or x[1"
    pieces = [text[i : i + size] for i in range(0, len(text), size)]
    held = HeldMarkers({1, 2, 3})
    shown = [held.feed(piece) for piece in pieces] + [held.flush()]
    assert "".join(shown) == keep_only(text, {1, 2, 3})[0] == "Diversity matters [1]. Heads can go; see [2-3] and [a] or x[1"
    assert not [s for s in shown if "9" in s]

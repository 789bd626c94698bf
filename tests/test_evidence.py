"""Reading the retrieved abstracts: whole sentences, the question's names, and the coverage check."""

import re

import pytest

from assistant import Assistant
from assistant.answer.evidence import key_terms, sentences


def test_sentences_survive_abbreviations_brackets_and_decimals() -> None:
    text = (
        "We study scaling (e.g. of data, i.e. robots) as in Fig. 2 of Kaplan et al. and find a 3.5x gain. "
        "Results hold across 12 tasks [4]."
    )
    assert sentences(text) == [
        "We study scaling (e.g. of data, i.e. robots) as in Fig. 2 of Kaplan et al. and find a 3.5x gain.",
        "Results hold across 12 tasks [4].",
    ]


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("how good are LLMs at writing Verilog for chip designs?", ["LLMs", "Verilog"]),
        ("which open models score highest on MMLU-Pro?", ["MMLU-Pro"]),
        ("Is XGBoost still better than deep networks?", ["XGBoost"]),  # the first word is a name only if odd
        ("which heads track John and Mary in a sentence?", []),  # names common in English are not the subject
        ("do bigger models need proportionally more data to train well?", []),
        ("what goes on inside Mamba-style state space models?", ["Mamba"]),  # a kind of Mamba is about Mamba
        ("are ViT-based detectors faster than ResNet-like ones?", ["ViT", "ResNet"]),
    ],
)
def test_key_terms_are_names_general_english_rarely_uses(question: str, names: list[str]) -> None:
    assert key_terms(question) == names


def test_a_name_no_abstract_mentions_makes_the_question_uncovered(shipped: Assistant) -> None:
    question = "how good are LLMs at writing Verilog for chip designs?"
    hits = shipped.retrieve(question, k=5)
    coverage = shipped.reader.coverage(question, shipped.reader.read(question, hits))
    assert not coverage.covered and coverage.missing == ["Verilog"]
    # LLMs are all over the collection: the field, not a part of the question the collection could answer.
    assert [t.text for t in coverage.terms if t.papers] == ["LLMs"]


def test_a_question_with_a_missing_name_and_a_name_few_papers_hold_is_partly_covered(shipped: Assistant) -> None:
    question = "Does Galactic simulate robots faster on Graphcore IPUs than on GPUs?"
    hits = shipped.retrieve(question, k=5)
    coverage = shipped.reader.coverage(question, shipped.reader.read(question, hits))
    assert coverage.covered and coverage.missing == ["Graphcore", "IPUs"]
    galactic = next(t for t in coverage.terms if t.text == "Galactic")
    assert galactic.retrieved and 0 < galactic.papers <= 0.03 * len(shipped.retriever.papers)


def test_a_kind_of_a_name_the_collection_holds_is_covered(shipped: Assistant) -> None:
    question = "Which papers analyze the internal mechanisms of Mamba-style selective state space models?"
    hits = shipped.retrieve(question, k=5)
    coverage = shipped.reader.coverage(question, shipped.reader.read(question, hits))
    assert coverage.covered and [t.text for t in coverage.terms] == ["Mamba"]


def test_an_everyday_paraphrase_is_covered(shipped: Assistant) -> None:
    question = "do bigger models need proportionally more data to train well?"
    coverage = shipped.reader.coverage(question, shipped.reader.read(question, shipped.retrieve(question, k=5)))
    assert coverage.covered and coverage.missing == [] and coverage.best >= shipped.settings.min_evidence


def test_the_papers_holding_a_name_are_read_off_the_bm25_postings_as_written(shipped: Assistant) -> None:
    retriever = shipped.retriever
    texts = {pid: f"{p.title}\n{p.abstract}".lower() for pid, p in retriever.papers.items()}
    # One word: stemmed and in any case, like BM25 ("transformer" counts "Transformers").
    assert retriever.papers_with("Chinchilla") == {i for i, t in texts.items() if "chinchilla" in t} != set()
    # Names with symbols or several parts must appear as written: "GPT-4" is not "GPT-4o", nor "GPT" alone.
    gpt4 = {i for i, t in texts.items() if re.search(r"(?<!\w)gpt-4(?!\w)", t)}
    assert retriever.papers_with("GPT-4") == gpt4 != set()
    assert retriever.papers_with("GPT-4o") == set() != retriever.papers_with("GPT")
    assert retriever.papers_with("Verilog") == retriever.papers_with("C++") == set()  # C++: no word BM25 indexes

"""Reading the retrieved abstracts: whole sentences, the question's names, and the coverage check."""

import re

import pytest

from assistant import Assistant
from assistant.answer import evidence
from assistant.answer.evidence import key_terms
from assistant.ingest.sentences import sentences


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


def test_a_name_no_abstract_mentions_hedges_the_question(shipped: Assistant) -> None:
    question = "how good are LLMs at writing Verilog for chip designs?"
    hits = shipped.retrieve(question, k=5)
    coverage = shipped.reader.coverage(question, shipped.reader.read(question, hits))
    assert coverage.covered and coverage.hedged and coverage.unnamed and coverage.missing == ["Verilog"]
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
    assert not coverage.hedged and coverage.closeness >= evidence.MIN_CLOSENESS


def coverage_of(assistant: Assistant, question: str) -> evidence.Coverage:
    return assistant.reader.coverage(question, assistant.reader.read(question, assistant.retrieve(question, k=5)))


def test_close_passages_that_do_not_clearly_answer_are_hedged_and_a_far_question_declined(shipped: Assistant) -> None:
    # No abstract mentions speculative decoding; quantization papers are close, but they do not answer it.
    hedged = coverage_of(shipped, "does speculative decoding with a draft model speed up inference of LLMs on phones?")
    assert hedged.covered and hedged.hedged and not hedged.unnamed and hedged.absent == ["speculative decoding"]
    assert evidence.MIN_CLOSENESS <= hedged.closeness < evidence.MIN_CLOSENESS_ABSENT  # the phrase decided it
    answered = coverage_of(shipped, "What explains grokking?")
    assert answered.covered and not answered.hedged and answered.absent == []
    far = coverage_of(shipped, "What is the best recipe for sourdough bread?")
    assert not far.covered and not far.hedged


def test_a_phrase_is_found_in_its_hyphen_space_and_word_ending_variants(shipped: Assistant) -> None:
    mentioned = shipped.retriever.mentioned
    texts = [f"{p.title} {p.abstract}".lower() for p in shipped.retriever.papers.values()]
    assert any("pre-trained" in t for t in texts) and not any(re.search(r"\bpretrained transformers?\b", t) for t in texts)
    assert mentioned("pretrained transformers")  # "pre-trained transformer(s)"
    assert mentioned("scaling law") and mentioned("scaling-laws")
    assert not mentioned("speculative decoding") and not mentioned("conformal prediction")


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


def test_kept_sentence_vectors_answer_as_computed_ones_without_embedding_a_sentence(
    lab: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "How do zebra finches learn their song?"
    computed = lab.ask(question)
    monkeypatch.setenv("ASSISTANT_KEEP_SENTENCES", "1")
    report = Assistant().ingest(progress=False)  # the setting turned on: a plain ingest keeps every sentence's vector
    assert report.embedded == 0 and report.sentences > 0  # no chunk embedded again

    embedded: list[str] = []
    answering = Assistant()
    real = answering.index.embedder.embed
    monkeypatch.setattr(answering.index.embedder, "embed", lambda texts: embedded.extend(texts) or real(texts))
    kept = answering.ask(question)
    assert kept.text == computed.text and [c.title for c in kept.citations] == [c.title for c in computed.citations]
    abstracts = {s for p in answering.papers() for s in sentences(p.abstract)}
    assert embedded and not set(embedded) & abstracts  # the question was embedded; no sentence of an abstract

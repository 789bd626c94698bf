"""The offline (extractive) answer on the real index: whole sentences, attributed, citing only retrieved papers."""

import re

import pytest

from assistant import Assistant
from assistant.answer.extractive import ABSTAIN_PHRASE, HEDGE_PHRASE, plain
from assistant.present.text import EXTRACTIVE_NOTE, render

OFF_TOPIC = [
    "What is the best recipe for sourdough bread?",
    "Who won the 1998 football world cup?",
    "How do I file my taxes as a freelancer in Germany?",
    "What are the symptoms of a vitamin D deficiency?",
    "When was the Magna Carta signed?",
]


def test_answer_quotes_whole_sentences_cited_and_attributed(shipped: Assistant) -> None:
    answer = shipped.ask("can you predict a whole loss curve from the learning rate schedule?")
    assert answer.mode == "extractive" and not answer.abstained
    assert answer.citations[0].title == "Scaling Law with Learning Rate Annealing"
    for citation in answer.citations:
        paper = next(h.paper for h in answer.hits if h.paper.id == citation.paper_id)
        quoted = re.findall(rf"“(.+?)” \[{citation.n}\]", answer.text)  # the sentences quoted for it
        assert quoted and citation.snippet == " ".join(quoted)
        assert all(sentence in paper.abstract for sentence in quoted)
    first = answer.text.split("\n\n")[0]
    assert first.startswith("*Scaling Law with Learning Rate Annealing*")
    assert re.search(r"“[A-Z].*[.!?]” \[1\]", first)  # a whole sentence, then its citation


def test_only_retrieved_papers_are_cited(shipped: Assistant) -> None:
    answer = shipped.ask("which papers train robot policies on data from many embodiments?", k=5)
    retrieved = {h.paper.id for h in answer.hits}
    assert answer.citations and {c.paper_id for c in answer.citations} <= retrieved
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert cited == {c.n for c in answer.citations}


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_questions_abstain_and_cite_nothing(shipped: Assistant, question: str) -> None:
    answer = shipped.ask(question)
    assert answer.abstained and answer.citations == []
    assert answer.text.startswith(ABSTAIN_PHRASE)
    assert "[" not in answer.text


def test_untitled_abstract_is_attributed_without_inventing_a_title(shipped: Assistant) -> None:
    answer = shipped.ask("what is harmonic loss and why is it more interpretable than cross-entropy?")
    citation = answer.citations[0]
    assert citation.title.startswith("Untitled abstract (MIT #")
    assert answer.text.startswith("An untitled abstract (MIT #")


def test_rendered_answer_says_it_is_extractive_and_lists_sources(shipped: Assistant) -> None:
    answer = shipped.ask("can you predict a whole loss curve from the learning rate schedule?")
    text = render(answer)
    assert text.startswith(EXTRACTIVE_NOTE)
    sources = text.split("Sources:\n")[1].splitlines()
    assert sources == [f"[{c.n}] {c.title}" for c in answer.citations]


def test_a_near_miss_is_hedged_naming_what_no_abstract_mentions(shipped: Assistant) -> None:
    answer = shipped.ask("how good are LLMs at writing Verilog for chip designs?")
    assert answer.hedged and not answer.abstained and answer.missing == ["Verilog"]
    assert answer.text.startswith(f"{HEDGE_PHRASE}: no abstract mentions “Verilog”, and the closest passages do not")
    text = render(answer)
    assert "Sources:" not in text and "Closest passages (shown, not an answer):" in text


def test_a_hedged_answer_shows_the_closest_passages_as_what_they_are(shipped: Assistant) -> None:
    answer = shipped.ask("does speculative decoding with a draft model speed up inference of LLMs on phones?")
    assert answer.hedged and answer.missing == ["speculative decoding"]
    first, *passages = answer.text.split("\n\n")
    assert first.startswith(HEDGE_PHRASE) and "“speculative decoding”" in first
    assert len(passages) == len(answer.citations) == 3
    for citation, passage in zip(answer.citations, passages, strict=True):
        assert passage.startswith(f"[{citation.n}] *") and f"“{citation.snippet}”" in passage
        assert not any(verb in passage for verb in (" reports:", " finds:", " states:", " notes:"))
        paper = next(h.paper for h in answer.hits if h.paper.id == citation.paper_id)
        assert citation.snippet in paper.abstract


def test_a_follow_up_to_an_unclear_answer_stays_unclear(shipped: Assistant) -> None:
    first = shipped.chat("does speculative decoding with a draft model speed up inference of LLMs on phones?")
    assert first.hedged
    # Glued to the first question the follow-up finds quantization papers; it must not become a confident answer.
    follow = shipped.chat("and which of them report real latency numbers?", history=[(first.question, first.text)])
    assert follow.hedged or follow.abstained
    clear = shipped.chat("What explains grokking?")
    assert not (clear.hedged or clear.abstained)
    again = shipped.chat("and do they use transformers?", history=[(clear.question, clear.text)])
    assert not again.abstained  # a follow-up to a clear answer is judged as before


def test_a_partly_covered_question_names_the_missing_part_and_answers_the_rest(shipped: Assistant) -> None:
    answer = shipped.ask("Does Galactic simulate robots faster on Graphcore IPUs than on GPUs?")
    assert not answer.abstained and answer.missing == ["Graphcore", "IPUs"]
    assert answer.text.startswith("No paper in the collection mentions “Graphcore” or “IPUs”. On the rest")
    assert answer.citations[0].title.startswith("Galactic: Scaling End-to-End Reinforcement Learning")
    assert "steps-per-second" in answer.citations[0].snippet


def test_a_vague_question_in_everyday_words_is_answered(shipped: Assistant) -> None:
    answer = shipped.ask("do bigger models need proportionally more data to train well?")
    assert not answer.abstained and answer.citations


def test_the_quoted_sentence_is_the_finding_not_the_set_up(shipped: Assistant) -> None:
    answer = shipped.ask("what did the robot data scaling study find about environment and object diversity?")
    assert answer.citations[0].title == "Data Scaling Laws in Imitation Learning for Robotic Manipulation"
    assert "To this end" not in answer.citations[0].snippet


def test_a_paper_is_cited_only_when_its_own_sentences_answer(shipped: Assistant) -> None:
    answer = shipped.ask("which papers call emergent abilities an artefact of the metric?")
    assert answer.citations[0].title == "Are Emergent Abilities of Large Language Models a Mirage?"
    assert all("personality" not in c.title.lower() for c in answer.citations)


def test_latex_in_a_title_is_plain_text_in_the_terminal() -> None:
    assert plain(r"Scaling $\texttt{t5x}$ and $\mathcal{O}(n^{2})$ for \$5") == r"Scaling t5x and O(n^2) for \$5"

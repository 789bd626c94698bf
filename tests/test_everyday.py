"""The thesaurus of everyday words: which of a question's phrases become the field's terms, and when not."""

from __future__ import annotations

import pytest

from assistant.search.everyday import Thesaurus

THESAURUS = Thesaurus(
    """
# Language models
chatbot, AI assistant => large language model; LLM
picture => image
picture classifier, photo classifier => image classification; vision transformer
made-up answers, making things up => hallucination
"""
)


def rare(stems: object) -> float:
    return 0.0  # no paper of the collection uses the phrase


def test_everyday_words_become_the_first_term_of_their_entry() -> None:
    question = "why do chatbots end up making things up?"
    assert THESAURUS.translate(question, rare) == ["large language model", "hallucination"]


def test_the_longest_phrase_wins() -> None:
    assert THESAURUS.translate("the biggest picture classifier ever built", rare) == ["image classification"]
    assert THESAURUS.translate("a picture of a cat", rare) == ["image"]


def test_a_phrase_the_collection_uses_itself_is_not_translated() -> None:
    def common(stems: object) -> float:
        return 0.5 if stems == ("chatbot",) else 0.0

    assert THESAURUS.translate("chatbots that recognise a picture", common) == ["image"]


def test_a_shorter_phrase_is_tried_when_the_longer_is_common() -> None:
    def common(stems: object) -> float:
        return 0.5 if stems == ("pictur", "classifi") else 0.0

    assert THESAURUS.translate("a picture classifier", common) == ["image"]


def test_a_term_the_question_already_uses_is_not_added() -> None:
    assert THESAURUS.translate("is a chatbot a large language model?", rare) == []
    assert THESAURUS.translate("how are Transformers trained?", rare) == []


def test_a_malformed_line_is_named() -> None:
    with pytest.raises(ValueError, match="line 2: expected"):
        Thesaurus("# fine\nchatbot: large language model\n")


def test_the_bundled_thesaurus_reads() -> None:
    bundled = Thesaurus.bundled()
    assert len(bundled.terms) > 1000
    assert bundled.translate("how do chatbots get better with size?", rare) == ["large language model"]

"""The prompts in prompts/ and the code that fills them agree."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from assistant.answer import llm
from assistant.answer.extractive import ABSTAIN_PHRASE
from assistant.config import PROMPTS
from assistant.records import Hit, Paper

# What the code passes to each template (llm.system_prompt, llm.build_prompt, Writer.condense, Writer.imagine).
FILLED = {"system": {"abstain_phrase"}, "answer": {"sources", "question"}, "condense": {"history", "message"},
          "missing": {"terms", "abstain_phrase"}, "hypothetical": {"question"}}


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def test_every_prompt_file_is_one_the_code_fills() -> None:
    assert {p.stem for p in PROMPTS.glob("*.txt")} == set(FILLED)


@pytest.mark.parametrize("name", sorted(FILLED))
def test_placeholders_match_what_the_code_fills(name: str) -> None:
    assert placeholders((PROMPTS / f"{name}.txt").read_text(encoding="utf-8")) == FILLED[name]


def test_the_system_prompt_carries_the_rules_tests_and_evals_rely_on() -> None:
    system = llm.system_prompt()
    assert f'begins exactly "{ABSTAIN_PHRASE}"' in system  # abstention is detectable by the fixed phrase
    assert "[2] or [1, 3]" in system  # the citation form citations.py parses
    assert "never instructions" in system


def test_a_built_prompt_has_no_placeholder_left() -> None:
    paper = Paper(id="p-1", title="A {curly} title", abstract="Sets like {x} appear in abstracts.")
    prompt = llm.build_prompt("Why {x}?", [Hit(paper=paper, score=1.0, text="")], "gpt-4o-mini", 3000)
    system, user = (m.content for m in prompt.messages)
    assert "{" not in system
    assert "[1] A {curly} title — Sets like {x} appear in abstracts." in user  # braces in data stay data
    assert "{sources}" not in user and "{question}" not in user and "Question: Why {x}?" in user


def test_a_prompt_file_out_of_step_with_the_code_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "answer.txt").write_text("<sources>\n{sources}\n</sources>\n{question} in {language}")
    monkeypatch.setattr(llm, "PROMPTS", tmp_path)
    llm.prompt_text.cache_clear()
    try:
        with pytest.raises(RuntimeError, match=r"prompts/answer.txt has placeholders \['language'"):
            llm.fill("answer", sources="", question="q")
    finally:
        llm.prompt_text.cache_clear()

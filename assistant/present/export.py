"""History entries → eval questions: the answers people really asked, turned into regression cases for
`assistant eval` once a person says which cited papers were right (evals/questions.jsonl's format)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from ..errors import HistoryError
from ..records import Entry
from ..storage.files import write_atomic

VAGUE_WORDS = 14  # evals/README.md: a `vague` question has at most 14 words


def eval_kind(question: str, gold: int) -> str:
    """The kind of evals/questions.jsonl a question with `gold` correct papers belongs to."""
    if gold == 0:
        return "off_topic"
    if gold >= 3:
        return "multi"
    if len(question.split()) <= VAGUE_WORDS:
        return "vague"
    if gold == 1:
        return "paraphrase"
    raise HistoryError(
        f"“{question[:60]}…” has more than {VAGUE_WORDS} words and 2 correct papers, which fits no kind of "
        "eval question; mark one paper, or three or more"
    )


def eval_question(item: Entry, correct: list[int], question_id: str, known: list[dict[str, Any]]) -> dict[str, Any]:
    """An entry as a line of evals/questions.jsonl: its gold papers are the citations a person marked correct
    (none marked: an `off_topic` question, which the assistant should decline)."""
    by_n = {c.n: c for c in item.answer.citations}
    unknown = [n for n in correct if n not in by_n]
    if unknown:
        cited = ", ".join(f"[{n}]" for n in by_n) or "nothing"
        raise HistoryError(
            f"answer #{item.id} has no citation {', '.join(f'[{n}]' for n in unknown)} (it cites {cited})"
        )
    gold = [by_n[n] for n in dict.fromkeys(correct)]
    kind = eval_kind(item.answer.question, len(gold))
    halves = [q["split"] for q in known if q.get("kind") == kind]
    return {
        "id": question_id, "kind": kind, "question": item.answer.question,
        "gold_ids": [c.paper_id for c in gold], "gold_titles": [c.title for c in gold], "keywords": [],
        "split": split_of(question_id, halves.count("dev"), halves.count("test")),
    }


def split_of(question_id: str, dev: int, test: int) -> str:
    """The half a new question of a kind goes to, given how many of that kind each half holds: the smaller one,
    or by the id's hash when they are even, so halves stay halves as questions are added. The one rule for new
    eval questions (those already in a file keep theirs)."""
    if dev != test:
        return "dev" if dev < test else "test"
    return "dev" if int(hashlib.sha1(question_id.encode()).hexdigest(), 16) % 2 == 0 else "test"


def export_eval(path: Path, chosen: list[tuple[Entry, list[int]]]) -> int:
    """Append the chosen entries to the eval file at `path` (created if missing), skipping questions it
    already holds; ids continue as h001, h002, … Returns how many were added."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    known = [json.loads(line) for line in lines if line.strip()]
    asked = {q["question"] for q in known}
    numbers = [int(q["id"][1:]) for q in known if re.fullmatch(r"h\d+", str(q["id"]))]
    number = max(numbers, default=0)
    added = []
    for item, correct in chosen:
        question = eval_question(item, correct, f"h{number + 1:03d}", known)
        if question["question"] in asked:
            continue
        asked.add(question["question"])
        known.append(question)
        number += 1
        added.append(json.dumps(question, ensure_ascii=False))
    write_atomic(path, "".join(f"{line}\n" for line in [*lines, *added] if line.strip()))
    return len(added)

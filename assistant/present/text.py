"""An answer as the terminal shows it: a note on how it was made, the text, the sources, related reading."""

from __future__ import annotations

from ..answer.extractive import plain
from ..records import Answer
from .formats import reference

EXTRACTIVE_NOTE = (
    "No language model is configured, so this answer is extractive: the sentences below are quoted "
    "from the retrieved abstracts."
)


def sources_block(answer: Answer) -> str:
    if not answer.citations:
        return ""
    rows = [f"[{c.n}] {plain(reference(c))}" for c in answer.citations]
    heading = "Closest passages (shown, not an answer):" if answer.hedged else "Sources:"
    return heading + "\n" + "\n".join(rows)


def related_block(answer: Answer) -> str:
    if not answer.related:
        return ""
    rows = [f"- {plain(r.title)}" for r in answer.related]
    return "Related reading (closest papers, not cited as support):\n" + "\n".join(rows)


def render(answer: Answer) -> str:
    """The whole answer as a person reads it: a note on how it was made, the text, then the sources."""
    parts = []
    if answer.notice:
        parts.append(f"Note: {answer.notice}")
    if answer.mode == "extractive" and not answer.abstained and not answer.notice:  # a notice says why
        parts.append(EXTRACTIVE_NOTE)
    parts.append(answer.text)
    if answer.citations:
        parts.append(sources_block(answer))
    if answer.related:
        parts.append(related_block(answer))
    return "\n\n".join(parts)


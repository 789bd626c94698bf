"""An answer in the forms people reuse: a reference line per cited paper, Markdown with numbered references,
and the JSON of `assistant ask --json` with the settings that made it."""

from __future__ import annotations

from typing import Any

from ..records import Answer, Citation, MadeWith

MAX_AUTHORS = 3  # more than three names read as "et al." in a reference


def authors(names: list[str]) -> str:
    shown = names[:MAX_AUTHORS]
    return ", ".join(shown) + (" et al." if len(names) > MAX_AUTHORS else "")


def reference(citation: Citation) -> str:
    """'Title. A. One, B. Two (2024). https://…' with whatever the collection knows of the paper."""
    line = citation.title
    who = authors(citation.authors)
    when = f"({citation.year})" if citation.year else ""
    byline = " ".join(part for part in [who, when] if part)
    if byline:
        line = f"{line.rstrip('.')}. {byline}"
    if citation.url:
        line = f"{line.rstrip('.')}. {citation.url}"
    return line


def markdown(answer: Answer, made: MadeWith | None = None) -> str:
    """The answer as Markdown to paste into notes: the question, any notice, the text with its [n] markers,
    and the numbered references."""
    parts = [f"**Q:** {answer.question.strip()}"]
    if answer.notice:
        parts.append(f"> Note: {answer.notice}")
    parts.append(answer.text.strip())
    if answer.citations:
        # Bullets, not an ordered list: a Markdown list renumbers from 1, and the text may cite [1] and [3].
        parts.append("References:\n\n" + "\n".join(f"- [{c.n}] {reference(c)}" for c in answer.citations))
    how = f"LLM answer ({made.model})" if made and made.model else f"{answer.mode.capitalize()} answer"
    if made:
        how += f" from '{made.collection}', {made.k} papers retrieved with {made.embed_model}"
    parts.append(f"*{how}.*")
    return "\n\n".join(parts) + "\n"


def as_json(answer: Answer, made: MadeWith) -> dict[str, Any]:
    """`assistant ask --json`: the answer, its checked citations, how it was made."""
    return {
        "answer": answer.text,
        "citations": [c.model_dump(exclude={"title_is_derived"}) for c in answer.citations],
        "abstained": answer.abstained,
        "hedged": answer.hedged,
        "mode": answer.mode,
        "model": made.model,
        "settings": made.model_dump(exclude={"model"}),
        "usage": answer.usage.model_dump(),
        "notice": answer.notice,
        "dropped_citations": answer.dropped_citations,
        "grounded": answer.grounded,
        "related": [r.model_dump() for r in answer.related],
        "missing": answer.missing,
    }

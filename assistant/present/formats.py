"""An answer in the forms people reuse: a reference line per cited paper, Markdown with numbered references,
BibTeX entries of the cited papers, and the JSON of `assistant ask --json` with the settings that made it."""

from __future__ import annotations

import re
import unicodedata
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
    if citation.url or citation.link:
        line = f"{line.rstrip('.')}. {citation.url or citation.link}"
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


def bibtex(citations: list[Citation]) -> str:
    """The cited papers as BibTeX entries (one per paper, in citation order) with their identifiers, written by
    bibtexparser; text in LaTeX (pylatexenc), the title in braces so that BibTeX styles keep its capitals."""
    import bibtexparser
    from bibtexparser.model import Entry, Field
    from pylatexenc.latexencode import unicode_to_latex

    library = bibtexparser.Library()
    keys: set[str] = set()
    cited: set[str] = set()
    for citation in citations:
        if citation.paper_id in cited:
            continue
        cited.add(citation.paper_id)
        fields = {
            "title": "{" + unicode_to_latex(citation.title) + "}",
            "author": " and ".join(unicode_to_latex(name) for name in citation.authors),
            "year": str(citation.year or ""), "doi": citation.doi or "",
            "eprint": citation.arxiv or "", "archiveprefix": "arXiv" if citation.arxiv else "",
            "url": citation.url or citation.link or "",
        }
        key = _key(citation, keys)
        library.add(Entry("misc", key, [Field(k, v) for k, v in fields.items() if v]))
    return bibtexparser.write_string(library).strip() + "\n" if citations else ""


def _key(citation: Citation, taken: set[str]) -> str:
    """A citation key as Google Scholar makes them, e.g. he2021masked; a, b, … when taken."""
    ascii_ = lambda text: unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()  # noqa: E731
    family = ascii_(citation.authors[0].split()[-1]) if citation.authors else ""
    word = next((w for w in re.findall(r"[A-Za-z]+", ascii_(citation.title)) if len(w) > 3), "paper")
    base = re.sub(r"[^a-z0-9]", "", f"{family}{citation.year or ''}{word}".lower()) or "paper"
    key, n = base, 0
    while key in taken:
        n += 1
        key = base + "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26] * ((n - 1) // 26 + 1)
    taken.add(key)
    return key


def formatted(form: str, answer: Answer, made: MadeWith) -> str:
    """`--format markdown` or `--format bibtex` of an answer."""
    return bibtex(answer.citations) if form == "bibtex" else markdown(answer, made)

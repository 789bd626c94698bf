"""Records → escaped HTML for the chat page. Everything from the collection (titles, abstracts, quoted
sentences) passes through `escape`, so an abstract holding `<script>` or a markdown link is shown as the text
it is, never run or rendered."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache

from ..records import Answer, Citation, Entry, Identified, Paper
from .catalog import Listing, source_file
from .formats import authors

# One pass over the text: HTML specials become entities, and so does every character markdown (or an
# autolinker) could read as syntax, because the chatbot runs a markdown renderer over its messages.
_INERT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
    | {c: f"&#{ord(c)};" for c in "\\`*_[](){}#+-!|~$:"}
)


def escape(text: str) -> str:
    """Text shown exactly as written: neither HTML nor markdown in it has any effect."""
    return text.translate(_INERT)


MATH = re.compile(r"\$(?=\S)([^$]{1,300}?)(?<=\S)\$(?!\d)")  # pandoc's rule: "costs $5 and $6" is no math
UNSAFE_LATEX = re.compile(r"[<>&\"']|\\(href|url|html)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def math_html(latex: str) -> str | None:
    """$…$ LaTeX as MathML, which the browser draws itself; None when it cannot be converted safely. latex2mathml
    copies \\text{…} verbatim, so LaTeX holding markup characters is never converted (it stays text)."""
    if UNSAFE_LATEX.search(latex):
        return None
    from latex2mathml.converter import convert

    try:
        return convert(latex)
    except Exception:  # noqa: BLE001 — latex2mathml has a dozen error types; each means "show it as text"
        return None


def title_html(title: str) -> str:
    """A title shown literally, except its $…$ LaTeX, which reads as math: `$\\texttt{t5x}$` → t5x in type."""
    parts, last = [], 0
    for found in MATH.finditer(title):
        math = math_html(found.group(1).strip())
        if math:
            parts += [escape(title[last : found.start()]), math]
            last = found.end()
    return "".join([*parts, escape(title[last:])])


def link_html(url: str | None) -> str:
    if not url or not re.match(r"https?://", url):
        return ""  # a javascript: or data: "link" from a file is not made clickable
    return f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(url)}</a>'


def links_html(work: Identified, url: str | None) -> str:
    """The work's DOI and arXiv links, and its own link when it is another one."""
    links = [f'<a href="https://doi.org/{escape(work.doi)}" target="_blank" rel="noopener noreferrer">'
             f"doi:{escape(work.doi)}</a>"] if work.doi else []
    if work.arxiv:
        links.append(f'<a href="https://arxiv.org/abs/{escape(work.arxiv)}" target="_blank" '
                     f'rel="noopener noreferrer">arXiv:{escape(work.arxiv)}</a>')
    if url and not any(x in url for x in [work.doi or "-", work.arxiv or "-"]):
        links.append(link_html(url))
    return " · ".join(x for x in links if x)


def byline(year: int | None, names: Iterable[str], links: str, *more: str) -> str:
    """Year · authors · … · links, leaving out what the collection does not know."""
    text = " · ".join(escape(x) for x in [str(year or ""), authors(list(names)), *more] if x)
    return " · ".join(x for x in [text, links] if x)


def _inline(text: str) -> str:
    out = escape(text)
    out = re.sub(r"&#42;&#42;(.+?)&#42;&#42;", r"<strong>\1</strong>", out)  # **bold** from an LLM
    out = re.sub(r"&#42;(.+?)&#42;", r"<em>\1</em>", out)  # *Title* in extractive answers
    out = re.sub(r"&#91;(\d+)&#93;", r'<span class="cite">[\1]</span>', out)
    return out.replace("\n", "<br>")


def answer_html(text: str) -> str:
    """The answer's paragraphs with its light markdown (*em*, **strong**) kept and everything else escaped."""
    return "".join(f"<p>{_inline(p.strip())}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())


def meta_line(answer: Answer, seconds: float, model: str) -> str:
    how = "Extractive answer (offline: quoted from the abstracts)"
    how = f"LLM answer ({model})" if answer.mode == "llm" else how
    usage = answer.usage
    used = usage.prompt_tokens + usage.completion_tokens
    tokens = f"{used:,} tokens ({usage.prompt_tokens:,} prompt + {usage.completion_tokens:,} completion)"
    tokens = tokens if used else "no tokens used"
    return f'<p class="meta">{escape(how)} · {seconds:.2f} s · {tokens}</p>'


def sources_html(answer: Answer) -> str:
    """The cited papers as a collapsed block: title, the supporting snippet, its score, the abstract."""
    if not answer.citations:
        return ""
    hits = {h.paper.id: h for h in answer.hits}
    items = []
    for c in answer.citations:
        hit = hits.get(c.paper_id)
        # A reopened answer from the history has no hits: its sources show without the abstract.
        abstract = f"<details><summary>Abstract</summary><p>{escape(hit.paper.abstract)}</p></details>" if hit else ""
        # The hybrid score ranks papers against each other; the similarity says how close one is on its own.
        similarity = f" · similarity {hit.dense:.2f}" if hit else ""
        similarity += " · weakly supported by its abstract" if c.weak else ""
        items.append(
            f'<li><span class="title">[{c.n}] {title_html(c.title)}</span> '
            f'<span class="score">score {c.score:.2f}{similarity}</span>{reference_html(c)}'
            f"<blockquote>{escape(c.snippet)}</blockquote>{abstract}</li>"
        )
    label = "Closest passages, not an answer" if answer.hedged else "Sources"
    summary = f"<summary>{label} ({len(items)})</summary>"
    return f'<details class="sources">{summary}<ol>{"".join(items)}</ol></details>'


def reference_html(citation: Citation) -> str:
    known = byline(citation.year, citation.authors, links_html(citation, citation.url))
    return f'<br><span class="ref meta">{known}</span>' if known else ""


def related_html(answer: Answer) -> str:
    """Closest papers of a declined answer, under their own heading: reading, not support."""
    if not answer.related:
        return ""
    items = "".join(
        f'<li><span class="title">{title_html(r.title)}</span> '
        f'<span class="score">similarity {r.similarity:.2f}</span></li>'
        for r in answer.related
    )
    summary = f"<summary>Related reading ({len(answer.related)}, not cited)</summary>"
    return f'<details class="sources related" open>{summary}<ul>{items}</ul></details>'


def reply_html(answer: Answer, seconds: float, model: str = "") -> str:
    """The whole chat message: notice, answer, how it was made, sources. One line of HTML, so the chatbot's
    markdown pass treats it as a single HTML block and leaves it alone."""
    notice = f'<p class="notice">⚠ {escape(answer.notice)}</p>' if answer.notice else ""
    # A hedged answer looks different at a glance: a badge and a border of its own (page.CSS).
    badge = '<p class="badge">Not a clear answer</p>' if answer.hedged else ""
    body = answer_html(answer.text)
    sources = sources_html(answer) + related_html(answer)
    kind = "reply hedged" if answer.hedged else "reply"
    return f'<div class="{kind}">{badge}{notice}{body}{meta_line(answer, seconds, model)}{sources}</div>'


def note_html(text: str) -> str:
    return f'<div class="reply"><p class="notice">{escape(text)}</p></div>'


def user_html(text: str) -> str:
    return f'<div class="asked">{escape(text)}</div>'


def papers_html(papers: list[Paper], heading: str) -> str:
    rows = []
    for p in papers:
        files = ", ".join(sorted({source_file(s) for s in p.sources}))
        meta = byline(p.year, p.authors, links_html(p, p.url), files, p.id)
        rows.append(
            f'<details class="paper"><summary>{title_html(p.title)}</summary>'
            f'<p>{escape(p.abstract)}</p><p class="meta">{meta}</p></details>'
        )
    return f'<div class="papers"><p class="meta">{escape(heading)}</p>{"".join(rows)}</div>'


def listing_html(listing: Listing) -> str:
    return papers_html(listing.papers, listing.heading)


def when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def history_html(entries: list[Entry], heading: str) -> str:
    """Past answers, newest first: number, when, the question, and what the answer cited."""
    rows = []
    for e in entries:
        cited = "; ".join(f"[{c.n}] {title_html(c.title)}" for c in e.answer.citations) or "nothing cited"
        how = f"LLM ({e.made.model})" if e.made.model else e.answer.mode
        outcome = " · hedged" if e.answer.hedged else " · declined" if e.answer.abstained else ""
        meta = escape(f"#{e.id} · {when(e.asked_at)} · '{e.made.collection}' · {how}{outcome}")
        rows.append(f'<li><span class="meta">{meta}</span><br><span class="asked">{escape(e.answer.question)}'
                    f'</span><br><span class="meta">{cited}</span></li>')
    return f'<div class="history"><p class="meta">{escape(heading)}</p><ul>{"".join(rows)}</ul></div>'


def from_files(files: list[str] | None) -> Callable[[Paper], bool] | None:
    if not files:
        return None
    chosen = set(files)
    return lambda paper: any(source_file(s) in chosen for s in paper.sources)

"""Records → escaped HTML for the chat page. Everything from the collection (titles, abstracts, quoted
sentences) passes through `escape`, so an abstract holding `<script>` or a markdown link is shown as the text
it is, never run or rendered."""

from __future__ import annotations

import re
from collections.abc import Callable

from .records import Answer, Paper

# One pass over the text: HTML specials become entities, and so does every character markdown (or an
# autolinker) could read as syntax, because the chatbot runs a markdown renderer over its messages.
_INERT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
    | {c: f"&#{ord(c)};" for c in "\\`*_[](){}#+-!|~$:"}
)


def escape(text: str) -> str:
    """Text shown exactly as written: neither HTML nor markdown in it has any effect."""
    return text.translate(_INERT)


# The chatbot renders only \( … \) as math (KaTeX, ui.py's latex_delimiters), a pair that abstracts do not use;
# a title's $…$ is turned into it, so a dollar amount in an abstract is never read as math.
MATH_DELIMITERS: list[dict[str, str | bool]] = [{"left": "\\(", "right": "\\)", "display": False}]


def title_html(title: str) -> str:
    """A title escaped like all text, its LaTeX ($\\texttt{t5x}$) kept for the page to show as math."""
    return escape(re.sub(r"\$([^$\n]+)\$", r"\\(\1\\)", title))


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
        abstract = escape(hit.paper.abstract) if hit else ""
        # The hybrid score ranks papers against each other; the similarity says how close one is on its own.
        similarity = f" · similarity {hit.dense:.2f}" if hit else ""
        similarity += " · weakly supported by its abstract" if c.weak else ""
        items.append(
            f'<li><span class="title">[{c.n}] {title_html(c.title)}</span> '
            f'<span class="score">score {c.score:.2f}{similarity}</span>'
            f"<blockquote>{escape(c.snippet)}</blockquote>"
            f"<details><summary>Abstract</summary><p>{abstract}</p></details></li>"
        )
    summary = f"<summary>Sources ({len(items)})</summary>"
    return f'<details class="sources">{summary}<ol>{"".join(items)}</ol></details>'


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
    body = answer_html(answer.text)
    sources = sources_html(answer) + related_html(answer)
    return f'<div class="reply">{notice}{body}{meta_line(answer, seconds, model)}{sources}</div>'


def note_html(text: str) -> str:
    return f'<div class="reply"><p class="notice">{escape(text)}</p></div>'


def user_html(text: str) -> str:
    return f'<div class="asked">{escape(text)}</div>'


def papers_html(papers: list[Paper], heading: str) -> str:
    rows = []
    for p in papers:
        files = ", ".join(sorted({source_file(s) for s in p.sources}))
        detail = " · ".join(x for x in [str(p.year or ""), ", ".join(p.authors[:4]), files, p.id] if x)
        rows.append(
            f'<details class="paper"><summary>{escape(p.title)}</summary>'
            f'<p>{escape(p.abstract)}</p><p class="meta">{escape(detail)}</p></details>'
        )
    return f'<div class="papers"><p class="meta">{escape(heading)}</p>{"".join(rows)}</div>'


def source_file(source: str) -> str:
    """'002_e5389ca53ba50cdd.txt#12' → '002_e5389ca53ba50cdd.txt'."""
    return source.split("#", 1)[0]


def from_files(files: list[str] | None) -> Callable[[Paper], bool] | None:
    if not files:
        return None
    chosen = set(files)
    return lambda paper: any(source_file(s) in chosen for s in paper.sources)

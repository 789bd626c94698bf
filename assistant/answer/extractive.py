"""Hits → answer: the offline extractive answer, quoted and attributed, and the declined answer."""

from __future__ import annotations

import re

import numpy as np

from ..records import Answer, Citation, Hit, Related
from .evidence import Coverage, Reader, Reading

ABSTAIN_PHRASE = "The collection does not seem to cover"
HEDGE_PHRASE = "The collection may not answer this"
MAX_SENTENCES = 2
HEDGE_PAPERS = 3  # passages a hedged answer shows: the best-ranked papers, whether or not they answer
RELATED = 3  # papers offered as further reading when the answer declines
RELATED_FLOOR = 0.3  # below this similarity a paper is not even related reading
# Findings (results, numbers, "we find/show") answer a question better than set-up ("we conduct a study").
FINDING_BONUS = 0.05
SETUP_PENALTY = 0.1
# A question asking for a quantity ("how many demonstrations…") is answered by a sentence with a number in it.
NUMBER_BONUS = 0.1
_QUANTITY = re.compile(r"\bhow (many|much|long|large|big|fast|often)\b|\bwhat (number|percentage|share|size)\b", re.I)
_FINDING = re.compile(
    r"\b(we (find|found|show|demonstrate|observe|report|prove|reveal)|(results|experiments|analysis|findings) "
    r"(show|suggest|indicate|demonstrate|reveal)|outperform|improv|achiev|reduc|increas|significant|"
    r"better than|leads? to|\d+(\.\d+)?\s?(%|x\b|×|times|fold))",
    re.IGNORECASE,
)
_SETUP = re.compile(
    r"^(in this (paper|work|study)|here,? we|to this end|to (address|answer|study|investigate) (this|these)|"
    r"we (conduct|study|investigate|consider|explore|ask|examine)\b)",
    re.IGNORECASE,
)
_VERBS = ("reports", "finds", "states", "notes")


def short_title(title: str, limit: int = 80) -> str:
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(",:;-—") + "…"


def attribution(hit: Hit) -> str:
    """How a sentence is attributed: the title in italics, or what an untitled abstract is."""
    if hit.paper.title_is_derived:
        label = hit.paper.title.split(":")[0]  # 'Untitled abstract (MIT #3)'
        return "An " + label[0].lower() + label[1:]
    return f"*{short_title(plain(hit.paper.title))}*"


def weighted(question: str, sentence_list: list[str], similarity: np.ndarray) -> np.ndarray:
    """Each sentence's similarity to the question, nudged towards findings (and numbers, when the question
    asks for a quantity) and away from set-up."""
    wants_number = bool(_QUANTITY.search(question))
    bonus = [
        FINDING_BONUS * bool(_FINDING.search(s))
        - SETUP_PENALTY * bool(_SETUP.search(s))
        + NUMBER_BONUS * (wants_number and any(c.isdigit() for c in s))
        for s in sentence_list
    ]
    return similarity + np.asarray(bonus, dtype=np.float32)


def quotes(question: str, reading: Reading, i: int) -> list[str]:
    """The one or two sentences of a paper that answer best (findings first), in reading order."""
    group = reading.sentences[i]
    own = weighted(question, group, reading.similarity(i))
    order = list(np.argsort(-own, kind="stable"))
    keep = [order[0]] + [j for j in order[1:MAX_SENTENCES] if own[j] >= own[order[0]] - 0.08]
    return [group[j] for j in sorted(keep)]


def related(hits: list[Hit]) -> list[Related]:
    return [
        Related(title=h.paper.title, paper_id=h.paper.id, similarity=round(h.dense, 3))
        for h in sorted(hits, key=lambda h: -h.dense)[:RELATED]
        if h.dense >= RELATED_FLOOR
    ]


def listing(terms: list[str]) -> str:
    quoted = [f"“{t}”" for t in terms]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def abstain(question: str, hits: list[Hit], coverage: Coverage | None = None) -> Answer:
    """The declined answer: what is missing, and the closest papers as related reading (never cited)."""
    topic = question.strip().rstrip("?.! ")
    missing = coverage.missing if coverage else []
    if missing:
        text = f"{ABSTAIN_PHRASE} “{topic}”: no paper in it mentions {listing(missing)}, so nothing is cited."
    else:
        text = (
            f"{ABSTAIN_PHRASE} “{topic}”: no abstract in it is a close enough match to answer from, "
            "so nothing is cited."
        )
    near = related(hits)
    text += " The closest papers are listed as related reading." if near else " Try other words, or add papers."
    return Answer(question=question, text=text, abstained=True, hits=hits, related=near, missing=missing)


def extractive(question: str, hits: list[Hit], reader: Reader, hedged: bool = False) -> Answer:
    """Quote the sentences that answer the question, grouped by paper and attributed; hedge when the closest
    passages do not clearly answer it (or when `hedged`: a follow-up to an answer that was not clear); or
    decline when nothing is close."""
    reading = reader.read(question, hits)
    coverage = reader.coverage(question, reading)
    if not coverage.covered:
        return abstain(question, hits, coverage)
    if coverage.hedged or hedged:
        return hedge(question, hits, reading, coverage)
    lines, citations = [], []
    if coverage.missing:  # only part of the question is covered: say which part is not, then answer the rest
        lines.append(f"No paper in the collection mentions {listing(coverage.missing)}. On the rest of the question:")
    for n, i in enumerate(reading.citable(), 1):
        hit, said = reading.hits[i], quotes(question, reading, i)
        quoted = " ".join(f"“{q}” [{n}]" for q in said)
        lines.append(f"{attribution(hit)} {_VERBS[(n - 1) % len(_VERBS)]}: {quoted}")
        citations.append(Citation.from_hit(n, hit, " ".join(said)))
    return Answer(question=question, text="\n\n".join(lines), citations=citations, hits=hits, missing=coverage.missing)


def unclear(answer_text: str) -> bool:
    """Whether an earlier answer's text was hedged or declined."""
    return answer_text.lstrip().startswith((HEDGE_PHRASE, ABSTAIN_PHRASE))


def hedge(question: str, hits: list[Hit], reading: Reading, coverage: Coverage) -> Answer:
    """Close passages that the evidence does not show to answer: said first, with what no abstract mentions,
    then the closest passages shown as what they are, cited, never as what a paper reports."""
    unknown = [*coverage.missing, *coverage.absent]
    reason = f"no abstract mentions {listing(unknown)}, and the" if unknown else "the"
    lines = [f"{HEDGE_PHRASE}: {reason} closest passages do not clearly address it. Here they are, so you can "
             "judge:"]
    citations = []
    for n, hit in enumerate(reading.hits[:HEDGE_PAPERS], 1):
        closest = reading.sentences[n - 1][int(np.argmax(reading.similarity(n - 1)))]
        lines.append(f"[{n}] {attribution(hit)}: “{closest}”")
        citations.append(Citation.from_hit(n, hit, closest))
    return Answer(
        question=question, text="\n\n".join(lines), citations=citations, hits=hits, hedged=True,
        missing=unknown,
    )


_LATEX_COMMAND = re.compile(r"\\[a-zA-Z]+\s*\{([^{}]*)\}")


def plain(text: str) -> str:
    """LaTeX in a title as plain text for the terminal: `$\\texttt{t5x}$` → `t5x`."""
    def math(match: re.Match[str]) -> str:
        inner = _LATEX_COMMAND.sub(r"\1", match[1])
        return re.sub(r"[\\{}]", "", inner)

    return re.sub(r"\$([^$\n]+)\$", math, text)

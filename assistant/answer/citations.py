"""LLM text → checked citations: parse [n] markers, drop numbers that match no source, score support."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..ingest import sentences as split
from ..ingest.embedding import Embedder
from ..records import Citation, Hit
from . import extractive

# [3], [1, 4], [2-4], [1; 2]; [1][2] is two markers. Leading blanks belong to the marker, so removing one
# leaves no stray space before the full stop.
MARKER = re.compile(r"(?P<lead>[ \t]*)\[(?P<list>\s*\d{1,4}(?:\s*[,;\-–]\s*\d{1,4})*\s*)\]")
WIDEST_RANGE = 20  # "[1-9999]" is a typo, not 9,999 citations: a wider range counts as its two ends
# The end of a streamed text that may still grow into a marker: blanks, then an unclosed "[1, 2".
UNFINISHED = re.compile(r"[ \t]*(?:\[[\d\s,;\-–]*)?\Z")


@dataclass
class Checked:
    """The model's text after checking: what it cites, what it made up, whether it declined."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)
    abstained: bool = False

    @property
    def grounded(self) -> bool:
        return self.abstained or bool(self.citations)


def numbers(marker: str) -> list[int]:
    """'1, 3-5' → [1, 3, 4, 5]."""
    found: list[int] = []
    for part in re.split(r"\s*[,;]\s*", marker.strip()):
        ends = [int(x) for x in re.split(r"\s*[\-–]\s*", part)]
        low, high = min(ends), max(ends)
        found += list(range(low, high + 1)) if high - low <= WIDEST_RANGE else [low, high]
    return list(dict.fromkeys(found))


def cited(text: str) -> list[int]:
    """Every number the text cites, in order of first use."""
    return list(dict.fromkeys(n for m in MARKER.finditer(text) for n in numbers(m["list"])))


def strip_markers(text: str) -> str:
    return MARKER.sub("", text).strip()


def keep_only(text: str, valid: set[int]) -> tuple[str, list[int]]:
    """Remove cited numbers not in `valid` (a marker left empty goes entirely); return the text and them."""
    dropped: list[int] = []

    def fix(match: re.Match[str]) -> str:
        listed = numbers(match["list"])
        good = [n for n in listed if n in valid]
        dropped.extend(n for n in listed if n not in valid and n not in dropped)
        if len(good) == len(listed):
            return match.group(0)
        return f"{match['lead']}[{', '.join(map(str, good))}]" if good else ""

    return MARKER.sub(fix, text), dropped


class HeldMarkers:
    """A streamed text checked as it goes: a marker (and the blanks before it) is held back until it closes,
    then shown without the numbers that match no source, exactly as the finished answer's text has it."""

    def __init__(self, valid: set[int]) -> None:
        self.valid = valid
        self.pending = ""

    def feed(self, piece: str) -> str:
        """What of the text so far can be shown now."""
        self.pending += piece
        match = UNFINISHED.search(self.pending)
        assert match is not None  # it matches at the end, if nowhere earlier
        ready, self.pending = self.pending[: match.start()], self.pending[match.start() :]
        return keep_only(ready, self.valid)[0]

    def flush(self) -> str:
        """The rest, once the text is complete."""
        ready, self.pending = self.pending, ""
        return keep_only(ready, self.valid)[0]


def claims(text: str) -> dict[int, list[str]]:
    """For each cited number, the sentences that cite it (markers removed). A citation in a sentence too short
    to be split out is credited to its whole line."""
    found: dict[int, list[str]] = defaultdict(list)
    for line in text.splitlines():
        pieces = split.sentences(line)
        for n in cited(line):
            found[n] += [strip_markers(s) for s in pieces if n in cited(s)] or [strip_markers(line)]
    return found


def support(sentences: list[str], abstract: str, embedder: Embedder) -> tuple[float, str]:
    """How well the abstract backs the citing sentences: each sentence's best cosine similarity to a sentence
    of the abstract, and the weakest of those (a citation is as strong as its least supported use). Also
    returns the abstract's sentence that matched best, as the citation's snippet."""
    source = split.sentences(abstract) or [abstract]
    vectors = embedder.embed([*sentences, *source])
    similarity = vectors[: len(sentences)] @ vectors[len(sentences) :].T
    best_per_claim = similarity.max(axis=1)
    snippet = source[int(similarity.max(axis=0).argmax())]
    return round(float(best_per_claim.min()), 3), snippet


def abstains(text: str, has_citations: bool) -> bool:
    """The model declined: it opened with the fixed phrase, or used it and cited nothing."""
    plain = text.strip().lstrip("\"'“*_ ").lower()
    phrase = extractive.ABSTAIN_PHRASE.lower()
    return plain.startswith(phrase) or (phrase in plain and not has_citations)


def verify(text: str, sources: list[Hit], embedder: Embedder, weak_below: float) -> Checked:
    """Check the model's answer against the numbered sources it was given ([1] is sources[0])."""
    text, dropped = keep_only(text, set(range(1, len(sources) + 1)))
    numbers_used = sorted(cited(text))
    if abstains(text, bool(numbers_used)):
        return Checked(
            text=strip_markers(text) if numbers_used else text.strip(), dropped=dropped, abstained=True
        )
    found = claims(text)
    citations = []
    for n in numbers_used:
        hit = sources[n - 1]
        score, snippet = support(found[n] or [strip_markers(text)], hit.paper.abstract, embedder)
        citations.append(Citation.from_hit(n, hit, snippet, support=score, weak=score < weak_below))
    return Checked(text=text.strip(), citations=citations, dropped=dropped)

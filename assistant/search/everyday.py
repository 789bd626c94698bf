"""Question → the field's terms for its everyday words ("chatbots" → "large language model"), from the bundled
thesaurus `data/everyday.txt`. MiniLM and BM25 both miss a paper that a question describes in plain words; the
retriever searches these terms beside the question (docs/retrieval.md)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from ..config import THESAURUS
from ..storage.bm25 import stemmer

MAX_SHARE = 0.03  # a lay phrase in more of the collection's papers than this is the collection's own word (dev)
_WORD = re.compile(r"[a-z0-9][a-z0-9+\-]*")


def stems(text: str) -> tuple[str, ...]:
    return tuple(stemmer().stemWords(_WORD.findall(text.lower())))


class Thesaurus:
    """Lay phrases (as word stems) → the technical term searched for them: the first of the entry's terms, the
    most specific one (searching all of them lowered hard_paraphrase hit@5 on dev from 0.893 to 0.821)."""

    def __init__(self, text: str) -> None:
        self.terms: dict[tuple[str, ...], str] = {}
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            lay, sep, technical = line.partition("=>")
            term = technical.split(";")[0].strip()
            if not sep or not term:
                raise ValueError(f"thesaurus line {number}: expected 'lay phrase, … => term; …', got {line!r}")
            for phrase in lay.split(","):
                if key := stems(phrase):
                    self.terms.setdefault(key, term)
        self.longest = max(map(len, self.terms), default=0)

    @classmethod
    @cache
    def bundled(cls) -> Thesaurus:
        return cls(THESAURUS.read_text(encoding="utf-8"))

    def translate(self, question: str, share: Callable[[Sequence[str]], float]) -> list[str]:
        """The terms for the lay phrases of `question`, longest phrase first at each word, skipping a phrase
        whose stems `share` finds in more than MAX_SHARE of the papers and a term the question already uses."""
        words, found, i = stems(question), [], 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                term = self.terms.get(words[i : i + n])
                if term and share(words[i : i + n]) <= MAX_SHARE:
                    if term.lower() not in question.lower() and term not in found:
                        found.append(term)
                    i += n
                    break
            else:
                i += 1
        return found

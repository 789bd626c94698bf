"""Checks that keep the eval set honest: hard paraphrases may share only a few content words with their gold
paper, and a near miss's key terms may occur in no abstract of the collection."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from assistant.records import Paper
from assistant.storage.bm25 import stemmer

MAX_SHARED = 2  # content words a hard paraphrase may share with its gold title + abstract


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS)


def content_words(text: str) -> set[str]:
    """Stems of the words that carry meaning: lower-cased, stop words and numbers removed."""
    words = [w for w in re.findall(r"[a-z][a-z'-]*", text.lower()) if w not in _stop_words() and len(w) > 1]
    return set(stemmer().stemWords([w.strip("'-") for w in words])) - {""}


def shared_content_words(question: str, paper: Paper) -> set[str]:
    return content_words(question) & content_words(f"{paper.title} {paper.abstract}")


def _normal(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9+#]+", " ", text.lower()).strip() + " "


def terms_found(terms: Iterable[str], papers: Iterable[Paper]) -> dict[str, list[str]]:
    """For each term, the ids of the papers whose title or abstract contains it as whole words (case and
    punctuation ignored): an empty list means the collection never mentions it."""
    texts = [(p.id, _normal(f"{p.title} {p.abstract}")) for p in papers]
    return {term: [pid for pid, text in texts if _normal(term) in text] for term in terms}

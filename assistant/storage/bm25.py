"""BM25 over a collection's papers (title and abstract): built by LlamaIndex's BM25Retriever, read with bm25s,
and the only module that knows bm25s's internals (its postings and vocabulary)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np
import Stemmer

from ..records import Paper

RECENT_TEXTS = 32  # questions whose scores a BM25 index keeps (a search reads its question's twice)


@cache
def stemmer() -> Stemmer.Stemmer:
    """The one English (Snowball) stemmer: BM25 indexes with it, and the thesaurus and the eval's checks look
    words up with it."""
    return Stemmer.Stemmer("english")


def bm25_text(paper: Paper) -> str:
    """What BM25 indexes of a paper: its title (unless we made it up) and its abstract."""
    return f"{paper.abstract}" if paper.title_is_derived else f"{paper.title}\n{paper.abstract}"


def bm25_digest(papers: Iterable[Paper]) -> str:
    """Changes whenever the text BM25 would index changes."""
    digest = hashlib.sha1()
    for paper in papers:
        digest.update(f"{paper.id}\t{bm25_text(paper)}\n".encode())
    return digest.hexdigest()


def build(folder: Path, papers: Sequence[Paper]) -> None:
    """Write the BM25 index of `papers` into `folder`."""
    from llama_index.core.schema import TextNode
    from llama_index.retrievers.bm25 import BM25Retriever

    nodes = [TextNode(id_=p.id, text=bm25_text(p)) for p in papers]
    BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=min(100, len(nodes))).persist(
        str(folder), show_progress=False
    )


class Bm25:
    """One BM25 generation, memory-mapped: a large collection costs page cache, not heap. Read with bm25s
    itself, which BM25Retriever wrote it with: importing llama_index.core would add a second or more to every
    fresh `assistant ask`. Questions are tokenized as BM25Retriever tokenizes them."""

    def __init__(self, folder: Path) -> None:
        import bm25s

        self.index = bm25s.BM25.load(str(folder), load_corpus=True, mmap=True)
        self._recent: dict[str, np.ndarray] = {}

    def check(self) -> None:
        """Read what every search reads, so a truncated or missing file fails now rather than mid-question."""
        postings: Any = self.index.scores
        indptr, indices = postings["indptr"], postings["indices"]
        if int(indptr[-1]) != len(indices) or (len(indices) and int(np.max(indices)) >= len(self.ids)):
            raise ValueError("the postings do not match the papers")

    @cached_property
    def ids(self) -> list[str]:
        """The paper id of each row (read once: the corpus is parsed item by item)."""
        return [str(doc["node_id"]) for doc in self.index.corpus]

    @cached_property
    def rows(self) -> dict[str, int]:
        return {pid: i for i, pid in enumerate(self.ids)}

    def stems(self, text: str) -> list[str]:
        import bm25s

        return list(bm25s.tokenize(text, stemmer=stemmer(), return_ids=False, show_progress=False)[0])

    def top(self, text: str, n: int) -> dict[str, float]:
        """BM25 scores of the best `n` papers for `text` (only those holding one of its words)."""
        scores = self._scores(text)
        n = min(n, len(scores))
        if n <= 0:
            return {}
        best = np.argpartition(-scores, n - 1)[:n]
        best = best[np.argsort(-scores[best], kind="stable")]
        return {self.ids[int(row)]: float(scores[row]) for row in best if scores[row] > 0}

    def scores(self, text: str, papers: Iterable[str]) -> dict[str, float]:
        """BM25 scores of `papers` for `text`, 0 for a paper without any of its words."""
        scores = self._scores(text)
        return {pid: float(scores[self.rows[pid]]) for pid in papers if pid in self.rows}

    def _scores(self, text: str) -> np.ndarray:
        """Every paper's score for `text`, kept for the last few texts: a search asks for its question's top
        papers and then for the scores of the papers dense search found, and tokenizing is half the cost."""
        found = self._recent.get(text)
        if found is None:
            stems = self.stems(text)  # none when the text is all stop words: BM25 has nothing to say
            found = np.asarray(self.index.get_scores(stems) if stems else np.zeros(len(self.ids)), dtype=np.float32)
            if len(self._recent) >= RECENT_TEXTS:
                self._recent.clear()
            self._recent[text] = found
        return found

    def _holding(self, stems: Sequence[str]) -> np.ndarray | None:
        """Rows of the papers holding every one of `stems`, read off the postings (None when there are no stems)."""
        postings: Any = self.index.scores
        docs: np.ndarray | None = None
        for stem in stems:
            column = self.index.vocab_dict.get(stem)
            if column is None:
                return np.empty(0, dtype=np.int64)
            found = postings["indices"][postings["indptr"][column] : postings["indptr"][column + 1]]
            docs = found if docs is None else np.intersect1d(docs, found)
        return docs

    def holding(self, stems: Sequence[str]) -> list[str] | None:
        """The papers holding every one of `stems` (None when there are no stems)."""
        docs = self._holding(stems)
        return None if docs is None else [self.ids[int(d)] for d in docs]

    def knows(self, stems: Sequence[str]) -> bool:
        """Whether every one of `stems` is a word of the index."""
        return all(stem in self.index.vocab_dict for stem in stems)

    def count(self, stems: Sequence[str]) -> int:
        """How many papers hold every one of `stems` (0 when there are no stems)."""
        docs = self._holding(stems)
        return 0 if docs is None else len(docs)

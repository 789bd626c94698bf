"""Index → hits: dense (Chroma) and BM25 candidates fused into one ranking of papers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, lru_cache

import numpy as np

from ..ingest.indexer import Index
from ..records import Hit, Paper
from ..storage.bm25 import Bm25, bm25_text, stemmer
from ..storage.shelf import Shelf
from ..storage.vectors import ChunkMatrix
from .everyday import Thesaurus

CANDIDATES = 100  # papers taken from each retriever before fusion
KEPT_STEMS = 20_000  # papers whose stems a retriever keeps for phrase look-ups
HYPOTHETICAL_WEIGHT = 1.0  # of an imagined abstract's vector against the question's (docs/retrieval.md)
HYPOTHETICAL_BM25_WEIGHT = 0.5  # BM25's share when it reads the question and the imagined abstract (dev)
EVERYDAY_WEIGHT = 0.5  # of the vector of the field's terms for a question's everyday words (dev)
# A question in plain English ("how do robots…?") shares few words with the abstract that answers it, so
# it leans on dense retrieval; a claim or keyword query uses the abstract's own terms, where BM25 is strong.
_QUESTION = re.compile(
    r"\?\s*$|^(who|what|which|when|where|why|how|is|are|do|does|did|can|could|should|would|will|has|have)\b",
    re.IGNORECASE,
)


def stem_variants(text: str) -> tuple[list[str], list[str]]:
    """The text's word stems with its hyphenated words split ("pre-trained" → pre, train) and joined (pretrain)."""
    lowered = text.lower()
    split = stemmer().stemWords(re.findall(r"[a-z0-9]+", lowered))
    joined = stemmer().stemWords(re.findall(r"[a-z0-9]+", lowered.replace("-", "")))
    return split, joined


def minmax(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high == low:  # a lone candidate (or a tie of all) is as good as the list gets
        return dict.fromkeys(scores, 1.0)
    return {key: (value - low) / (high - low) for key, value in scores.items()}


class Retriever:
    """Hybrid retrieval over one Index. Scores are a convex mix of min-max normalised BM25 and dense
    similarity; a paper found by one retriever is scored by the other too (but for similarity in an HNSW store,
    where it counts as 0). Weights were tuned on SciFact (claims) and on questions of our own (see
    docs/retrieval.md)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.settings = index.settings
        self.snapshot = index.snapshot()  # papers and BM25 of one commit, whatever ingests run meanwhile
        self._product: tuple[bytes, np.ndarray] | None = None  # the last query's similarity to every vector
        self._stems: dict[str, tuple[str, ...]] = {}  # stems_of, by paper

    @property
    def papers(self) -> Shelf:
        """The commit's papers, read from the store when needed (storage.shelf)."""
        return self.snapshot.papers

    @cached_property
    def bm25(self) -> Bm25 | None:
        return self.index.store.bm25(self.snapshot.commit) if self.papers else None

    @cached_property
    def vectors(self) -> ChunkMatrix | None:
        """Every stored chunk vector with its paper id and text, when the store is small enough for exact
        search (settings.exact_search_chunks); None means Chroma's approximate HNSW index answers instead."""
        chroma, count = self.index.chroma, self.chunks
        if chroma is None or not count or count > self.settings.exact_search_chunks:
            return None
        matrix = chroma.matrix()  # everything stored, which may hold vectors of an ingest killed before its commit
        committed = self.index.store.committed(matrix.ids) if matrix is not None else None
        return matrix if matrix is None or committed is None else matrix.only(committed)

    @property
    def chunks(self) -> int:
        """Chunks in the vector store, as the commit recorded them: Chroma's own count() took 45 s on a store of
        455k chunks just after an ingest, and it used to run on every question."""
        return self.snapshot.commit.chunks if self.index.chroma is not None else 0

    @cached_property
    def embed_query(self) -> Callable[[str], np.ndarray]:
        embedder = self.index.embedder
        return lru_cache(maxsize=256)(lambda text: embedder.embed([text])[0])

    def dense(self, query: np.ndarray, n: int) -> tuple[dict[str, float], dict[str, str]]:
        """Best chunk similarity to the `query` vector per paper, and that chunk's text: exact (a matrix product
        over all stored vectors) for a store of up to settings.exact_search_chunks chunks, Chroma's HNSW index
        above that."""
        if self.vectors is not None:
            return self.exact(query, n)
        chroma, count = self.index.chroma, self.chunks
        if chroma is None or not count:
            return {}, {}
        scores: dict[str, float] = {}
        texts: dict[str, str] = {}
        found = chroma.nearest(query, min(count, n * 2))
        committed = self.index.store.committed([chunk for chunk, *_ in found])
        for chunk, pid, text, similarity in found:
            if (committed is None or chunk in committed) and similarity > scores.get(pid, -1.0):
                scores[pid], texts[pid] = similarity, text
        return scores, texts

    def products(self, query: np.ndarray) -> np.ndarray:
        """For exact search: the similarity of `query` to every stored vector. The last query's is kept, because a
        search needs it twice (ranking, then scoring the papers only BM25 found)."""
        assert self.vectors is not None
        key, last = query.tobytes(), self._product
        if last is None or last[0] != key:
            last = self._product = (key, self.vectors.vectors @ query)
        return last[1]

    def exact(self, query: np.ndarray, n: int) -> tuple[dict[str, float], dict[str, str]]:
        assert self.vectors is not None
        pids, documents = self.vectors.paper_ids, self.vectors.texts
        similarity = self.products(query)
        scores: dict[str, float] = {}
        texts: dict[str, str] = {}
        for row in np.argsort(-similarity, kind="stable"):  # ties keep the stored order: no run-to-run flips
            pid = pids[row]
            if pid not in scores:
                scores[pid], texts[pid] = float(similarity[row]), documents[row]
                if len(scores) == n:
                    break
        return scores, texts

    def closest(self, text: str) -> float:
        """How similar `text` is to the passage of the collection closest to it."""
        scores, _ = self.dense(self.embed_query(text), 1)
        return max(scores.values(), default=0.0)

    @cached_property
    def chunk_papers(self) -> tuple[dict[str, int], np.ndarray]:
        """For exact search: each paper's position, and each stored vector's paper position."""
        assert self.vectors is not None
        names, rows = np.unique(self.vectors.paper_ids, return_inverse=True)
        return {str(pid): i for i, pid in enumerate(names)}, rows

    def similarity(self, query: np.ndarray, papers: Iterable[str]) -> dict[str, float]:
        """Best-chunk similarity of the `query` vector for each of `papers`: exact in an exact-search store;
        with HNSW, for the papers among its candidates only (the others are left out)."""
        if self.vectors is None:
            scores, _ = self.dense(query, CANDIDATES)
            return {pid: scores[pid] for pid in papers if pid in scores}
        position, rows = self.chunk_papers
        best = np.full(len(position), -1.0, dtype=np.float32)
        np.maximum.at(best, rows, self.products(query))
        return {pid: float(best[position[pid]]) for pid in papers if pid in position}

    def sparse(self, question: str, n: int) -> dict[str, float]:
        """BM25 scores of the top n papers."""
        return self.bm25.top(question, min(n, len(self.papers))) if self.bm25 is not None else {}

    def bm25_scores(self, question: str, papers: Iterable[str]) -> dict[str, float]:
        """BM25 scores of `papers` for `question`, 0 for a paper without any of its words."""
        return self.bm25.scores(question, papers) if self.bm25 is not None else {}

    def papers_with(self, word: str) -> set[str]:
        """The papers whose title or abstract holds `word` (a name: Verilog, MMLU-Pro, GPT-4), read off the BM25
        index's postings instead of a pass over every abstract in each process (10 s and more at 50k papers)."""
        if self.bm25 is None:
            return set()
        stems = self.bm25.stems(word)
        held = self.bm25.holding(stems)
        if held is not None and len(stems) == 1 and word.isalnum():  # one word, as BM25 matches it (stemmed, any case)
            return {pid for pid in held if pid in self.papers}
        # Names of several parts or with symbols (MMLU-Pro, GPT-4: BM25 keeps "gpt" only) must appear as written;
        # one BM25 does not index at all (C++) is looked for in every record by SQLite first.
        written = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        candidates = self.papers.containing(word) if held is None else held
        return {p.id for p in self.papers.each(candidates) if written.search(bm25_text(p))}

    def mentioned(self, phrase: str) -> bool:
        """Whether a paper holds `phrase` in any hyphen or space variant and with any word ending: "pretrained
        transformers" finds "pre-trained transformer", "beam search" finds "beam-search"."""
        wanted = {f" {' '.join(v)} " for v in stem_variants(phrase) if v}  # spaces: whole stems only
        if self.bm25 is None or not wanted:
            return False
        last = self.bm25.stems(phrase)[-1:]
        if not last or not self.bm25.knows(last):
            return False  # no paper holds its last word (or BM25 keeps none of its words: a stop word phrase)
        held = self.candidates(phrase, last)
        return any(w in text for paper in self.papers.each(held) for text in self.stems_of(paper) for w in wanted)

    def candidates(self, phrase: str, head: list[str]) -> list[str]:
        """The papers that may hold `phrase`, read off the postings so that only those are read: they hold its
        last word (its head, rarely written joined to the word before), and each other word either whole or
        as the first part of a hyphenated word ("pretrained" as "pre-trained": the index holds "pre")."""
        assert self.bm25 is not None
        held = set(self.bm25.holding(head) or [])
        for word in re.findall(r"[a-z0-9]+", phrase.lower().replace("-", ""))[:-1]:
            stems = self.bm25.stems(word)
            if not stems:
                continue  # a stop word, which BM25 does not index
            parts = {stems[0]} | {s for k in range(2, len(word)) for s in self.bm25.stems(word[:k])}
            held &= {pid for part in parts if self.bm25.knows([part]) for pid in self.bm25.holding([part]) or []}
        return sorted(held, key=self.bm25.rows.__getitem__)

    def stems_of(self, paper: Paper) -> tuple[str, ...]:
        """A paper's stem_variants, each as its stems between spaces, kept for the papers phrases are looked up
        in again and again."""
        found = self._stems.get(paper.id)
        if found is None:
            if len(self._stems) >= KEPT_STEMS:
                self._stems.clear()
            found = self._stems[paper.id] = tuple(f" {' '.join(v)} " for v in stem_variants(bm25_text(paper)))
        return found

    def share(self, stems: Sequence[str]) -> float:
        """Share of the papers holding every one of `stems`."""
        return self.bm25.count(stems) / len(self.papers) if self.bm25 is not None else 0.0

    def everyday(self, question: str) -> str | None:
        """The field's terms for the question's everyday words (`everyday.Thesaurus`), or None."""
        if not self.settings.everyday:
            return None
        return "; ".join(Thesaurus.bundled().translate(question, self.share)) or None

    def bm25_weight(self, question: str) -> float:
        if _QUESTION.search(question.strip()):
            return self.settings.question_bm25_weight
        return self.settings.bm25_weight

    def query_vector(self, question: str, extra: str | None, weight: float) -> np.ndarray:
        """The question's embedding, or the normalised sum of its and `extra`'s (an imagined abstract, or the
        field's terms for the question's everyday words), `extra` weighted by `weight`: those use the field's
        words where the question uses everyday ones, and the question keeps the search on what was asked."""
        vector = self.embed_query(question)
        if not extra:
            return vector
        mixed = vector + weight * self.embed_query(extra)
        return mixed / np.linalg.norm(mixed)

    def search(
        self,
        question: str,
        k: int = 10,
        where: Callable[[Paper], bool] | None = None,
        hypothetical: str | None = None,
    ) -> list[Hit]:
        """The k best papers for `question`. With `hypothetical`, an abstract an LLM imagined for the question,
        or else the field's terms for the question's everyday words (`everyday`), dense search uses both and
        BM25 reads both; each hit's `dense` stays the question's own similarity, which is what the coverage
        check may trust (the added text is about whatever was asked)."""
        extra = hypothetical or self.everyday(question)
        vector = self.query_vector(question, extra, HYPOTHETICAL_WEIGHT if hypothetical else EVERYDAY_WEIGHT)
        text = f"{question} {extra}" if extra else question
        dense, texts = self.dense(vector, CANDIDATES)
        sparse = self.sparse(text, CANDIDATES)
        if where is not None:
            found = self.papers.many(set(dense) | set(sparse))
            dense = {pid: s for pid, s in dense.items() if pid in found and where(found[pid])}
            sparse = {pid: s for pid, s in sparse.items() if pid in found and where(found[pid])}
        # A paper found by one retriever is scored by the other too, instead of getting that list's lowest score
        # (SciFact nDCG@10 0.740 → 0.743, docs/retrieval.md); HNSW stores can only score their own candidates.
        if self.vectors is not None:
            dense |= self.similarity(vector, set(sparse) - set(dense))
        if sparse:  # else BM25 has nothing to say (stop words only, or no paper holds a word)
            sparse |= self.bm25_scores(text, set(dense) - set(sparse))
        if hypothetical:
            w = HYPOTHETICAL_BM25_WEIGHT
        else:  # everyday words mark plain English, whatever the sentence's form
            w = self.settings.question_bm25_weight if extra else self.bm25_weight(question)
        dense_n, sparse_n = minmax(dense), minmax(sparse)
        fused = {
            pid: w * sparse_n.get(pid, 0.0) + (1 - w) * dense_n.get(pid, 0.0)
            for pid in set(dense) | set(sparse)
            if pid in self.papers
        }
        ranked = sorted(fused, key=lambda pid: (-fused[pid], pid))[:k]
        own = self.similarity(self.embed_query(question), ranked) if extra else dense
        top_sparse = max(sparse.values(), default=1.0)
        papers = self.papers.many(ranked)
        return [
            Hit(
                paper=papers[pid],
                score=round(fused[pid], 4),
                text=texts.get(pid) or papers[pid].abstract,
                dense=round(own.get(pid, 0.0), 4),
                bm25=round(sparse.get(pid, 0.0) / top_sparse, 4),
            )
            for pid in ranked
        ]

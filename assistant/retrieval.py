"""Index → hits: dense (Chroma) and BM25 candidates fused into one ranking of papers."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property, lru_cache
from typing import Any

import numpy as np

from .index import Index
from .records import Hit, Paper

CANDIDATES = 100  # papers taken from each retriever before fusion
# A question in plain English ("how do robots…?") shares few words with the abstract that answers it, so
# it leans on dense retrieval; a claim or keyword query uses the abstract's own terms, where BM25 is strong.
_QUESTION = re.compile(
    r"\?\s*$|^(who|what|which|when|where|why|how|is|are|do|does|did|can|could|should|would|will|has|have)\b",
    re.IGNORECASE,
)


def minmax(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high == low:  # a lone candidate (or a tie of all) is as good as the list gets
        return dict.fromkeys(scores, 1.0)
    return {key: (value - low) / (high - low) for key, value in scores.items()}


class Retriever:
    """Hybrid retrieval over one Index. Scores are a convex mix of min-max normalised BM25 and dense
    similarity; papers missing from one list get that list's lowest score. Weights were tuned on SciFact
    (claims) and on short questions of our own (see README, "Retrieval")."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.settings = index.settings

    @cached_property
    def papers(self) -> dict[str, Paper]:
        return {p.id: p for p in self.index.papers()}

    @cached_property
    def bm25(self) -> Any:
        from llama_index.retrievers.bm25 import BM25Retriever

        path = self.index.dir / "bm25"
        if not self.papers or not (path / "params.index.json").exists():
            return None
        return BM25Retriever.from_persist_dir(str(path), show_progress=False)

    @cached_property
    def vectors(self) -> tuple[np.ndarray, list[str], list[str]] | None:
        """Every stored chunk vector with its paper id and text, when the store is small enough for exact
        search (settings.exact_search_chunks); None means Chroma's approximate HNSW index answers instead."""
        count = self.index.chroma.count()
        if not count or count > self.settings.exact_search_chunks:
            return None
        stored = self.index.chroma.get(include=["embeddings", "metadatas", "documents"])
        order = np.argsort(stored["ids"], kind="stable")  # the same row order in every process
        matrix = np.asarray(stored["embeddings"], dtype=np.float32)[order]
        pids = [str(stored["metadatas"][i]["paper_id"]) for i in order]
        return matrix, pids, [stored["documents"][i] for i in order]

    @cached_property
    def embed_query(self) -> Callable[[str], np.ndarray]:
        embedder = self.index.embedder
        return lru_cache(maxsize=256)(lambda text: embedder.embed([text])[0])

    def dense(self, question: str, n: int) -> tuple[dict[str, float], dict[str, str]]:
        """Best chunk similarity per paper, and that chunk's text: exact (a matrix product over all stored
        vectors) for a store of up to settings.exact_search_chunks chunks, Chroma's HNSW index above that."""
        if self.vectors is not None:
            return self.exact(question, n)
        count = self.index.chroma.count()
        if not count:
            return {}, {}
        found = self.index.chroma.query(
            query_embeddings=[self.embed_query(question)],
            n_results=min(count, n * 2),
            include=["metadatas", "documents", "distances"],
        )
        scores: dict[str, float] = {}
        texts: dict[str, str] = {}
        rows = zip(found["metadatas"][0], found["documents"][0], found["distances"][0], strict=True)
        for meta, text, distance in rows:
            pid = str(meta["paper_id"])
            similarity = 1.0 - float(distance)
            if similarity > scores.get(pid, -1.0):
                scores[pid], texts[pid] = similarity, text
        return scores, texts

    def exact(self, question: str, n: int) -> tuple[dict[str, float], dict[str, str]]:
        assert self.vectors is not None
        matrix, pids, documents = self.vectors
        similarity = matrix @ self.embed_query(question)
        scores: dict[str, float] = {}
        texts: dict[str, str] = {}
        for row in np.argsort(-similarity, kind="stable"):  # ties keep the stored order: no run-to-run flips
            pid = pids[row]
            if pid not in scores:
                scores[pid], texts[pid] = float(similarity[row]), documents[row]
                if len(scores) == n:
                    break
        return scores, texts

    def sparse(self, question: str, n: int) -> dict[str, float]:
        if self.bm25 is None:
            return {}
        self.bm25.similarity_top_k = min(n, len(self.papers))
        return {r.node.node_id: float(r.score or 0.0) for r in self.bm25.retrieve(question) if (r.score or 0) > 0}

    def bm25_weight(self, question: str) -> float:
        if _QUESTION.search(question.strip()):
            return self.settings.question_bm25_weight
        return self.settings.bm25_weight

    def search(self, question: str, k: int = 10, where: Callable[[Paper], bool] | None = None) -> list[Hit]:
        dense, texts = self.dense(question, CANDIDATES)
        sparse = self.sparse(question, CANDIDATES)
        if where is not None:
            dense = {pid: s for pid, s in dense.items() if pid in self.papers and where(self.papers[pid])}
            sparse = {pid: s for pid, s in sparse.items() if pid in self.papers and where(self.papers[pid])}
        w = self.bm25_weight(question)
        dense_n, sparse_n = minmax(dense), minmax(sparse)
        fused = {
            pid: w * sparse_n.get(pid, 0.0) + (1 - w) * dense_n.get(pid, 0.0)
            for pid in set(dense) | set(sparse)
            if pid in self.papers
        }
        ranked = sorted(fused, key=lambda pid: (-fused[pid], pid))[:k]
        top_sparse = max(sparse.values(), default=1.0)
        return [
            Hit(
                paper=self.papers[pid],
                score=round(fused[pid], 4),
                text=texts.get(pid) or self.papers[pid].abstract,
                dense=round(dense.get(pid, 0.0), 4),
                bm25=round(sparse.get(pid, 0.0) / top_sparse, 4),
            )
            for pid in ranked
        ]

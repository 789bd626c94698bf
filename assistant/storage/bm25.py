"""BM25 over a collection's papers (title and abstract), built and read with bm25s: the only module that knows
bm25s's internals (its postings and vocabulary).

An index is one or two segments. The whole one is bm25s's own index of every paper it was built from. When
papers are added or changed later, a small segment holds just those, its weights computed with the whole
segment's statistics (papers, average length, document frequencies) added to its own, so that its scores sit
on the same scale; the whole segment's rows of changed or removed papers are masked. Adding 100 papers to 200k
then tokenizes 100 abstracts instead of 200k. Past a share of the whole (settings.bm25_merge_share), the next
commit builds one whole index again."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache, cached_property
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import Stemmer

from ..records import Paper

BUILD_BATCH = 2_000  # papers tokenized at a time while building an index
RECENT_TEXTS = 32  # questions whose scores a BM25 index keeps (a search reads its question's twice)
_STATS = "segment.json"  # ours, beside bm25s's files: the average length, or the masked papers
_TEXTS = "texts.json"  # ours: each paper's text digest, read by the next ingest (readers never need it)


@cache
def stemmer() -> Stemmer.Stemmer:
    """The one English (Snowball) stemmer: BM25 indexes with it, and the thesaurus and the eval's checks look
    words up with it."""
    return Stemmer.Stemmer("english")


def bm25_text(paper: Paper) -> str:
    """What BM25 indexes of a paper: its title (unless we made it up) and its abstract."""
    return f"{paper.abstract}" if paper.title_is_derived else f"{paper.title}\n{paper.abstract}"


def text_digest(paper: Paper) -> str:
    return hashlib.sha1(bm25_text(paper).encode()).hexdigest()[:16]


def bm25_digest(texts: dict[str, str]) -> str:
    """Changes whenever the text BM25 would index changes (`texts`: each paper's text_digest, in order)."""
    digest = hashlib.sha1()
    for pid, text in texts.items():
        digest.update(f"{pid}\t{text}\n".encode())
    return digest.hexdigest()


def _tokenize(papers: Sequence[Paper]) -> list[list[str]]:
    """As LlamaIndex's BM25Retriever tokenizes what it indexes: English stop words out, Snowball stems."""
    import bm25s

    texts = [bm25_text(p) for p in papers]
    return bm25s.tokenize(texts, stopwords="en", stemmer=stemmer(), return_ids=False, show_progress=False)


class _Postings:
    """The distinct stems of each paper and how often it holds them, counted a batch of papers at a time and
    kept as arrays of a few bytes a posting: bm25s's own index() needs every paper's tokens at once (1 GiB at
    200k papers), this needs about a tenth of that."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.ids: list[str] = []
        self.texts: dict[str, str] = {}
        self.lengths: list[int] = []  # stems of each paper
        self.distinct: list[int] = []  # distinct stems of each paper: its postings, in row order
        self._columns: list[np.ndarray] = []
        self._counts: list[np.ndarray] = []

    def count(self, papers: Iterable[Paper]) -> None:
        it = iter(papers)
        while batch := list(islice(it, BUILD_BATCH)):
            columns: list[int] = []
            counts: list[int] = []
            for paper, stems in zip(batch, _tokenize(batch), strict=True):
                counted = Counter(stems)
                columns += [self.vocab.setdefault(stem, len(self.vocab)) for stem in counted]
                counts += counted.values()
                self.ids.append(paper.id)
                self.texts[paper.id] = text_digest(paper)
                self.lengths.append(len(stems))
                self.distinct.append(len(counted))
            self._columns.append(np.array(columns, dtype=np.int32))
            self._counts.append(np.array(counts, dtype=np.float32))

    @staticmethod
    def _joined(parts: list[np.ndarray]) -> np.ndarray:
        """One array of the batches' arrays, which are let go as it is made."""
        joined = np.concatenate(parts) if parts else np.empty(0, dtype=np.int32)
        parts.clear()
        return joined

    def write(self, folder: Path, base: Segment | None = None, masked: Sequence[str] = ()) -> None:
        """Weigh the postings as bm25s weighs (Lucene's BM25) with the statistics of these papers and of `base`,
        the whole segment they are added beside if any (its papers, average length and document frequencies),
        and save them as a bm25s index; a segment beside `base` names the ids of it that it `masked`."""
        import bm25s
        from scipy.sparse import csc_matrix

        k1, b = (base.index.k1, base.index.b) if base else (1.5, 0.75)  # bm25s's defaults
        columns, counts = self._joined(self._columns), self._joined(self._counts).astype(np.float32)
        rows = np.repeat(np.arange(len(self.ids), dtype=np.int32), self.distinct)
        lengths = np.array(self.lengths, dtype=np.float32)
        before = base.documents if base else 0
        documents = before + len(self.ids)
        average = ((base.average_length * before if base else 0.0) + float(lengths.sum(dtype=np.float64))) / max(
            documents, 1)
        stems = list(self.vocab)
        frequency = np.bincount(columns, minlength=len(stems)).astype(np.float64)
        if base is not None:
            frequency += np.array([base.frequency(stem) for stem in stems], dtype=np.float64)
        idf = np.log(1 + (documents - frequency + 0.5) / (frequency + 0.5)).astype(np.float32)
        norm = k1 * (1 - b + b * lengths / np.float32(average))
        # The weights in place, in float32 as bm25s keeps them: 17 M postings at 200k papers.
        weights = norm[rows]
        weights += counts
        np.divide(counts, weights, out=weights)
        weights *= idf[columns]
        del counts
        # Postings by stem, each stem's papers in row order ("" last, held by none), as bm25s's index() makes them.
        postings = csc_matrix((weights, (rows, columns)), shape=(len(self.ids), len(stems) + 1))
        del rows, columns, weights
        index = bm25s.BM25(k1=k1, b=b)
        # What index() sets: the vocabulary, with "" last as bm25s adds it (a question of stop words only scores
        # nothing), and the postings by stem. Lucene's BM25 has no array for words a paper does not hold.
        index.vocab_dict, index.nonoccurrence_array = {**self.vocab, "": len(self.vocab)}, None
        index.scores = {
            "data": postings.data.astype(np.float32, copy=False),
            "indices": postings.indices.astype(np.int32, copy=False),
            "indptr": postings.indptr.astype(np.int32, copy=False),
            "num_docs": len(self.ids),
        }
        index.save(str(folder), corpus=[{"node_id": pid} for pid in self.ids], show_progress=False)
        (folder / _TEXTS).write_text(json.dumps(self.texts), encoding="utf-8")
        stats = {"masked": list(masked)} if base else {"average_length": float(average)}
        (folder / _STATS).write_text(json.dumps(stats), encoding="utf-8")


def build(folder: Path, papers: Iterable[Paper]) -> None:
    """Write the whole BM25 index of `papers` into `folder`, reading them a batch at a time."""
    postings = _Postings()
    postings.count(papers)
    postings.write(folder)


def build_added(folder: Path, whole: Segment, papers: Iterable[Paper], masked: Sequence[str]) -> None:
    """Write the segment of `papers` (added or changed since `whole` was built) into `folder`, weighted with the
    statistics of both segments, and the ids of `whole` it masks."""
    postings = _Postings()
    postings.count(papers)
    postings.write(folder, whole, masked)


class Segment:
    """One bm25s index, memory-mapped: a large collection costs page cache, not heap."""

    def __init__(self, folder: Path) -> None:
        import bm25s

        self.folder = folder
        self.index = bm25s.BM25.load(str(folder), load_corpus=True, mmap=True, show_progress=False)
        stats = folder / _STATS
        self.stats: dict[str, Any] = json.loads(stats.read_text(encoding="utf-8")) if stats.exists() else {}

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

    @property
    def documents(self) -> int:
        return len(self.ids)

    @property
    def average_length(self) -> float:
        return float(self.stats["average_length"])

    @cached_property
    def texts(self) -> dict[str, str] | None:
        """The digest of each paper's text as indexed; None for an index built before they were kept."""
        path = self.folder / _TEXTS
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def frequency(self, stem: str) -> int:
        """How many papers hold `stem`."""
        column = self.index.vocab_dict.get(stem)
        indptr: Any = self.index.scores["indptr"]
        return 0 if column is None else int(indptr[column + 1] - indptr[column])

    def scores(self, stems: list[str]) -> np.ndarray:
        return np.asarray(self.index.get_scores(stems), dtype=np.float32)

    def holding(self, stem: str) -> np.ndarray:
        """Rows of the papers holding `stem`."""
        postings: Any = self.index.scores
        column = self.index.vocab_dict.get(stem)
        if column is None:
            return np.empty(0, dtype=np.int64)
        return np.asarray(postings["indices"][postings["indptr"][column] : postings["indptr"][column + 1]])


def added_since(whole: Segment, texts: dict[str, str], share: float) -> tuple[list[str], list[str]] | None:
    """What a segment beside `whole` must hold for the papers whose texts' digests are `texts`: the ids of those
    added or changed since it was built, and its ids to mask (changed or gone). None when a new whole index is
    due: when they pass `share` of it, or for one built before text digests were kept."""
    before = whole.texts
    if before is None or "average_length" not in whole.stats:
        return None
    changed = [pid for pid, digest in texts.items() if before.get(pid) != digest]
    if share == 0 or len(changed) > share * len(before):
        return None
    masked = [pid for pid in before if pid not in texts] + [pid for pid in changed if pid in before]
    return changed, masked


class Bm25:
    """The BM25 index of one commit: its whole segment and the segment of papers added since, if any. Read with
    bm25s itself: importing llama_index.core would add a second or more to every fresh `assistant ask`.
    Questions are tokenized as BM25Retriever tokenizes them."""

    def __init__(self, whole: Path, added: Path | None = None) -> None:
        self.segments = [Segment(whole)] + ([Segment(added)] if added is not None else [])
        self._recent: dict[str, np.ndarray] = {}

    def check(self) -> None:
        for segment in self.segments:
            segment.check()
        unknown = set(self.masked_ids) - set(self.segments[0].ids)
        if unknown:
            raise ValueError(f"{len(unknown)} masked papers are not in the whole index")

    @property
    def masked_ids(self) -> list[str]:
        return list(self.segments[-1].stats.get("masked", [])) if len(self.segments) > 1 else []

    @cached_property
    def ids(self) -> list[str]:
        """The paper id of each row, over the segments in order (a masked row keeps its place)."""
        return [pid for segment in self.segments for pid in segment.ids]

    @cached_property
    def live(self) -> np.ndarray:
        """Whether each row is a paper of the commit (False for the whole segment's masked rows)."""
        live = np.ones(len(self.ids), dtype=bool)
        masked = set(self.masked_ids)
        if masked:
            live[[i for i, pid in enumerate(self.segments[0].ids) if pid in masked]] = False
        return live

    @cached_property
    def rows(self) -> dict[str, int]:
        return {pid: i for i, pid in enumerate(self.ids) if self.live[i]}

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
        """Every row's score for `text`, kept for the last few texts: a search asks for its question's top
        papers and then for the scores of the papers dense search found, and tokenizing is half the cost."""
        found = self._recent.get(text)
        if found is None:
            stems = self.stems(text)  # none when the text is all stop words: BM25 has nothing to say
            if stems:
                found = np.concatenate([segment.scores(stems) for segment in self.segments])
                if len(self.segments) > 1:  # only a segment masks rows of the whole index
                    found *= self.live
            else:
                found = np.zeros(len(self.ids), dtype=np.float32)
            if len(self._recent) >= RECENT_TEXTS:
                self._recent.clear()
            self._recent[text] = found
        return found

    def _holding(self, stems: Sequence[str]) -> np.ndarray | None:
        """Rows of the papers holding every one of `stems` (None when there are no stems)."""
        if not stems:
            return None
        found = []
        offset = 0
        for segment in self.segments:
            docs: np.ndarray | None = None
            for stem in stems:
                rows = segment.holding(stem)
                docs = rows if docs is None else np.intersect1d(docs, rows)
            assert docs is not None
            found.append(docs.astype(np.int64) + offset)
            offset += segment.documents
        rows = np.concatenate(found)
        return rows[self.live[rows]]

    def holding(self, stems: Sequence[str]) -> list[str] | None:
        """The papers holding every one of `stems` (None when there are no stems)."""
        docs = self._holding(stems)
        return None if docs is None else [self.ids[int(d)] for d in docs]

    def knows(self, stems: Sequence[str]) -> bool:
        """Whether every one of `stems` is a word of the index."""
        return all(any(stem in s.index.vocab_dict for s in self.segments) for stem in stems)

    def count(self, stems: Sequence[str]) -> int:
        """How many papers hold every one of `stems` (0 when there are no stems)."""
        docs = self._holding(stems)
        return 0 if docs is None else len(docs)

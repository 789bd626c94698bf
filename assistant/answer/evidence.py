"""Hits → evidence: the retrieved abstracts read sentence by sentence, and whether they cover the question.

Coverage is decided here and nowhere else, before any answer is written (offline or by an LLM), from two signals:
how close the best of the papers an answer could cite is to the question (dense similarity), and the question's
names — Verilog, MMLU-Pro, XGBoost: words with capitals or digits inside, or capitalised mid-sentence, that
general English rarely uses — looked up in the whole collection and, by meaning, in the sentences of the
retrieved abstracts. A name that no abstract mentions and no retrieved sentence comes close to is missing, and
the question is declined, however close its other words are to some paper — unless another of its names is held
by a retrieved abstract and by few others: then the collection covers that part, which is answered, and the
missing part is named. Rare single words and two-word phrases were tried as key terms too and left out: on the
dev split they flag the everyday words of answerable questions as often as the subjects of near misses
(docs/declining.md). With an LLM, the names go to the model instead, and a third signal joins: how close the
collection comes to the abstract the model imagines for the question."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy as np
from pydantic import BaseModel, Field

from ..ingest.embedding import Embedder
from ..ingest.sentences import sentences
from ..records import Hit

READ_HITS = 5  # abstracts read sentence by sentence: the ones an answer could cite
SENTENCE_CACHE = 50_000  # sentence vectors kept per Reader (1.5 KB each with MiniLM)
# A name is specific when general English rarely uses it (wordfreq's Zipf scale: 4 is ten per million words);
# commoner names (John, Bible, Google) are examples or settings, not the subject. Tuned on the dev split.
NAME_ZIPF = 4.0
# A missing name is still covered when a retrieved sentence says nearly the same in other words.
TERM_MATCH = 0.7
# A name in more of the collection's papers than this is its general field (LLMs, GitHub), not the subject of
# one part of a question: it never makes a question with a missing name partly covered.
SUBJECT_SHARE = 0.03
# A close passage is not yet an answer. Closeness: the mean of the best retrieved paper's similarity to the
# question and the best sentence's of the papers an answer would cite. Below MIN_CLOSENESS the answer is hedged:
# the passages are shown as the closest, not as an answer; below MIN_CLOSENESS_ABSENT when the question holds a
# phrase that no abstract does. Chosen on the dev split (docs/declining.md).
MIN_CLOSENESS = 0.47
MIN_CLOSENESS_ABSENT = 0.55
# A phrase of the question counts when both its words are this rare in general English (speculative decoding,
# conformal prediction; not "phone signal" nor "beam search").
PHRASE_ZIPF = 3.8
MAX_PAPERS = 3  # an answer quoting more than three papers stops reading like an answer
# A second or third paper is cited only when its own best sentence answers the question nearly as well as
# the first paper's, and the paper as a whole is nearly as close. Tuned on the dev split.
SENTENCE_MARGIN = 0.03
DENSE_MARGIN = 0.03
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9+#]*(?:[-.][A-Za-z0-9+#]+)*")
# "Mamba-style models" ask about Mamba: the collection may name it, never "Mamba-style".
_KIND_OF = re.compile(r"-(style|like|based|type|inspired|esque|driven|powered)$", re.IGNORECASE)
# Question words and verbs of asking carry no subject; they are never key terms.
_ASKING = {
    "does", "do", "did", "can", "could", "would", "should", "will", "is", "are", "was", "were", "how", "what",
    "which", "why", "when", "where", "who", "whether", "paper", "papers", "study", "studies", "work", "works",
    "research", "better", "good", "best", "well", "really", "actually", "still", "make", "makes", "help",
    "use", "using", "used", "get", "way", "ways", "much", "many", "more", "less", "new", "kind", "kinds",
}


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS) | _ASKING


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@lru_cache(maxsize=8192)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.lower(), "en"))


class Term(BaseModel):
    text: str
    papers: int = Field(description="Papers of the collection whose title or abstract holds the term.")
    similarity: float = Field(0.0, description="Best cosine similarity to a sentence of the retrieved abstracts.")
    retrieved: bool = Field(False, description="Whether a retrieved abstract (one an answer could cite) holds it.")

    @property
    def missing(self) -> bool:
        return self.papers == 0 and self.similarity < TERM_MATCH


class Coverage(BaseModel):
    """Answered (covered, not hedged), hedged (covered and hedged: close passages that the evidence does not
    show to answer), or declined (not covered: nothing close)."""

    covered: bool = Field(description="Whether anything is close enough to show: else the answer declines.")
    hedged: bool = Field(False, description="Close passages, but the evidence does not show that they answer.")
    unnamed: bool = Field(False, description="Hedged because no paper names what the question is about.")
    missing: list[str] = Field(default_factory=list, description="Key terms the collection does not cover.")
    absent: list[str] = Field(default_factory=list, description="Phrases of the question no abstract holds.")
    terms: list[Term] = Field(default_factory=list)
    best: float = Field(0.0, description="Best dense similarity of a retrieved paper to the question.")
    closeness: float = Field(0.0, description="What the hedge is decided on (MIN_CLOSENESS).")


def key_terms(question: str) -> list[str]:
    """The names in the question that general English rarely uses: the subject a paper must mention."""
    found: list[str] = []
    for i, token in enumerate(tokens(question)):
        word = _KIND_OF.sub("", token)
        if word.lower() in _stop_words() or len(word) < 2 or word in found:
            continue
        named = any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:]) or (i > 0 and word[0].isupper())
        if named and zipf(word) < NAME_ZIPF:
            found.append(word)
    return found


class Reading:
    """The retrieved abstracts split into sentences, each embedded and compared with the question only when an
    answer needs it: most questions quote one or two papers, so reading all five would embed two or three
    times the sentences (the largest cost of an offline answer)."""

    def __init__(self, reader: Reader, question: str, hits: list[Hit]) -> None:
        self.reader = reader
        self.hits = hits
        self.sentences = [sentences(h.paper.abstract) or [h.paper.abstract] for h in hits]
        self.question = reader.embed([question])[0]
        self._vectors: dict[int, np.ndarray] = {}

    def read(self, papers: Iterable[int]) -> None:
        """Embed the sentences of these hits (one batch for all of them)."""
        todo = [i for i in dict.fromkeys(papers) if i not in self._vectors]
        if not todo:
            return
        flat, start = self.reader.embed([s for i in todo for s in self.sentences[i]]), 0
        for i in todo:
            self._vectors[i] = flat[start : start + len(self.sentences[i])]
            start += len(self.sentences[i])

    def vectors(self, i: int) -> np.ndarray:
        self.read([i])
        return self._vectors[i]

    def similarity(self, i: int) -> np.ndarray:
        return self.vectors(i) @ self.question

    def citable(self) -> list[int]:
        """Which read hits an answer cites: the best-ranked one, then any other whose own best sentence and
        whole abstract are nearly as close to the question."""
        top = self.hits[0]
        near = [0] + [i for i, hit in enumerate(self.hits[1:], 1) if hit.dense >= top.dense - DENSE_MARGIN]
        self.read(near)  # only these can be cited: the others' sentences need not be embedded
        best = {i: float(self.similarity(i).max()) for i in near}
        return [i for i in near if best[i] >= best[0] - SENTENCE_MARGIN][:MAX_PAPERS]

    def closeness(self) -> float:
        """How clearly the papers an answer would cite answer the question (see MIN_CLOSENESS)."""
        sentence = max(float(self.similarity(i).max()) for i in self.citable())
        return (max(h.dense for h in self.hits) + sentence) / 2


class Reader:
    """Reads hits against a question and checks coverage, for one collection."""

    def __init__(
        self, papers_with: Callable[[str], set[str]], size: int, embedder: Embedder, min_evidence: float,
        min_imagined: float = 0.0, mentioned: Callable[[str], bool] | None = None,
        kept: Callable[[list[str]], dict[str, np.ndarray]] | None = None,
    ) -> None:
        self.papers_with = papers_with  # the ids of the collection's papers that mention a word
        # whether some paper holds a phrase in any hyphen, space or word-ending variant
        self.mentioned = mentioned or (lambda phrase: bool(papers_with(phrase)))
        self.size = size  # papers in the collection
        self.embedder = embedder
        self.min_evidence = min_evidence
        self.min_imagined = min_imagined
        self.known: dict[str, np.ndarray] = {}  # sentence vectors: the same abstracts come back question after question
        self.kept = kept  # the vectors an ingest kept of some sentences (settings.keep_sentences), by sentence

    def embed(self, texts: list[str]) -> np.ndarray:
        """Vectors of `texts`, embedding only those not seen before nor kept by the ingest (safe when questions
        run in threads)."""
        vectors = {t: v for t in texts if (v := self.known.get(t)) is not None}
        new = [t for t in dict.fromkeys(texts) if t not in vectors]
        if new:
            fresh = self.kept(new) if self.kept else {}
            if lacking := [t for t in new if t not in fresh]:
                fresh |= dict(zip(lacking, self.embedder.embed(lacking), strict=True))
            vectors |= fresh
            if len(self.known) > SENTENCE_CACHE:
                self.known = {}
            self.known.update(fresh)
        return np.vstack([vectors[t] for t in texts])

    def read(self, question: str, hits: list[Hit]) -> Reading:
        return Reading(self, question, hits[:READ_HITS])

    def near(self, hits: list[Hit]) -> bool:
        """Whether one of the papers an answer could cite is close enough to the question to answer from."""
        return max((h.dense for h in hits[:READ_HITS]), default=0.0) >= self.min_evidence

    def near_imagined(self, closest: float) -> bool:
        """With an LLM: whether the passage of the collection `closest` to the abstract the model imagines for the
        question is close enough. If not, nothing in the collection resembles what a paper answering the
        question would say: a near miss."""
        return closest >= self.min_imagined

    def coverage(self, question: str, reading: Reading) -> Coverage:
        best = max((h.dense for h in reading.hits), default=0.0)
        if not self.near(reading.hits):
            return Coverage(covered=False, best=best)
        terms = self.terms(question, reading)
        missing = [t.text for t in terms if t.missing]
        subject = max(1.0, SUBJECT_SHARE * self.size)
        part = any(t.retrieved and t.papers <= subject for t in terms)  # "… Graphcore chips compared with GPUs"
        closeness = reading.closeness()
        absent = self.absent(question, [t.text for t in terms])
        floor = MIN_CLOSENESS_ABSENT if absent else MIN_CLOSENESS
        unnamed = bool(missing and not part)
        return Coverage(
            covered=True, hedged=unnamed or closeness < floor, unnamed=unnamed, missing=missing, absent=absent,
            terms=terms, best=best, closeness=round(closeness, 4),
        )

    def absent(self, question: str, names: list[str]) -> list[str]:
        """Pairs of adjacent words of the question, both rare in general English and neither one of `names`
        (judged on their own), that no abstract holds as a phrase in any hyphen or space variant and with any
        word ending: speculative decoding, conformal prediction."""
        words = re.findall(r"[A-Za-z][A-Za-z0-9]*", question)
        found: list[str] = []
        for first, second in zip(words, words[1:], strict=False):
            pair = f"{first} {second}"
            plain = {first.lower(), second.lower()}
            named = {n.lower() for n in names} & plain
            short = min(len(first), len(second)) < 3
            if named or short or plain & _stop_words() or max(map(zipf, plain)) >= PHRASE_ZIPF:
                continue
            if not self.mentioned(pair) and pair.lower() not in (t.lower() for t in found):
                found.append(pair)
        return found

    def terms(self, question: str, reading: Reading) -> list[Term]:
        candidates = key_terms(question)
        if not candidates:
            return []
        cited = {h.paper.id for h in reading.hits}
        found = []
        for text in candidates:
            ids = self.papers_with(text)
            found.append(Term(text=text, papers=len(ids), retrieved=bool(ids & cited)))
        absent = [t for t in found if not t.papers]
        if absent and reading.hits:
            reading.read(range(len(reading.hits)))
            term_vectors = self.embedder.embed([t.text for t in absent])
            sentence_vectors = np.vstack([reading.vectors(i) for i in range(len(reading.hits))])
            for term, best in zip(absent, (term_vectors @ sentence_vectors.T).max(axis=1), strict=True):
                term.similarity = round(float(best), 3)
        return found

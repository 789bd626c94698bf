"""Collections for the scale benchmark, and the simulated embedding model used at the large sizes.

5k is SciFact's real corpus. 50k and 200k are built deterministically from real abstracts: each synthetic
abstract keeps part of one real abstract (SciFact or the shipped collection) and takes its other sentences
from other real abstracts, under a new title made of words of real titles. Paper i is a function of i alone,
so the 50k file is the first 50k papers of the 200k one.

Embedding 200k abstracts with MiniLM on two CPU cores takes hours, so at the large sizes the vectors are a
simulation: every distinct real sentence is embedded once by the real model (cached on disk), and a chunk's
vector is the normalised mean of the vectors of the real sentences it contains. Anything else, questions
above all, goes to the real model."""

from __future__ import annotations

import json
import random
import re
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from assistant.config import SHIPPED_ABSTRACTS, Settings
from assistant.ingest.embedding import Embedder, make_embedder
from assistant.ingest.readers import load

# A sentence ends in . ! or ? followed by a space and a capital letter (or an opening bracket or digit).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[0-9])")
SEED = "scale-benchmark-1"
SHARD = 1024


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


@dataclass
class Pool:
    """The real abstracts, as lists of sentences, and the real titles."""

    abstracts: list[list[str]]
    titles: list[str]

    @classmethod
    def read(cls, scifact: Path) -> Pool:
        abstracts, titles = [], []
        for line in scifact.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            abstracts.append(sentences(record["text"]))
            titles.append(record["title"])
        for paper in load([SHIPPED_ABSTRACTS]).papers:
            abstracts.append(sentences(paper.abstract))
            if not paper.title_is_derived:
                titles.append(paper.title)
        keep = [a for a in abstracts if 2 <= len(a) <= 20]
        return cls(abstracts=keep, titles=titles)

    def distinct_sentences(self) -> list[str]:
        return list(dict.fromkeys(s for abstract in self.abstracts for s in abstract))

    def cached_only(self, cache: dict[str, np.ndarray]) -> Pool:
        """The abstracts all of whose sentences are in the cache (the pool the synthetic sizes draw from)."""
        return Pool([a for a in self.abstracts if all(s in cache for s in a)], self.titles)


def synthetic_paper(pool: Pool, i: int) -> dict[str, str]:
    """Paper i: the first sentences of a real abstract, the rest drawn from others, and a new title."""
    rng = random.Random(f"{SEED}-{i}")
    base = rng.choice(pool.abstracts)
    kept = base[: max(1, len(base) // 2)]
    others = [rng.choice(rng.choice(pool.abstracts)) for _ in range(len(base) - len(kept))]
    words = [w.strip(".,:;") for w in rng.choice(pool.titles).split() + rng.choice(pool.titles).split()]
    words = [w for w in words if w]
    start = rng.randrange(max(1, len(words) - 6))
    title = " ".join(words[start : start + rng.randint(5, 10)])
    return {"id": f"syn-{i}", "title": title[:1].upper() + title[1:], "abstract": " ".join(kept + others)}


def write_collection(pool: Pool, path: Path, first: int, count: int) -> Path:
    """Papers first … first+count-1 as JSONL (written once; the same arguments give the same file)."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    with partial.open("w", encoding="utf-8") as out:
        for i in range(first, first + count):
            out.write(json.dumps(synthetic_paper(pool, i), ensure_ascii=False) + "\n")
    partial.replace(path)
    return path


def sentence_cache(pool: Pool, work: Path, shards: int | None = None, progress: bool = True) -> dict[str, np.ndarray]:
    """Every distinct real sentence embedded once by the real model, in order of first appearance, saved in
    shards of SHARD sentences under `work` so that an interrupted run keeps what it did. Embeds at most
    `shards` new shards (all when None) and returns every sentence cached so far with its vector."""
    texts = pool.distinct_sentences()
    folder = work / "sentence-cache"
    folder.mkdir(parents=True, exist_ok=True)
    model = make_embedder(Settings())
    todo = shards
    for n, start in enumerate(range(0, len(texts), SHARD)):
        path = folder / f"shard-{n:05d}.npy"
        if path.exists() or todo == 0:
            continue
        started = time.perf_counter()
        batch = texts[start : start + SHARD]
        np.save(folder / "partial.npy", model.embed(batch))
        (folder / f"shard-{n:05d}.json").write_text(json.dumps(batch), encoding="utf-8")
        (folder / "partial.npy").replace(path)
        todo = None if todo is None else todo - 1
        if progress:
            print(
                f"sentence cache: shard {n} ({len(batch)} sentences) in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
    return cached_sentences(work)


def cached_sentences(work: Path) -> dict[str, np.ndarray]:
    found: dict[str, np.ndarray] = {}
    for path in sorted((work / "sentence-cache").glob("shard-*.npy")):
        batch = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        found.update(zip(batch, np.load(path), strict=True))
    return found


class SimulatedEmbedder:
    """Stands in for the real model at the large sizes (assistant.ingest.embedding.Embedder): a text made
    of known real sentences gets the normalised mean of their cached vectors; a text with none (a question, a
    paper of our own) goes to the real model. It takes the real model's name so that the index's content
    hashes are those the real model would give, and a later real ingest finds nothing to re-embed."""

    def __init__(self, cache: dict[str, np.ndarray]) -> None:
        self.real = make_embedder(Settings())
        self.name = self.real.name
        self.row = {text: n for n, text in enumerate(cache)}
        self.vectors = np.stack(list(cache.values())).astype(np.float32)
        self.simulated = 0
        self.delegated = 0

    @cached_property
    def dimensions(self) -> int:
        return int(self.vectors.shape[1])

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        unknown = []
        for n, text in enumerate(texts):
            rows = [self.row[s] for s in sentences(text) if s in self.row]
            if rows:
                mean = self.vectors[rows].mean(axis=0)
                out[n] = mean / max(float(np.linalg.norm(mean)), 1e-12)
            else:
                unknown.append(n)
        if unknown:
            out[unknown] = self.real.embed([texts[n] for n in unknown])
        self.simulated += len(texts) - len(unknown)
        self.delegated += len(unknown)
        return out


class TimedEmbedder:
    """Wraps an embedder and adds up the seconds spent in it: the share of ingest time in the model."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.seconds = 0.0

    def embed(self, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        try:
            return self.inner.embed(texts)
        finally:
            self.seconds += time.perf_counter() - started

"""A BEIR dataset → nDCG@10, recall@100 and MRR of our retrieval, in a collection of its own.

A BEIR folder holds `corpus.jsonl` (`_id`, `title`, `text`), `queries.jsonl` (`_id`, `text`) and
`qrels/<split>.tsv` (query-id, corpus-id, graded score). The corpus reader keeps `_id` as the paper id, so
qrels match retrieved papers directly."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

from pydantic import BaseModel

from assistant import Assistant

from .runner import ndcg, recall, reciprocal_rank

DEPTH = 100  # papers retrieved per query: recall@100 needs them all


class QueryScore(BaseModel):
    id: str
    query: str
    ndcg10: float
    recall100: float
    mrr: float
    relevant: int


class BeirRun(BaseModel):
    dataset: str
    split: str
    collection: str
    metrics: dict[str, float]
    per_question: list[QueryScore]


def dataset_files(directory: Path, split: str) -> tuple[Path, Path, Path]:
    """The three files, or FileNotFoundError naming the one that is missing."""
    files = (directory / "corpus.jsonl", directory / "queries.jsonl", directory / "qrels" / f"{split}.tsv")
    for path in files:
        if not path.is_file():
            splits = sorted(p.stem for p in (directory / "qrels").glob("*.tsv"))
            hint = f"; splits here: {', '.join(splits)} (--split)" if splits and path.suffix == ".tsv" else ""
            raise FileNotFoundError(
                f"{path}: not found; a BEIR folder holds corpus.jsonl, queries.jsonl, qrels/{split}.tsv{hint}"
            )
    return files


def read_queries(path: Path) -> dict[str, str]:
    queries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            queries[str(record["_id"])] = str(record["text"])
    return queries


def read_qrels(path: Path) -> dict[str, dict[str, float]]:
    """query id → corpus id → grade. The header line ('query-id corpus-id score') is skipped."""
    qrels: dict[str, dict[str, float]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if not line.strip() or (number == 1 and not parts[-1].strip().lstrip("-").isdigit()):
            continue
        if len(parts) < 3:
            raise ValueError(f"{path}: line {number} needs query-id, corpus-id and score separated by tabs")
        qrels.setdefault(parts[0].strip(), {})[parts[1].strip()] = float(parts[2])
    return qrels


def collection_name(directory: Path) -> str:
    return "beir-" + re.sub(r"[^a-z0-9]+", "-", directory.resolve().name.lower()).strip("-")


def score_query(assistant: Assistant, qid: str, query: str, grades: dict[str, float]) -> QueryScore:
    ranked = [h.paper.id for h in assistant.retrieve(query, k=DEPTH)]
    relevant = [doc for doc, grade in grades.items() if grade > 0]
    return QueryScore(
        id=qid,
        query=query,
        ndcg10=ndcg(ranked, grades, 10),
        recall100=recall(ranked, relevant, DEPTH),
        mrr=reciprocal_rank(ranked, relevant),
        relevant=len(relevant),
    )


def evaluate(directory: Path, split: str = "test", progress: bool = True) -> BeirRun:
    """Ingest the corpus (only new text is embedded, so a second run starts at once), then score every
    query that has a relevant document in the split, as BEIR does."""
    from rich.console import Console
    from rich.progress import track

    corpus, queries_path, qrels_path = dataset_files(directory, split)
    queries, qrels = read_queries(queries_path), read_qrels(qrels_path)
    judged = [q for q in queries if any(g > 0 for g in qrels.get(q, {}).values())]
    if not judged:
        raise ValueError(f"{qrels_path}: no query in {queries_path.name} has a relevant document in this split")
    name = collection_name(directory)
    assistant = Assistant(collection=name)
    assistant.ingest([corpus], progress=progress)
    steps = track(judged, description=f"Retrieving ({name})", disable=not progress, console=Console(stderr=True))
    scores = [score_query(assistant, q, queries[q], qrels[q]) for q in steps]
    metrics = {
        "queries": float(len(scores)),
        "ndcg@10": round(statistics.fmean(s.ndcg10 for s in scores), 6),
        "recall@100": round(statistics.fmean(s.recall100 for s in scores), 6),
        "mrr": round(statistics.fmean(s.mrr for s in scores), 6),
    }
    return BeirRun(dataset=str(directory), split=split, collection=name, metrics=metrics, per_question=scores)

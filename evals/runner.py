"""Questions → scores: each question goes through the public API and is scored against its gold papers.

Retrieval metrics come from `Assistant.retrieve(q, k=10)`, answer metrics from `Assistant.ask(q)`; with an
LLM configured, LlamaIndex's evaluators also judge each answer's faithfulness and relevancy."""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant import Assistant
from assistant.config import Settings
from assistant.records import Answer, Hit

EVALS_DIR = Path(__file__).resolve().parent
QUESTIONS = EVALS_DIR / "questions.jsonl"
Split = Literal["dev", "test"]
KINDS = (
    "paraphrase", "untitled", "fact", "multi", "off_topic", "vague", "hard_paraphrase", "near_miss", "everyday",
    "near_miss_blind",
)
# The collection does not answer these: the right answer declines, or at least does not present an answer.
ABSTAIN_KINDS = ("off_topic", "near_miss", "near_miss_blind")
SPLITS: tuple[Split, Split] = ("dev", "test")
RETRIEVE_K = 10
TOP_TITLES = 5  # retrieved titles kept per question for the report

Kind = Literal[
    "paraphrase", "untitled", "fact", "multi", "off_topic", "vague", "hard_paraphrase", "near_miss", "everyday",
    "near_miss_blind",
]


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: Kind
    split: Split = Field(
        description="dev: tune on it; test: report it. Half of each kind; a new question takes "
        "assistant.present.export.split_of."
    )
    question: str
    gold_ids: list[str]
    gold_titles: list[str]
    keywords: list[str] = Field(default_factory=list, description="fact: strings a correct answer contains.")
    key_terms: list[str] = Field(default_factory=list, description="near_miss: what no abstract mentions.")


class Metrics(BaseModel):
    """One row of the table, for a kind or for all questions; None where a metric does not apply. Unknown
    names are refused, so a misspelt metric is an error rather than a silently absent one."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    questions: float
    hit1: float | None = Field(None, alias="hit@1")
    hit5: float | None = Field(None, alias="hit@5")
    mrr: float | None = None
    ndcg10: float | None = Field(None, alias="ndcg@10")
    recall10: float | None = Field(None, alias="recall@10")
    citation_precision: float | None = None
    citation_recall: float | None = None
    declined: float | None = Field(None, description="Share of answerable questions that were declined.")
    answered: float | None = Field(None, description="Share of answerable questions presented as answered.")
    misanswered: float | None = Field(
        None, description="Share of questions the collection does not answer that were presented as answered."
    )
    hedged: float | None = Field(None, description="Share of questions answered with a hedge.")
    hedged_gold: float | None = Field(
        None, description="Of the answerable questions hedged, the share showing a gold paper among the passages."
    )
    abstention_precision: float | None = None
    abstention_recall: float | None = None
    keyword_recall: float | None = None
    faithfulness: float | None = None
    relevancy: float | None = None
    latency_median_s: float | None = None
    latency_p95_s: float | None = None

    def values(self) -> dict[str, float]:
        """Metric name → value, for the metrics that apply."""
        return self.model_dump(by_alias=True, exclude_none=True)


class Scored(BaseModel):
    """One question's outcome. None marks a metric that does not apply to the question's kind."""

    model_config = ConfigDict(extra="forbid")

    id: str
    split: Split
    kind: Kind
    question: str
    gold_titles: list[str]
    retrieved_titles: list[str] = Field(description="Top titles of retrieve(q, k=10), best first.")
    rank: int | None = Field(description="Rank of the first gold paper in the top 10 (1-based).")
    hit1: float | None = None
    hit5: float | None = None
    mrr: float | None = None
    ndcg10: float | None = None
    recall10: float | None = None
    cited_titles: list[str] = Field(default_factory=list)
    citation_precision: float | None = None
    citation_recall: float | None = None
    abstained: bool = False
    hedged: bool = False
    keyword_recall: float | None = None
    latency_s: float = 0.0
    mode: str = "extractive"
    answer: str = ""
    faithfulness: float | None = None
    relevancy: float | None = None
    problems: list[str] = Field(default_factory=list, description="Why the question counts as failing.")


class EvalRun(BaseModel):
    timestamp: str
    settings: dict[str, Any]
    metrics: dict[str, Metrics] = Field(description="'overall' and each kind → its metrics.")
    per_question: list[Scored]
    notes: list[str] = Field(default_factory=list)

    def table(self) -> dict[str, dict[str, float]]:
        """'overall' and each kind → metric name → value, as the JSON, report and baseline show them."""
        return {group: metrics.values() for group, metrics in self.metrics.items()}


# --- ranking metrics (shared with the BEIR runner) ------------------------------------------------------
def first_rank(ranked: Sequence[str], relevant: Iterable[str]) -> int | None:
    wanted = set(relevant)
    return next((i for i, doc in enumerate(ranked, 1) if doc in wanted), None)


def reciprocal_rank(ranked: Sequence[str], relevant: Iterable[str]) -> float:
    rank = first_rank(ranked, relevant)
    return 1.0 / rank if rank else 0.0


def ndcg(ranked: Sequence[str], grades: dict[str, float], k: int) -> float:
    """nDCG@k with linear gains (as trec_eval and BEIR compute it); grades ≤ 0 count as not relevant."""
    dcg = sum(grades.get(doc, 0.0) / math.log2(i + 1) for i, doc in enumerate(ranked[:k], 1) if grades.get(doc, 0) > 0)
    ideal = sorted((g for g in grades.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 1) for i, g in enumerate(ideal, 1))
    return dcg / idcg if idcg else 0.0


def recall(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float:
    wanted = set(relevant)
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile: the smallest value with at least q% of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


# --- one question ----------------------------------------------------------------------------------------
def score_retrieval(question: Question, hits: list[Hit]) -> dict[str, Any]:
    ranked = [h.paper.id for h in hits]
    found: dict[str, Any] = {"retrieved_titles": [h.paper.title for h in hits[:TOP_TITLES]]}
    found["rank"] = first_rank(ranked, question.gold_ids)
    if not question.gold_ids:
        return found
    rank = found["rank"]
    found |= {
        "hit1": float(rank == 1),
        "hit5": float(rank is not None and rank <= 5),
        "mrr": reciprocal_rank(ranked, question.gold_ids),
        "ndcg10": ndcg(ranked, {g: 1.0 for g in question.gold_ids}, RETRIEVE_K),
    }
    if question.kind == "multi":
        found["recall10"] = recall(ranked, question.gold_ids, RETRIEVE_K)
    return found


def score_answer(question: Question, answer: Answer) -> dict[str, Any]:
    cited = {c.paper_id for c in answer.citations}
    gold = set(question.gold_ids)
    found: dict[str, Any] = {
        "abstained": answer.abstained,
        "hedged": answer.hedged,
        "cited_titles": [c.title for c in answer.citations],
        "mode": answer.mode,
        "answer": answer.text,
    }
    if gold:
        found["citation_recall"] = len(cited & gold) / len(gold)
        if cited:  # precision of an answer that cites nothing is undefined, not 0 or 1
            found["citation_precision"] = len(cited & gold) / len(cited)
    if question.kind == "fact" and question.keywords:
        text = answer.text.lower()
        found["keyword_recall"] = sum(k.lower() in text for k in question.keywords) / len(question.keywords)
    return found


def problems(question: Question, scored: Scored) -> list[str]:
    """What went wrong with one question, in words for the report (empty when nothing did)."""
    found = []
    if question.kind in ABSTAIN_KINDS:
        answered = not (scored.abstained or scored.hedged)
        return ["presented an answer to a question the collection does not cover"] if answered else []
    if scored.rank is None or scored.rank > 5:
        found.append(f"no gold paper in the top 5 (first at rank {scored.rank or '>10'})")
    if scored.abstained:
        found.append("abstained although the collection answers it")
    elif scored.hedged:
        found.append("hedged although the collection answers it")
    elif not scored.citation_recall:
        found.append("cited no gold paper")
    if scored.keyword_recall is not None and scored.keyword_recall < 1:
        missing = [k for k in question.keywords if k.lower() not in scored.answer.lower()]
        found.append("answer lacks " + ", ".join(repr(k) for k in missing))
    return found


class Judge:
    """LlamaIndex's faithfulness and relevancy evaluators, run by the configured LLM on each answer, given
    the abstracts the answer was written from. A failed call leaves that question unjudged."""

    def __init__(self, settings: Settings) -> None:
        from llama_index.core.evaluation import FaithfulnessEvaluator, RelevancyEvaluator

        from assistant.answer import llm

        self.settings = settings
        model = llm.make_llm(settings)
        self.faithfulness = FaithfulnessEvaluator(llm=model)
        self.relevancy = RelevancyEvaluator(llm=model)
        self.failures: list[str] = []

    def __call__(self, answer: Answer) -> tuple[float | None, float | None]:
        from assistant.answer import llm

        contexts = [h.paper.abstract for h in answer.hits]
        try:
            faithful = self.faithfulness.evaluate(query=answer.question, response=answer.text, contexts=contexts)
            relevant = self.relevancy.evaluate(query=answer.question, response=answer.text, contexts=contexts)
        except llm.failures() as error:
            self.failures.append(llm.describe(error, self.settings))
            return None, None
        return faithful.score, relevant.score


def make_judge(settings: Settings) -> tuple[Judge | None, str | None]:
    """A judge when an LLM is configured; otherwise None and the one line that says why."""
    from assistant.answer import llm

    if llm.resolve_mode(settings) != "llm":
        return None, "LLM-judged faithfulness and relevancy skipped: no LLM configured (set OPENAI_API_KEY)."
    return Judge(settings), None


def score(assistant: Assistant, question: Question, judge: Judge | None) -> Scored:
    hits = assistant.retrieve(question.question, k=RETRIEVE_K, hypothetical=assistant.imagine(question.question))
    started = time.perf_counter()
    answer = assistant.ask(question.question)
    latency = time.perf_counter() - started
    scored = Scored(
        id=question.id,
        split=question.split,
        kind=question.kind,
        question=question.question,
        gold_titles=question.gold_titles,
        latency_s=round(latency, 4),
        **score_retrieval(question, hits),
        **score_answer(question, answer),
    )
    if judge is not None and not answer.abstained:
        scored.faithfulness, scored.relevancy = judge(answer)
    scored.problems = problems(question, scored)
    return scored


# --- all questions ---------------------------------------------------------------------------------------
PER_QUESTION = (  # Scored fields averaged over the questions they apply to (same names in Metrics)
    "hit1", "hit5", "mrr", "ndcg10", "recall10", "citation_precision", "citation_recall", "keyword_recall",
    "faithfulness", "relevancy",
)


def means(results: list[Scored]) -> dict[str, float]:
    """Mean of each per-question metric over the questions it applies to; how often answerable questions were
    declined, and how often the others were (abstention recall)."""
    found: dict[str, float] = {"questions": float(len(results))}
    for field in PER_QUESTION:
        values = [getattr(r, field) for r in results if getattr(r, field) is not None]
        if values:
            found[field] = round(statistics.fmean(values), 6)
    found["hedged"] = round(sum(r.hedged for r in results) / len(results), 6) if results else 0.0
    answerable = [r for r in results if r.kind not in ABSTAIN_KINDS]
    if answerable:
        found["declined"] = round(sum(r.abstained for r in answerable) / len(answerable), 6)
        found["answered"] = share(answerable, lambda r: not (r.abstained or r.hedged))
        hedged = [r for r in answerable if r.hedged]
        if hedged:
            found["hedged_gold"] = share(hedged, lambda r: bool(r.citation_recall))
    unanswerable = [r for r in results if r.kind in ABSTAIN_KINDS]
    if unanswerable:
        found["abstention_recall"] = round(sum(r.abstained for r in unanswerable) / len(unanswerable), 6)
        found["misanswered"] = share(unanswerable, lambda r: not (r.abstained or r.hedged))
    return found


def share(results: list[Scored], test: Callable[[Scored], bool]) -> float:
    return round(sum(map(test, results)) / len(results), 6)


def overall(results: list[Scored]) -> Metrics:
    found = means(results)
    abstained = [r for r in results if r.abstained]
    if abstained:
        right = sum(r.kind in ABSTAIN_KINDS for r in abstained)
        found["abstention_precision"] = round(right / len(abstained), 6)
    latencies = [r.latency_s for r in results]
    found["latency_median_s"] = round(statistics.median(latencies), 4)
    found["latency_p95_s"] = round(percentile(latencies, 95), 4)
    return Metrics(**found)


def summarise(results: list[Scored]) -> dict[str, Metrics]:
    metrics = {"overall": overall(results)}
    for kind in KINDS:
        of_kind = [r for r in results if r.kind == kind]
        if of_kind:
            metrics[kind] = Metrics(**means(of_kind))
    return metrics


def load_questions(path: Path = QUESTIONS, split: str = "all") -> list[Question]:
    """The questions of one split ('dev', 'test') or of both ('all')."""
    if split not in (*SPLITS, "all"):
        raise ValueError(f"--split {split}: the question set's splits are dev, test and all")
    lines = path.read_text(encoding="utf-8").splitlines()
    questions = [Question.model_validate_json(line) for line in lines if line.strip()]
    return [q for q in questions if split in ("all", q.split)]


def run_settings(settings: Settings, results: list[Scored]) -> dict[str, Any]:
    """What the figures depend on, kept with them so a comparison can say when they are not like for like."""
    mode = "llm" if any(r.mode == "llm" for r in results) else "extractive"
    splits = sorted({r.split for r in results})
    keep = ["collection", "embed_model", "bm25_weight", "question_bm25_weight", "everyday", "min_evidence", "k"]
    if mode == "llm":
        keep += ["model", "hypothetical", "min_imagined"]
    found = {name: getattr(settings, name) for name in keep if hasattr(settings, name)}
    return found | {"mode": mode, "split": splits[0] if len(splits) == 1 else "all"}


def evaluate(
    assistant: Assistant, questions: list[Question], judge: Judge | None = None, progress: bool = True
) -> EvalRun:
    if not questions:
        raise ValueError("no questions to ask: evals/questions.jsonl is empty for this split")
    from rich.console import Console
    from rich.progress import track

    assistant.retriever  # noqa: B018 — builds the index on first use, before the clock starts
    bar = Console(stderr=True)  # stdout may be carrying --json
    steps = track(questions, description="Asking", transient=True, disable=not progress, console=bar)
    results = [score(assistant, q, judge) for q in steps]
    notes = []
    if judge is not None and judge.failures:
        notes.append(f"{len(judge.failures)} judge calls failed and were left out; the first: {judge.failures[0]}")
    return EvalRun(
        timestamp=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        settings=run_settings(assistant.settings, results),
        metrics=summarise(results),
        per_question=results,
        notes=notes,
    )


# --- the baseline ------------------------------------------------------------------------------------------
BASELINE = EVALS_DIR / "baseline.json"
EPSILON = 1e-9  # retrieval and extractive answers are deterministic: any real drop is a regression
JUDGED_BAND = 0.05  # an LLM judge wobbles from run to run
JUDGED = {"faithfulness", "relevancy"}
ANSWER_METRICS = {
    "citation_precision",
    "citation_recall",
    "abstention_precision",
    "abstention_recall",
    "keyword_recall",
    "declined",
    "answered",
    "misanswered",
    "hedged_gold",
}
# Latency depends on the machine; a hedge is right for one question and wrong for another (answered and
# misanswered say which).
UNCHECKED = {"questions", "latency_median_s", "latency_p95_s", "hedged"}
LOWER_IS_BETTER = {"declined", "misanswered"}


class Regression(BaseModel):
    name: str
    value: float | None = Field(description="None: the run has no such metric although the baseline does.")
    baseline: float
    tolerance: float

    def __str__(self) -> str:
        if self.value is None:
            return f"{self.name} is missing from this run (baseline {self.baseline:.4f})"
        worse = "rose" if self.name.rsplit(".", 1)[-1] in LOWER_IS_BETTER else "fell"
        return f"{self.name} {worse} to {self.value:.4f} from {self.baseline:.4f} (tolerance {self.tolerance:g})"


def save_baseline(run: EvalRun, path: Path = BASELINE) -> None:
    from assistant.storage.files import write_atomic

    data = {"timestamp": run.timestamp, "settings": run.settings, "metrics": run.table()}
    write_atomic(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def load_baseline(path: Path = BASELINE) -> dict[str, Any] | None:
    """The committed baseline; its metric names are checked (ValueError names an unknown one)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    for group, values in data["metrics"].items():
        unknown = set(values) - set(Metrics.model_fields) - _ALIASES
        if unknown:
            raise ValueError(f"{path}: unknown metric {', '.join(sorted(unknown))} in '{group}'")
        Metrics.model_validate(values)
    return data


_ALIASES = {f.alias for f in Metrics.model_fields.values() if f.alias}


def worse(name: str, value: float, expected: float, tolerance: float) -> bool:
    return value > expected + tolerance if name in LOWER_IS_BETTER else value < expected - tolerance


def compare(run: EvalRun, baseline: dict[str, Any]) -> tuple[list[Regression], list[str]]:
    """Metrics that got worse than the baseline by more than their tolerance, or that the run lacks, and notes
    on what was not compared. Answer metrics are compared only when the answers were written the same way
    (extractive or LLM)."""
    notes = []
    same_mode = run.settings.get("mode") == baseline["settings"].get("mode")
    if not same_mode:
        notes.append(
            f"answers are {run.settings.get('mode')} but the baseline's were {baseline['settings'].get('mode')}: "
            "only retrieval metrics are compared (with an LLM, retrieval also reads the abstract it imagines)"
        )
    changed = [k for k, v in baseline["settings"].items() if k != "mode" and run.settings.get(k) != v]
    if changed:
        notes.append(
            "settings differ from the baseline's: "
            + ", ".join(f"{k}={run.settings.get(k)} (baseline {baseline['settings'][k]})" for k in changed)
        )
    regressions, gains = [], []
    table = run.table()
    for group, values in baseline["metrics"].items():
        for name, expected in values.items():
            if name in UNCHECKED or (name in ANSWER_METRICS and not same_mode) or (name in JUDGED and not same_mode):
                continue
            value = table.get(group, {}).get(name)
            tolerance = JUDGED_BAND if name in JUDGED else EPSILON
            label = f"{group}.{name}"
            if value is None or worse(name, value, expected, tolerance):
                regressions.append(Regression(name=label, value=value, baseline=expected, tolerance=tolerance))
            elif worse(name, expected, value, tolerance):
                gains.append(f"{label} {expected:.4f} → {value:.4f}")
    if gains:  # a gain left out of the baseline could later be lost without the check noticing
        notes.append(f"better than the baseline: {', '.join(gains)}; keep it with `assistant eval --update-baseline`")
    return regressions, notes

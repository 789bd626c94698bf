"""Scores → what people read: a rich table in the terminal, a Markdown or HTML report with the failing
questions, and a plot of each metric over past runs (evals/history.jsonl)."""

from __future__ import annotations

import html
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich import box
from rich.table import Table

from .beir import BeirRun
from .runner import EVALS_DIR, KINDS, EvalRun, Scored

HISTORY = EVALS_DIR / "history.jsonl"
COLUMNS = [
    ("questions", "n"),
    ("hit@1", "hit@1"),
    ("hit@5", "hit@5"),
    ("mrr", "MRR"),
    ("ndcg@10", "nDCG@10"),
    ("recall@10", "recall@10"),
    ("citation_precision", "cite P"),
    ("citation_recall", "cite R"),
    ("answered", "answered"),
    ("misanswered", "misanswered"),
    ("hedged", "hedged"),
    ("hedged_gold", "hedged gold"),
    ("declined", "declined"),
    ("abstention_precision", "abstain P"),
    ("abstention_recall", "abstain R"),
    ("keyword_recall", "keywords"),
    ("faithfulness", "faithful"),
    ("relevancy", "relevant"),
    ("latency_median_s", "median s"),
    ("latency_p95_s", "p95 s"),
]


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("s" if n != 1 else "")


def cell(name: str, value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if name in ("questions", "queries") else f"{value:.3f}"


def rows(metrics: dict[str, dict[str, float]]) -> tuple[list[str], list[list[str]]]:
    """The per-kind breakdown as text cells; a column appears only when some row has a value for it."""
    groups = [g for g in (*KINDS, "overall") if g in metrics]
    shown = [(key, label) for key, label in COLUMNS if any(key in metrics[g] for g in groups)]
    header = ["kind"] + [label for _, label in shown]
    body = [[group] + [cell(key, metrics[group].get(key)) for key, _ in shown] for group in groups]
    return header, body


def table(metrics: dict[str, dict[str, float]], title: str = "Eval") -> Table:
    """The breakdown turned on its side (a row per metric, a column per kind), so it fits a terminal."""
    header, body = rows(metrics)
    grid = Table(title=title, title_justify="left", box=box.SIMPLE, pad_edge=False)  # fits 80 columns
    grid.add_column("metric", no_wrap=True)
    for line in body:
        bold = "bold" if line[0] == "overall" else None
        grid.add_column(line[0], justify="right", min_width=len(line[0]), style=bold)
    for i, name in enumerate(header[1:], 1):
        grid.add_row(name, *(line[i] for line in body))
    return grid


def beir_table(run: BeirRun) -> Table:
    grid = Table(title=f"{run.dataset} ({run.split} split, collection '{run.collection}')", title_justify="left")
    for name in run.metrics:
        grid.add_column(name, justify="right")
    grid.add_row(*(cell(name, value) for name, value in run.metrics.items()))
    return grid


# --- history -----------------------------------------------------------------------------------------------
def history_line(run: EvalRun) -> dict[str, Any]:
    return {"timestamp": run.timestamp, "settings": run.settings, "metrics": run.metrics["overall"].values()}


def append_history(run: EvalRun, path: Path = HISTORY) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:  # one short line per run: an append is all or nothing
        f.write(json.dumps(history_line(run)) + "\n")


def read_history(path: Path = HISTORY) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def plot_history(history: Sequence[dict[str, Any]], path: Path) -> int:
    """One small chart per overall metric, runs in order along x; returns how many runs are drawn."""
    import matplotlib

    matplotlib.use("Agg")  # no display: CI and headless machines
    import matplotlib.pyplot as plt

    names = [key for key, _ in COLUMNS if key != "questions" and any(key in h["metrics"] for h in history)]
    cols = 4
    lines = math.ceil(len(names) / cols)
    fig, axes = plt.subplots(lines, cols, figsize=(4 * cols, 2.6 * lines), squeeze=False)
    runs = list(range(1, len(history) + 1))
    for ax, name in zip(axes.flat, names, strict=False):  # the grid may have spare cells
        values = [h["metrics"].get(name) for h in history]
        ax.plot(runs, values, marker="o")
        ax.set_title(name, fontsize=10)
        ax.set_xticks(runs if len(runs) <= 12 else runs[:: max(1, len(runs) // 12)])
        if not name.startswith("latency"):  # zoomed in, so that a drop of one question shows
            ax.set_ylim(max(0.0, min(v for v in values if v is not None) - 0.1), 1.02)
    for ax in list(axes.flat)[len(names) :]:
        ax.axis("off")
    fig.suptitle(
        f"Overall metrics over {plural(len(history), 'run')} ({history[0]['timestamp']} … {history[-1]['timestamp']})"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return len(history)


# --- the report --------------------------------------------------------------------------------------------
def failing(run: EvalRun) -> list[Scored]:
    return [r for r in run.per_question if r.problems]


def failure_lines(result: Scored) -> list[str]:
    gold = set(result.gold_titles)
    retrieved = [f"{i}. {t}" + (" (gold)" if t in gold else "") for i, t in enumerate(result.retrieved_titles, 1)]
    return [
        f"Problems: {'; '.join(result.problems)}",
        f"Gold: {'; '.join(result.gold_titles) or 'none (should abstain)'}",
        f"Retrieved: {' | '.join(retrieved)}",
        f"Cited: {'; '.join(result.cited_titles) or 'nothing'}",
    ]


def markdown(run: EvalRun, plot: str, runs: int) -> str:
    header, body = rows(run.table())
    lines = [
        f"# Eval report — {run.timestamp}",
        "",
        "Settings: " + ", ".join(f"`{k}={v}`" for k, v in run.settings.items()),
        *(f"\n> {note}" for note in run.notes),
        "",
        "## By kind",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(line) + " |" for line in body),
        "",
        f"## Overall metrics over {plural(runs, 'run')}",
        "",
        f"![Overall metrics over {plural(runs, 'run')}]({plot})",
        "",
        f"## Failing questions ({len(failing(run))} of {len(run.per_question)})",
    ]
    for result in failing(run):
        lines += ["", f"### {result.id} ({result.kind}): {result.question}", ""]
        lines += [f"- {line}" for line in failure_lines(result)]
    return "\n".join(lines) + "\n"


def html_page(run: EvalRun, plot: str, runs: int) -> str:
    header, body = rows(run.table())
    esc = html.escape
    table_html = "<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>"
    table_html += "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in line) + "</tr>" for line in body)
    failures = "".join(
        f"<h3>{esc(r.id)} ({esc(r.kind)}): {esc(r.question)}</h3><ul>"
        + "".join(f"<li>{esc(line)}</li>" for line in failure_lines(r))
        + "</ul>"
        for r in failing(run)
    )
    settings = ", ".join(f"<code>{esc(f'{k}={v}')}</code>" for k, v in run.settings.items())
    notes = "".join(f"<blockquote>{esc(n)}</blockquote>" for n in run.notes)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Eval report {esc(run.timestamp)}</title>"
        "<style>body{font-family:sans-serif;max-width:75em;margin:auto}td,th{padding:2px 8px;text-align:right}"
        "td:first-child{text-align:left}</style></head><body>"
        f"<h1>Eval report — {esc(run.timestamp)}</h1><p>Settings: {settings}</p>{notes}"
        f"<h2>By kind</h2>{table_html}</table>"
        f"<h2>Overall metrics over {plural(runs, 'run')}</h2>"
        f"<img src='{esc(plot)}' alt='Overall metrics over {plural(runs, 'run')}'>"
        f"<h2>Failing questions ({len(failing(run))} of {len(run.per_question)})</h2>{failures}</body></html>\n"
    )


def write_report(run: EvalRun, path: Path, history: Sequence[dict[str, Any]]) -> Path:
    """Markdown (or HTML, by the file's suffix) at `path`, with the plot beside it as <stem>.png."""
    from assistant.storage.files import write_atomic

    plot = path.with_suffix(".png")
    path.parent.mkdir(parents=True, exist_ok=True)
    runs = plot_history(history, plot)
    page = html_page if path.suffix.lower() in {".html", ".htm"} else markdown
    write_atomic(path, page(run, plot.name, runs))
    return plot

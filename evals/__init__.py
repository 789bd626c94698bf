"""Regression evals: `assistant eval` (or `python -m evals`) asks evals/questions.jsonl through the public API,
prints the metrics per kind, compares them with evals/baseline.json, and can score any BEIR dataset."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from . import report, runner

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def main(
    *,
    check: bool = False,
    update_baseline: bool = False,
    as_json: bool = False,
    report_path: Path | None = None,
    history: Path | None = None,
    no_history: bool = False,
    beir: Path | None = None,
    split: str = "test",
    questions: Path | None = None,
    collection: str | None = None,
) -> int:
    """Run the eval the options ask for and return the exit code: 1 when --check finds a regression."""
    if beir is not None:
        if check or update_baseline or report_path or questions:
            err.print(
                "[red]error:[/red] --check, --update-baseline, --report and --questions belong to the question set, "
                "not --beir"
            )
            return 2
        return run_beir(beir, split, as_json)
    if questions is not None and (check or update_baseline):
        err.print("[red]error:[/red] --check and --update-baseline hold evals/questions.jsonl to its baseline; "
                  f"{questions} has none")
        return 2
    from assistant import Assistant

    try:
        asked = runner.load_questions(questions or runner.QUESTIONS, split=split)
        baseline = runner.load_baseline() if questions is None and (check or not update_baseline) else None
    except FileNotFoundError as error:
        err.print(f"[red]error:[/red] no question file at {escape(str(error.filename))}")
        return 2
    except ValueError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}")
        return 2
    if not asked:
        err.print(f"[red]error:[/red] {questions or runner.QUESTIONS} has no questions in the {split} split")
        return 2
    assistant = Assistant(collection=collection, log=False)  # eval questions stay out of the user's history
    judge, skipped = runner.make_judge(assistant.settings)
    if skipped:
        err.print(skipped, markup=False)
    run = runner.evaluate(assistant, asked, judge)
    show(run, as_json)
    history = history or report.HISTORY
    past = report.read_history(history)
    if not no_history and questions is None:
        report.append_history(run, history)
    if report_path is not None:
        plot = report.write_report(run, report_path, [*past, report.history_line(run)])
        err.print(f"Report written to {report_path} (plot: {plot})")
    if update_baseline:
        runner.save_baseline(run)
        err.print(f"Baseline written to {runner.BASELINE}")
        return 0
    if questions is not None:
        return 0  # another question set: nothing to compare with
    return verdict(run, baseline, check)


def show(run: runner.EvalRun, as_json: bool) -> None:
    if as_json:
        data = {"metrics": run.table(), "per_question": [r.model_dump() for r in run.per_question]}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    split = run.settings.get("split", "all")
    out.print(report.table(run.table(), title=f"Eval of {len(run.per_question)} questions ({split} split)"))
    for note in run.notes:
        err.print(f"[yellow]note:[/yellow] {escape(note)}")


def verdict(run: runner.EvalRun, baseline: dict[str, Any] | None, check: bool) -> int:
    """Compare with the committed baseline; with --check a regression is exit code 1."""
    if baseline is None:
        err.print(f"No baseline at {runner.BASELINE}; make one with `assistant eval --update-baseline`.")
        return 2 if check else 0
    regressions, notes = runner.compare(run, baseline)
    for note in notes:
        err.print(f"[yellow]note:[/yellow] {escape(note)}")
    for regression in regressions:
        err.print(f"[red]regression:[/red] {escape(str(regression))}")
    if regressions:
        err.print(f"{len(regressions)} metrics are worse than the baseline or missing ({runner.BASELINE.name}).")
        return 1 if check else 0
    err.print("[green]No metric fell below the baseline.[/green]")
    return 0


def run_beir(directory: Path, split: str, as_json: bool) -> int:
    from . import beir

    try:
        result = beir.evaluate(directory, split)
    except (FileNotFoundError, ValueError) as error:
        err.print(f"[red]error:[/red] {escape(str(error))}")
        return 2
    if as_json:
        data = {"metrics": result.metrics, "per_question": [s.model_dump() for s in result.per_question]}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        out.print(report.beir_table(result))
    return 0

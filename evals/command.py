"""`assistant eval` and `python -m evals`: one command, defined here, that the CLI finds through the
`assistant.commands` entry point (pyproject.toml): the evals import the assistant, never the reverse."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.console import CollectionOpt, call


def eval_command(
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if a metric fell below evals/baseline.json.")] = False,
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="Write this run's metrics to evals/baseline.json.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print {metrics, per_question} as JSON.")] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write a Markdown (.md) or HTML (.html) report, plot beside it.")
    ] = None,
    history: Annotated[
        Path | None, typer.Option("--history", help="File each run's metrics are appended to (evals/history.jsonl).")
    ] = None,
    no_history: Annotated[bool, typer.Option("--no-history", help="Do not append this run to the history.")] = False,
    beir: Annotated[
        Path | None, typer.Option("--beir", help="Score retrieval on a BEIR dataset folder instead (own collection).")
    ] = None,
    split: Annotated[
        str,
        typer.Option(
            "--split", help="Questions: dev (tune on it), test (the reported figures) or all; BEIR: qrels/<split>.tsv."
        ),
    ] = "test",
    questions: Annotated[
        Path | None,
        typer.Option(
            "--questions",
            help="Another question file in the same format (e.g. evals/hard-extra.jsonl, for tuning): measured only, "
            "never compared with the baseline nor added to the history.",
        ),
    ] = None,
    collection: CollectionOpt = None,
) -> None:
    """Measure retrieval and answers on evals/questions.jsonl (hit@k, MRR, nDCG, citations, abstention) and
    compare them with the committed baseline; or score retrieval on a BEIR dataset with --beir."""
    from . import main

    code = call(
        lambda: main(
            check=check,
            update_baseline=update_baseline,
            as_json=as_json,
            report_path=report,
            history=history,
            no_history=no_history,
            beir=beir,
            split=split,
            questions=questions,
            collection=collection,
        )
    )
    raise typer.Exit(code)



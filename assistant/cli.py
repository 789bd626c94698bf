"""`assistant` on the command line: a thin layer over assistant.api."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console

from .answer import related_block, render, sources_block
from .api import Assistant, QuestionError
from .corpus import ReadError
from .index import StoreError
from .llm import SettingError
from .records import Answer

app = typer.Typer(
    help="Ask questions of a collection of research-paper abstracts. Every claim cites the paper it came from.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)

CollectionOpt = Annotated[
    str | None,
    typer.Option(
        "--collection", "-c", help="Named collection in the store (default: ASSISTANT_COLLECTION or 'default')."
    ),
]
T = TypeVar("T")


@contextmanager
def user_errors() -> Iterator[None]:
    """Mistakes in the input end with a one-line message and exit code 2, never a traceback."""
    try:
        yield
    except (QuestionError, ReadError, StoreError, SettingError, FileNotFoundError) as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from None
    except ValidationError as error:
        problems = "; ".join(f"ASSISTANT_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors())
        err.print(f"[red]error:[/red] bad setting: {problems}")
        raise typer.Exit(2) from None


def open_assistant(collection: str | None) -> Assistant:
    with user_errors():
        return Assistant(collection=collection)


def call(fn: Callable[[], T]) -> T:
    with user_errors():
        return fn()


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (.txt, .jsonl, .csv) to add.")] = None,
    collection: CollectionOpt = None,
) -> None:
    """Add abstracts to the collection and bring its index up to date (only new or changed text is embedded)."""
    assistant = open_assistant(collection)
    report = call(lambda: assistant.ingest(paths or None))
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}")
    out.print(
        f"{report.papers} papers, {report.chunks} chunks in '{assistant.settings.collection}': "
        f"{report.embedded} embedded, {report.removed} removed."
    )


CITATION_FIELDS = {"n", "title", "paper_id", "snippet", "score", "support", "weak"}


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "answer": answer.text,
        "citations": [c.model_dump(include=CITATION_FIELDS) for c in answer.citations],
        "abstained": answer.abstained,
        "mode": answer.mode,
        "usage": answer.usage.model_dump(),
        "notice": answer.notice,
        "dropped_citations": answer.dropped_citations,
        "grounded": answer.grounded,
        "related": [r.model_dump() for r in answer.related],
        "missing": answer.missing,
    }


def print_stream(pieces: Iterator[str | Answer]) -> Answer:
    """Print the model's words as they arrive, then what only the finished answer knows: notes and sources.
    If the model failed, the extractive answer that replaces its words is printed whole."""
    written = False
    for item in pieces:
        if isinstance(item, str):
            out.print(item, end="", markup=False)
            written = written or bool(item)
            continue
        if written:
            out.print()
        if item.mode != "llm":
            out.print(("\n" if written else "") + render(item), markup=False)
            return item
        notes = [f"Note: {item.notice}"] if item.notice else []
        notes += [f"Note: [{c.n}] is only weakly supported by its abstract (support {c.support:.2f})."
                  for c in item.citations if c.weak]
        blocks = [*notes, sources_block(item), related_block(item)]
        out.print("\n" + "\n\n".join(b for b in blocks if b).strip(), markup=False)
        return item
    raise RuntimeError("the answer stream ended without an answer")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question, in plain English.")],
    k: Annotated[int | None, typer.Option("--k", min=1, max=50, help="Papers to retrieve.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")] = False,
    collection: CollectionOpt = None,
) -> None:
    """Answer a question from the collection, citing the papers by title."""
    assistant = open_assistant(collection)
    if assistant.mode == "llm" and not as_json:
        call(lambda: print_stream(assistant.stream(question, k=k)))
        return
    answer = call(lambda: assistant.ask(question, k=k))
    if as_json:
        print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2))
    else:
        out.print(render(answer), markup=False)


@app.command()
def papers(
    query: Annotated[str | None, typer.Argument(help="Words to search titles and abstracts for.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Most papers to list for a query.")] = 20,
    collection: CollectionOpt = None,
) -> None:
    """List the papers in the collection, or those matching QUERY."""
    assistant = open_assistant(collection)
    found = call(lambda: assistant.papers(query, limit=limit))
    for paper in found:
        out.print(f"{paper.id}  {paper.title}", markup=False)
    if not query:
        err.print(f"{len(found)} papers in '{assistant.settings.collection}'")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port of the page.")] = 7860,
    share: Annotated[bool, typer.Option("--share", help="Also open a public gradio.live link.")] = False,
    collection: CollectionOpt = None,
) -> None:
    """Serve the chat page (http://127.0.0.1:7860); the first run builds the index. ASSISTANT_AUTH=user:pass
    asks for a login."""
    from .ui import launch

    assistant = open_assistant(collection)
    call(lambda: launch(assistant, host=host, port=port, share=share))


@app.command("eval")
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
    collection: CollectionOpt = None,
) -> None:
    """Measure retrieval and answers on evals/questions.jsonl (hit@k, MRR, nDCG, citations, abstention) and
    compare them with the committed baseline; or score retrieval on a BEIR dataset with --beir."""
    import evals

    code = call(
        lambda: evals.main(
            check=check,
            update_baseline=update_baseline,
            as_json=as_json,
            report_path=report,
            history=history,
            no_history=no_history,
            beir=beir,
            split=split,
            collection=collection,
        )
    )
    raise typer.Exit(code)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)

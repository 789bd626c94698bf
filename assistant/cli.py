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

from .answer import render
from .api import Assistant, QuestionError
from .corpus import ReadError
from .index import StoreError
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
    typer.Option("--collection", "-c", help="Named collection in the store (default: ASSISTANT_COLLECTION or 'default')."),
]
T = TypeVar("T")


@contextmanager
def user_errors() -> Iterator[None]:
    """Mistakes in the input end with a one-line message and exit code 2, never a traceback."""
    try:
        yield
    except (QuestionError, ReadError, StoreError, FileNotFoundError) as error:
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


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "answer": answer.text,
        "citations": [c.model_dump(include={"n", "title", "paper_id", "snippet", "score", "support", "weak"}) for c in answer.citations],
        "abstained": answer.abstained,
        "mode": answer.mode,
        "usage": answer.usage.model_dump(),
        "notice": answer.notice,
    }


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question, in plain English.")],
    k: Annotated[int | None, typer.Option("--k", min=1, max=50, help="Papers to retrieve.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")] = False,
    collection: CollectionOpt = None,
) -> None:
    """Answer a question from the collection, citing the papers by title."""
    assistant = open_assistant(collection)
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


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)

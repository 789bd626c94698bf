"""What the command line prints: one console for results, one for messages, and user mistakes turned into a
one-line message with exit code 2; the options every command shares. Used by `assistant` and `python -m evals`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from ..api import Assistant, IngestReport
from ..errors import AssistantError
from ..records import printable


class Terminal(Console):
    """A console that passes no control character or escape sequence of the text it is given: a title, an
    abstract or a model's reply could otherwise clear the screen, retitle the window or hide a link."""

    def print(self, *objects: Any, **options: Any) -> None:
        super().print(*(printable(o) if isinstance(o, str) else o for o in objects), **options)


# soft_wrap: rich would otherwise break long lines at 80 columns when the output is piped, and a warning
# that a script greps for must stay on one line.
out = Terminal(highlight=False, soft_wrap=True)
err = Terminal(stderr=True, highlight=False, soft_wrap=True)
T = TypeVar("T")
Format = Literal["text", "markdown", "bibtex"]
CollectionOpt = Annotated[
    str | None,
    typer.Option(
        "--collection", "-c", help="Named collection in the store (default: ASSISTANT_COLLECTION or 'default')."
    ),
]


def warn(message: str) -> None:
    err.print(f"[yellow]warning:[/yellow] {escape(one_line(message))}")


class WarningLine(logging.Handler):
    """The package's logged warnings (a history that cannot be written) as one `warning:` line each."""

    def emit(self, record: logging.LogRecord) -> None:
        warn(record.getMessage())


def show_warnings() -> None:
    logger = logging.getLogger("assistant")
    if not any(isinstance(h, WarningLine) for h in logger.handlers):
        logger.addHandler(WarningLine(logging.WARNING))
        logger.propagate = False  # a library's root handler would print the same warning a second time


@contextmanager
def user_errors() -> Iterator[None]:
    """Mistakes in the input end with a one-line message and exit code 2, never a traceback."""
    try:
        yield
    except AssistantError as error:
        err.print(f"[red]error:[/red] {escape(one_line(str(error)))}")
        raise typer.Exit(2) from None
    except ValidationError as error:
        problems = "; ".join(f"ASSISTANT_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors())
        err.print(f"[red]error:[/red] bad setting: {escape(one_line(problems))}")
        raise typer.Exit(2) from None


def open_assistant(collection: str | None) -> Assistant:
    with user_errors():
        return Assistant(collection=collection)


def call(fn: Callable[[], T]) -> T:
    with user_errors():
        return fn()


def one_line(text: str) -> str:
    return " ".join(text.split())


def ingested(report: IngestReport, collection: str) -> str:
    """The one line an ingest ends with."""
    cached = f"{report.cached} from the cache, " if report.cached else ""
    merged = f" {report.merged} repeated entries joined the paper they repeat." if report.merged else ""
    return (f"{report.papers} papers, {report.chunks} chunks in '{collection}': {report.embedded} embedded, "
            f"{cached}{report.removed} removed.{merged}")

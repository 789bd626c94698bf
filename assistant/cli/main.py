"""`assistant` on the command line: a thin layer over assistant.api. Other packages add commands through the
`assistant.commands` entry points (`assistant eval` comes from evals/, which imports the assistant, never the
reverse)."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated

import typer

from ..present.catalog import PER_PAGE, Sort
from ..present.formats import as_json, formatted
from ..present.text import related_block, render, sources_block
from ..records import Answer, MadeWith, Paper, printable
from . import fetch, history
from .console import CollectionOpt, Format, call, err, ingested, open_assistant, out, show_warnings, warn

app = typer.Typer(
    help="Ask questions of a collection of research-paper abstracts. Every claim cites the paper it came from.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def setup() -> None:
    """Ask questions of a collection of research-paper abstracts. Every claim cites the paper it came from."""
    show_warnings()  # what the package logs (a history that cannot be written) prints as one `warning:` line


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (.txt, .jsonl, .csv) to add.")] = None,
    collection: CollectionOpt = None,
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="Exit 2 at once if another ingest of the collection is running.")
    ] = False,
) -> None:
    """Add abstracts to the collection (creating it) and bring its index up to date: only new or changed text is
    embedded. Another ingest of the same collection running meanwhile is waited for. Ctrl-C stops it; running
    the same command again resumes where it stopped."""
    assistant = open_assistant(collection)
    try:
        report = call(lambda: assistant.ingest(paths or None, wait=not no_wait))
    except KeyboardInterrupt:
        again = shlex.join(["assistant", "ingest", *map(str, paths or []), *(["-c", collection] if collection else [])])
        err.print(
            f"stopped; {call(assistant.indexed_papers)} papers are indexed so far — run `{again}` again to resume",
            markup=False,
        )
        raise typer.Exit(130) from None
    for warning in report.warnings:
        warn(warning)
    out.print(ingested(report, assistant.settings.collection), markup=False)


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
    as_json_: Annotated[
        bool, typer.Option("--json", help="Print one JSON object (with the model and settings) instead of text.")
    ] = False,
    form: Annotated[
        Format, typer.Option("--format", help="text; markdown: the answer with its numbered references; bibtex: "
                             "the cited papers as BibTeX entries, for a paper's .bib.")
    ] = "text",
    collection: CollectionOpt = None,
) -> None:
    """Answer a question from the collection, citing the papers by title. Each answer is kept in the history
    (`assistant history`) unless ASSISTANT_LOG=off."""
    assistant = open_assistant(collection)
    if assistant.mode == "llm" and not as_json_ and form == "text":
        call(lambda: print_stream(assistant.stream(question, k=k)))
        return
    answer = call(lambda: assistant.ask(question, k=k))
    made = MadeWith.of(answer, assistant.settings, k)
    if as_json_:
        print(json.dumps(as_json(answer, made), ensure_ascii=False, indent=2))
    elif form != "text":
        print(printable(formatted(form, answer, made)), end="")
    else:
        out.print(render(answer), markup=False)


@app.command()
def papers(
    query: Annotated[str | None, typer.Argument(help="Words to search titles and abstracts for.")] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, help="Most papers: for a query (20), or per page.")
    ] = None,
    sort: Annotated[Sort, typer.Option("--sort", help="List by title or by source file.")] = "title",
    source: Annotated[str | None, typer.Option("--source", help="Only papers from this source file.")] = None,
    page: Annotated[int | None, typer.Option("--page", min=1, help="Page of the listing (25 papers a page).")] = None,
    collection: CollectionOpt = None,
) -> None:
    """List the papers in the collection (all, or a page), or those best matching QUERY. Year, authors and link
    follow on an indented line when the data has them."""
    assistant = open_assistant(collection)
    if query:
        show_papers(call(lambda: assistant.papers(query, limit=limit or 20)))
    else:
        per_page = limit or (PER_PAGE if page else sys.maxsize)  # neither --page nor -n: the whole collection
        listing = call(lambda: assistant.browse(sort, source, page or 1, per_page))
        show_papers(listing.papers)
        err.print(f"{listing.heading} in '{assistant.settings.collection}'", markup=False)
    if assistant.stale:
        err.print(f"note: {assistant.stale}", markup=False)


def show_papers(found: list[Paper]) -> None:
    for paper in found:
        out.print(f"{paper.id}  {paper.title}", markup=False)
        detail = " · ".join(x for x in [str(paper.year or ""), ", ".join(paper.authors), paper.url or ""] if x)
        if detail:
            out.print(f"    {detail}", markup=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port of the page.")] = 7860,
    share: Annotated[bool, typer.Option("--share", help="Also open a public gradio.live link.")] = False,
    collection: CollectionOpt = None,
) -> None:
    """Serve the chat page (http://127.0.0.1:7860); the first run builds the index. ASSISTANT_AUTH=user:pass
    asks for a login."""
    from ..web.page import launch

    assistant = open_assistant(collection)
    call(lambda: launch(assistant, host=host, port=port, share=share))


@app.command()
def doctor(
    repair: Annotated[bool, typer.Option("--repair", help="Fix what can be fixed, then check again.")] = False,
    collection: CollectionOpt = None,
) -> None:
    """Check every file of the collection and of the data folder, one line each: what is wrong, and what
    --repair does. Exit 1 while something is still wrong."""
    assistant = open_assistant(collection)
    findings = call(lambda: assistant.doctor(repair=repair))
    if repair:
        findings = call(assistant.doctor)  # what is left after the repairs
    for found in findings:
        if found.problem:
            out.print(f"problem  {found.file}: {found.problem}; --repair: {found.repair}", markup=False)
        else:
            out.print(f"ok       {found.file}", markup=False)
    if any(f.problem for f in findings):
        raise typer.Exit(1)


app.add_typer(history.app, name="history")
app.add_typer(fetch.app, name="fetch")
for point in entry_points(group="assistant.commands"):
    app.command(point.name)(point.load())


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)

"""`assistant fetch`: papers from the open catalogues (arXiv, OpenAlex, or a list of DOIs and arXiv ids) saved as a
source file of the collection, then ingested."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from .console import CollectionOpt, call, err, ingested, open_assistant, out, warn

app = typer.Typer(
    no_args_is_help=True,
    help="Fetch papers from the open catalogues into the collection: `fetch arxiv QUERY`, `fetch openalex QUERY`, "
    "`fetch ids FILE`. What comes is saved as a JSONL source file of the collection (in its fetched/ folder, with "
    "each paper's DOI and arXiv id), so the collection can be rebuilt without the network, and then ingested; "
    "papers the collection has already are skipped. Ctrl-C keeps what has come. Politely: one request to arXiv "
    "every 3 s (ASSISTANT_ARXIV_DELAY); set ASSISTANT_MAILTO to your e-mail, as OpenAlex asks.",
)
MaxOpt = Annotated[int, typer.Option("--max", min=1, max=10_000, help="Most papers to ask the catalogue for.")]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Only say how many papers would come (one request); write nothing.")
]


@app.command("arxiv")
def fetch_arxiv(
    query: Annotated[str, typer.Argument(help="Words to search arXiv for (all must appear), or arXiv's own syntax: "
                                         "'ti:finch AND cat:q-bio.NC'.")],
    limit: MaxOpt = 100,
    dry_run: DryRunOpt = False,
    collection: CollectionOpt = None,
) -> None:
    """Fetch the papers arXiv finds for QUERY (at most --max), then ingest them."""
    run(collection, "arxiv", query, ["arxiv", query, "--max", str(limit)], limit=limit, dry_run=dry_run)


@app.command("openalex")
def fetch_openalex(
    query: Annotated[str, typer.Argument(help="Words to search OpenAlex for (titles, abstracts, full texts).")],
    limit: MaxOpt = 100,
    since: Annotated[
        int | None, typer.Option("--since", min=1000, max=9999, help="Only papers published in this year or later.")
    ] = None,
    dry_run: DryRunOpt = False,
    collection: CollectionOpt = None,
) -> None:
    """Fetch the papers with an abstract that OpenAlex finds for QUERY (at most --max), then ingest them."""
    again = ["openalex", query, "--max", str(limit), *(["--since", str(since)] if since else [])]
    run(collection, "openalex", query, again, limit=limit, since=since, dry_run=dry_run)


@app.command("ids")
def fetch_ids(
    file: Annotated[Path, typer.Argument(help="A text file: one DOI or arXiv id a line (10.1038/…, "
                                         "https://doi.org/…, arXiv:2106.09685v2, https://arxiv.org/abs/…); "
                                         "# starts a comment.")],
    dry_run: DryRunOpt = False,
    collection: CollectionOpt = None,
) -> None:
    """Fetch the papers a file lists by DOI (from OpenAlex) and arXiv id (from arXiv), then ingest them. Lines that
    are neither, and identifiers no catalogue has, are reported."""
    run(collection, "ids", file, ["ids", str(file)], dry_run=dry_run)


def run(
    collection: str | None, catalogue: Literal["arxiv", "openalex", "ids"], query: str | Path, again: list[str],
    **options: Any,
) -> None:
    """Fetch, print what came and what the ingest did; Ctrl-C says what was kept and exits 130."""
    assistant = open_assistant(collection)
    name = assistant.settings.collection
    try:
        report = call(lambda: assistant.fetch(catalogue, query, saved=announce, **options))
    except KeyboardInterrupt as stop:
        err.print(stopped(getattr(stop, "report", None), shlex.join(["assistant", "fetch", *again, "-c", name]), name),
                  markup=False)
        raise typer.Exit(130) from None
    for problem in report.problems:
        warn(problem)
    if report.missing:
        warn(f"not found in {report.catalogue}: {', '.join(report.missing)}")
    if report.dry_run:
        if catalogue == "ids":
            line = (f"would ask {report.catalogue} for {report.expected:,} of the {report.total:,} papers listed "
                    f"({report.known:,} already in '{name}')")
        else:
            line = f"would fetch {report.expected:,} papers from {report.catalogue}; it has {report.total:,} for this"
        out.print(f"{line}. Nothing was written (--dry-run).", markup=False)
        return
    if report.path is None:
        out.print(f"nothing new from {report.catalogue}: {report.known} papers already in '{name}'.", markup=False)
    if report.ingest is not None:
        for warning in report.ingest.warnings:
            warn(warning)
        out.print(ingested(report.ingest, name), markup=False)  # as `assistant ingest` ends


def stopped(kept: Any, again: str, name: str) -> str:
    """What Ctrl-C left: the fetch's report when it stopped the fetch (None: it stopped the ingest)."""
    if kept is None:  # the fetched file is a source of the collection already: an ingest finishes the job
        return f"stopped; run `assistant ingest -c {name}` to finish the ingest"
    if kept.path is None:
        return f"stopped; nothing new had come for '{name}'"
    return (f"stopped; the {kept.new} new papers that came are kept in {kept.path}: `{again}` fetches the rest and "
            "ingests them")


def announce(report: Any) -> None:
    """The file is saved and the ingest about to start (report: the API's FetchReport)."""
    out.print(f"fetched {report.new} new papers from {report.catalogue} ({report.known} already in the collection) "
              f"into {report.path}; ingesting…", markup=False)

"""`assistant` on the command line: a thin layer over assistant.api."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from evals.command import eval_command

from .answer import related_block, render, sources_block
from .api import Assistant
from .catalog import PER_PAGE, Sort
from .console import call, err, out, show_warnings, user_errors, warn
from .formats import as_json, made_with, markdown
from .history import Entry, export_eval
from .records import Answer, Paper

app = typer.Typer(
    help="Ask questions of a collection of research-paper abstracts. Every claim cites the paper it came from.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def setup() -> None:
    """Ask questions of a collection of research-paper abstracts. Every claim cites the paper it came from."""
    show_warnings()  # what the package logs (a history that cannot be written) prints as one `warning:` line


CollectionOpt = Annotated[
    str | None,
    typer.Option(
        "--collection", "-c", help="Named collection in the store (default: ASSISTANT_COLLECTION or 'default')."
    ),
]


def open_assistant(collection: str | None) -> Assistant:
    with user_errors():
        return Assistant(collection=collection)


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
            f"stopped; {indexed_papers(assistant)} papers are indexed so far — run `{again}` again to resume",
            markup=False,
        )
        raise typer.Exit(130) from None
    for warning in report.warnings:
        warn(warning)
    cached = f"{report.cached} from the cache, " if report.cached else ""
    out.print(
        f"{report.papers} papers, {report.chunks} chunks in '{assistant.settings.collection}': "
        f"{report.embedded} embedded, {cached}{report.removed} removed."
    )


def indexed_papers(assistant: Assistant) -> int:
    """Papers whose vectors are stored: what resuming an interrupted ingest does not embed again."""
    chroma = assistant.index.chroma
    if chroma is None:  # stopped before the first batch was stored
        return 0
    stored = chroma.get(include=["metadatas"])
    return len({(meta or {}).get("paper_id") for meta in stored["metadatas"] or []})


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


Format = Literal["text", "markdown"]


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question, in plain English.")],
    k: Annotated[int | None, typer.Option("--k", min=1, max=50, help="Papers to retrieve.")] = None,
    as_json_: Annotated[
        bool, typer.Option("--json", help="Print one JSON object (with the model and settings) instead of text.")
    ] = False,
    form: Annotated[
        Format, typer.Option("--format", help="text, or markdown: the answer with its numbered references.")
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
    made = made_with(answer, assistant.settings, k)
    if as_json_:
        print(json.dumps(as_json(answer, made), ensure_ascii=False, indent=2))
    elif form == "markdown":
        print(markdown(answer, made), end="")
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
    from .ui import launch

    assistant = open_assistant(collection)
    call(lambda: launch(assistant, host=host, port=port, share=share))


app.command("eval")(eval_command)


# --- history -----------------------------------------------------------------------------------------------
class ListByDefault(TyperGroup):
    """`assistant history [QUERY]` lists; `history show ID` and `history export` are commands of their own."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # ctx: typer's own click Context
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = ["list", *args]
        return super().parse_args(ctx, args)


history_app = typer.Typer(
    cls=ListByDefault,
    help="Past answers (kept under ASSISTANT_HOME unless ASSISTANT_LOG=off): `history [QUERY] [-n N]` lists or "
    "searches them, `history show ID` reprints one, `history export --eval FILE` turns them into eval questions.",
)
app.add_typer(history_app, name="history")


@history_app.command("list")
def history_list(
    query: Annotated[str | None, typer.Argument(help="Words to find in past questions and answers.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most entries to list.")] = 20,
) -> None:
    """List the latest answers, or those whose question or answer holds QUERY's words."""
    assistant = open_assistant(None)
    found = call(lambda: assistant.history.search(query, limit=limit))
    for item in found:
        cited = ", ".join(f"[{c.n}] {c.title}" for c in item.answer.citations) or "nothing cited"
        out.print(f"#{item.id}  {when(item)}  {item.answer.question}", markup=False)
        out.print(f"      {item.answer.mode}, '{item.made.collection}': {cited}", markup=False)
    if not found:
        err.print("No answers match." if query else "No answers yet: ask one with `assistant ask`.", markup=False)


def when(item: Entry) -> str:
    return item.asked_at.astimezone().strftime("%Y-%m-%d %H:%M")


@history_app.command("show")
def history_show(
    entry_id: Annotated[int, typer.Argument(metavar="ID", help="The answer's number, as `assistant history` lists.")],
    as_json_: Annotated[bool, typer.Option("--json", help="Print the entry as JSON.")] = False,
    form: Annotated[Format, typer.Option("--format", help="text, or markdown with numbered references.")] = "text",
) -> None:
    """Reprint a past answer with its sources."""
    assistant = open_assistant(None)
    item = call(lambda: assistant.history.get(entry_id))
    if as_json_:
        print(json.dumps({"id": item.id, "asked_at": item.asked_at.isoformat(), **as_json(item.answer, item.made)},
                         ensure_ascii=False, indent=2))
        return
    if form == "markdown":
        print(markdown(item.answer, item.made), end="")
        return
    how = f"LLM ({item.made.model})" if item.made.model else item.answer.mode
    out.print(f"#{item.id} · {when(item)} · '{item.made.collection}' · {how} · {item.answer.usage.latency_s:.2f} s",
              markup=False)
    out.print(f"Q: {item.answer.question}\n\n{render(item.answer)}", markup=False)
    if item.related:
        out.print("\nRelated:\n" + "\n".join(f"- {r.title}" for r in item.related), markup=False)


@history_app.command("export")
def history_export(
    eval_file: Annotated[
        Path, typer.Option("--eval", help="The eval file to add the questions to (JSONL, made if missing).")
    ],
    correct: Annotated[
        list[str],
        typer.Option("--correct", help="ID:N,N — an answer and the numbers of its citations that are right "
                     "(its gold papers). ID:none makes it an off-topic question. Repeat for more answers."),
    ],
) -> None:
    """Turn past answers into eval questions (evals/questions.jsonl's format), so the questions people really
    asked become regression cases: `assistant history export --eval mine.jsonl --correct 12:1 --correct 15:1,3,4`.
    Questions the file already holds are skipped."""
    assistant = open_assistant(None)
    with user_errors():
        chosen = [(assistant.history.get(entry_id), numbers) for entry_id, numbers in map(marked, correct)]
        added = export_eval(eval_file, chosen)
    err.print(f"{added} question(s) added to {eval_file}" + (f", {len(chosen) - added} already there"
              if added < len(chosen) else ""), markup=False)


def marked(value: str) -> tuple[int, list[int]]:
    """'12:1,3' → (12, [1, 3]); '12:none' → (12, [])."""
    entry_id, sep, numbers = value.partition(":")
    try:
        if not sep or not numbers.strip():
            raise ValueError
        cited = [] if numbers.strip().lower() == "none" else [int(n) for n in numbers.split(",")]
        return int(entry_id), cited
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} should be ID:N,N (an answer's number and its correct citations), or ID:none",
            param_hint="--correct",
        ) from None


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)

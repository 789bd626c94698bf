"""`assistant history`: past answers listed, searched, reprinted, and turned into eval questions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ..present.export import export_eval
from ..present.formats import as_json, formatted
from ..present.text import render
from ..records import Entry, printable
from .console import Format, call, err, open_assistant, out, user_errors


class ListByDefault(TyperGroup):
    """`assistant history [QUERY]` lists; `history show ID` and `history export` are commands of their own."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # ctx: typer's own click Context
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = ["list", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=ListByDefault,
    help="Past answers (kept under ASSISTANT_HOME unless ASSISTANT_LOG=off): `history [QUERY] [-n N]` lists or "
    "searches them, `history show ID` reprints one, `history export --eval FILE` turns them into eval questions.",
)


@app.command("list")
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
        outcome = ", hedged" if item.answer.hedged else ", declined" if item.answer.abstained else ""
        out.print(f"      {item.answer.mode}{outcome}, '{item.made.collection}': {cited}", markup=False)
    if not found:
        err.print("No answers match." if query else "No answers yet: ask one with `assistant ask`.", markup=False)


def when(item: Entry) -> str:
    return item.asked_at.astimezone().strftime("%Y-%m-%d %H:%M")


@app.command("show")
def history_show(
    entry_id: Annotated[int, typer.Argument(metavar="ID", help="The answer's number, as `assistant history` lists.")],
    as_json_: Annotated[bool, typer.Option("--json", help="Print the entry as JSON.")] = False,
    form: Annotated[
        Format, typer.Option("--format", help="text; markdown with numbered references; bibtex: the cited papers.")
    ] = "text",
) -> None:
    """Reprint a past answer with its sources."""
    assistant = open_assistant(None)
    item = call(lambda: assistant.history.get(entry_id))
    if as_json_:
        print(json.dumps({"id": item.id, "asked_at": item.asked_at.isoformat(), **as_json(item.answer, item.made)},
                         ensure_ascii=False, indent=2))
        return
    if form != "text":
        print(printable(formatted(form, item.answer, item.made)), end="")
        return
    how = f"LLM ({item.made.model})" if item.made.model else item.answer.mode
    out.print(f"#{item.id} · {when(item)} · '{item.made.collection}' · {how} · {item.answer.usage.latency_s:.2f} s",
              markup=False)
    out.print(f"Q: {item.answer.question}\n\n{render(item.answer)}", markup=False)
    if item.related:
        out.print("\nRelated:\n" + "\n".join(f"- {r.title}" for r in item.related), markup=False)


@app.command("export")
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

"""`python -m evals` is `assistant eval`: the same command, options and help."""

import typer

from .command import eval_command

app = typer.Typer(add_completion=False)
app.command()(eval_command)

if __name__ == "__main__":
    app(prog_name="python -m evals")

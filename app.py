"""The chat page: `python app.py [--host 127.0.0.1] [--port 7860] [--share] [--collection NAME]`.

It is `assistant serve` under another name; the page itself lives in assistant/web/ so that the installed
command finds it too."""

from __future__ import annotations

import typer

from assistant.cli.main import serve

if __name__ == "__main__":
    typer.run(serve)

"""An OpenAI-compatible server that replays model replies written beforehand, to measure the LLM mode on a
machine that reaches no model.

    python benchmarks/replay.py --imagined evals/imagined-generic.jsonl [--answers FILE] [--record FILE] [--port N]
    OPENAI_API_KEY=replay OPENAI_BASE_URL=http://127.0.0.1:8765/v1 assistant eval --split test

It is the tests' local server (tests/openai_server.py), answering from files instead of a script. A request for
an imagined abstract (prompts/hypothetical.txt) gets the one on file for its question; a request for an answer
gets the reply on file for its question (`{"question", "answer"}` lines). Anything else, and any question with
nothing on file, gets HTTP 400, which the assistant treats as a failed model call (the answer falls back to
extractive; an LLM judge leaves the question unjudged). With --record, every answer request's messages are
appended to a file as `{"question", "messages"}`, so that replies can be written for exactly what the
assistant sends. Streamed requests are answered streamed, as the CLI and the chat page ask."""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from openai_server import IMAGINE, OpenAIServer, Reply, Request  # noqa: E402

ASKED = re.compile(r"^Question: (.*)$", re.MULTILINE)


def replies(path: Path | None, field: str) -> dict[str, str]:
    if path is None:
        return {}
    return {row["question"]: row[field] for row in map(json.loads, filter(str.strip, path.read_text().splitlines()))}


class Replay(OpenAIServer):
    def __init__(self, imagined: dict[str, str], answers: dict[str, str], record: Path | None, port: int) -> None:
        super().__init__(port=port)
        self.imagined_on_file, self.answers, self.record = imagined, answers, record

    def take(self, request: Request) -> Reply:
        asked = ASKED.findall(request.user)  # the last one: the question comes after the sources
        question = asked[-1].strip() if asked else ""
        if request.user.startswith(IMAGINE):
            return found(self.imagined_on_file.get(question))
        if asked and "<sources>" in request.user:
            if self.record is not None:
                with self._lock, self.record.open("a") as out:
                    out.write(json.dumps({"question": question, "messages": request.messages}) + "\n")
            return found(self.answers.get(question))
        return Reply(status=400, error="nothing on file for this request")


def found(text: str | None) -> Reply:
    """The reply on file, reporting no usage (the assistant then counts it with tiktoken); HTTP 400 if none."""
    if text is None:
        return Reply(status=400, error="no reply on file for this question")
    return Reply(text, usage=None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--imagined", type=Path, default=ROOT / "evals" / "imagined-generic.jsonl")
    parser.add_argument("--answers", type=Path, default=None)
    parser.add_argument("--record", type=Path, default=None)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = Replay(replies(args.imagined, "abstract"), replies(args.answers, "answer"), args.record, args.port)
    server.start()
    print(f"replaying on {server.url}", flush=True)
    threading.Event().wait()  # until killed


if __name__ == "__main__":
    main()

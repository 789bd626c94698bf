"""An OpenAI-compatible server that replays model replies written beforehand, to measure the LLM mode on a
machine that reaches no model.

    python benchmarks/replay.py --imagined evals/imagined-generic.jsonl [--answers FILE] [--record FILE] [--port N]
    OPENAI_API_KEY=replay OPENAI_BASE_URL=http://127.0.0.1:8765/v1 assistant eval --split test

A request for an imagined abstract (prompts/hypothetical.txt) gets the one on file for its question; a request
for an answer gets the reply on file for its question (`{"question", "answer"}` lines). Anything else, and any
question with nothing on file, gets HTTP 400, which the assistant treats as a failed model call (the answer
falls back to extractive; an LLM judge leaves the question unjudged). With --record, every answer request's
messages are appended to a file as `{"question", "messages"}`, so that replies can be written for exactly what
the assistant sends. A streamed request gets the whole reply as one chunk (the CLI and the chat page stream)."""

from __future__ import annotations

import argparse
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
IMAGINE = (ROOT / "prompts" / "hypothetical.txt").read_text().split(".")[0]
ASKED = re.compile(r"^Question: (.*)$", re.MULTILINE)


def replies(path: Path | None, field: str) -> dict[str, str]:
    if path is None:
        return {}
    return {row["question"]: row[field] for row in map(json.loads, filter(str.strip, path.read_text().splitlines()))}


def serve(imagined: dict[str, str], answers: dict[str, str], record: Path | None, port: int) -> None:
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            messages = body.get("messages", [])
            user = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
            asked = ASKED.findall(user)  # the last one: the question comes after the sources
            question = asked[-1].strip() if asked else None
            if user.startswith(IMAGINE):
                return self.found(body, imagined.get(question or ""))
            if question is not None and "<sources>" in user:
                if record is not None:
                    with lock, record.open("a") as out:
                        out.write(json.dumps({"question": question, "messages": messages}) + "\n")
                return self.found(body, answers.get(question))
            return self.reply(400, error="nothing on file for this request")

        def found(self, body: dict[str, Any], text: str | None) -> None:
            if text is None:
                return self.reply(400, error="no reply on file for this question")
            if body.get("stream"):  # the whole reply as one chunk
                return self.stream(body, text)
            message = {"role": "assistant", "content": text}
            self.reply(200, payload={
                "id": "replay", "object": "chat.completion", "created": 0, "model": body.get("model", ""),
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            })

        def stream(self, body: dict[str, Any], text: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for delta, finish in (({"role": "assistant", "content": text}, None), ({}, "stop")):
                chunk = {
                    "id": "replay", "object": "chat.completion.chunk", "created": 0, "model": body.get("model", ""),
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                }
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")

        def reply(self, status: int, payload: dict[str, Any] | None = None, error: str = "") -> None:
            data = json.dumps(payload or {"error": {"message": error, "type": "invalid_request_error"}}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"replaying on http://127.0.0.1:{server.server_address[1]}/v1", flush=True)
    server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--imagined", type=Path, default=ROOT / "evals" / "imagined-generic.jsonl")
    parser.add_argument("--answers", type=Path, default=None)
    parser.add_argument("--record", type=Path, default=None)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    serve(replies(args.imagined, "abstract"), replies(args.answers, "answer"), args.record, args.port)


if __name__ == "__main__":
    main()

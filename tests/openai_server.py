"""A local OpenAI-compatible server for tests: /v1/chat/completions, streamed (SSE) or not, with scripted
replies and every request recorded. The real `openai` client talks to it over HTTP, so retries, timeouts and
streaming are exercised exactly as against a real server.

    server = OpenAIServer()
    server.start()
    server.script(Reply(status=429, headers={"Retry-After": "1"}), Reply("It works [1]."))
    ...                      # point OPENAI_BASE_URL at server.url
    server.requests[0].user  # the user message the model was sent
    server.stop()
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ERRORS = {
    401: "invalid_api_key",
    403: "permission_denied",
    404: "model_not_found",
    429: "rate_limit_exceeded",
}


class LocalServer:
    """An HTTP server on a loopback port (a free one unless given), served from a thread; `url` is its
    OpenAI-style base URL."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], port: int = 0) -> None:
        self._http = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._http.daemon_threads = True  # a handler still sleeping out a timeout test never blocks shutdown

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}/v1"

    def start(self) -> None:
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()


class JSONHandler(BaseHTTPRequestHandler):
    """Reads a JSON request body and sends JSON replies, quietly."""

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def read_json(self) -> dict[str, Any]:
        return json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")

    def send_json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


@dataclass
class Reply:
    """One scripted answer. `usage`: the (prompt, completion) tokens the server reports; None reports none.
    `error`: the message of a reply whose status is not 200."""

    text: str = "The sources say so [1]."
    status: int = 200
    error: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    usage: tuple[int, int] | None = (321, 45)


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float = field(default_factory=time.monotonic)

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    @property
    def system(self) -> str:
        return next((m["content"] for m in self.messages if m["role"] == "system"), "")

    @property
    def user(self) -> str:
        return next((m["content"] for m in reversed(self.messages) if m["role"] == "user"), "")


IMAGINE = (Path(__file__).resolve().parents[1] / "prompts" / "hypothetical.txt").read_text().split(".")[0]


class OpenAIServer(LocalServer):
    """Answers with the scripted replies in order, then with `default`. Requests for a hypothetical abstract
    (prompts/hypothetical.txt) are kept apart, in `imagined`: they get the replies of `imagine`, else an empty
    one, which leaves the search and the coverage check to the question alone."""

    def __init__(self, default: Reply | None = None, port: int = 0) -> None:
        self.default = default or Reply()
        self.replies: deque[Reply] = deque()
        self.requests: list[Request] = []
        self.imaginings: deque[Reply] = deque()
        self.imagined: list[Request] = []
        self._lock = threading.Lock()
        super().__init__(_handler(self), port)

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def imagine(self, *replies: Reply) -> None:
        self.imaginings.extend(replies)

    def take(self, request: Request) -> Reply:
        with self._lock:
            if request.user.startswith(IMAGINE):
                self.imagined.append(request)
                return self.imaginings.popleft() if self.imaginings else Reply("")
            self.requests.append(request)
            return self.replies.popleft() if self.replies else self.default


def completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", ""),
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": reply.text}, "finish_reason": "stop"}
        ],
    }
    if reply.usage:
        out["usage"] = usage(reply.usage)
    return out


def usage(counts: tuple[int, int]) -> dict[str, int]:
    return {"prompt_tokens": counts[0], "completion_tokens": counts[1], "total_tokens": sum(counts)}


def chunks(body: dict[str, Any], reply: Reply) -> list[dict[str, Any]]:
    """The reply as stream chunks, a word at a time; usage last, only if the client asked for it."""

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return {
            "id": "chatcmpl-test",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": body.get("model", ""),
            "choices": [choice],
        }

    out = [chunk({"role": "assistant", "content": ""})]
    out += [chunk({"content": word}) for word in re.findall(r"\s*\S+", reply.text)]
    out.append(chunk({}, "stop"))
    if reply.usage and (body.get("stream_options") or {}).get("include_usage"):
        out.append({**chunk({}), "choices": [], "usage": usage(reply.usage)})
    return out


def _handler(server: OpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(JSONHandler):
        def do_POST(self) -> None:
            body = self.read_json()
            reply = server.take(Request(self.path, dict(self.headers), body))
            time.sleep(reply.delay)
            try:
                if reply.status != 200:
                    self.send_json(
                        reply.status,
                        {
                            "error": {
                                "message": reply.error or f"scripted HTTP {reply.status}",
                                "type": ERRORS.get(reply.status, "server_error"),
                                "code": ERRORS.get(reply.status),
                            }
                        },
                        reply.headers,
                    )
                elif body.get("stream"):
                    self.stream(chunks(body, reply))
                else:
                    self.send_json(200, completion(body, reply), reply.headers)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nobody is listening any more

        def stream(self, events: list[dict[str, Any]]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for event in events:
                self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")

    return Handler

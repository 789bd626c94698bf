"""A local OpenAI-compatible /v1/embeddings server for tests: hashed bag-of-words vectors (64 numbers, the
same text always gives the same vector), every request recorded. The real `openai` client talks to it over
HTTP, including its default base64 encoding of the vectors.

    server = EmbeddingServer()
    server.start()
    ...                              # point OPENAI_BASE_URL at server.url
    server.requests[0]["model"]      # 'text-embedding-3-small'
    server.stop()
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np

DIMENSIONS = 64


def vector(text: str) -> np.ndarray:
    out = np.zeros(DIMENSIONS, dtype=np.float32)
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        out[int(hashlib.md5(word.encode()).hexdigest(), 16) % DIMENSIONS] += 1.0
    return out / max(float(np.linalg.norm(out)), 1e-9)


def encode(values: np.ndarray, encoding_format: str) -> Any:
    if encoding_format == "base64":
        return base64.b64encode(values.astype("<f4").tobytes()).decode()
    return values.tolist()


class EmbeddingServer:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._http.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}/v1"

    @property
    def texts(self) -> int:
        return sum(len(r["input"]) if isinstance(r["input"], list) else 1 for r in self.requests)

    def start(self) -> None:
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()


def embeddings(body: dict[str, Any]) -> dict[str, Any]:
    texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
    form = body.get("encoding_format") or "float"
    data = [{"object": "embedding", "index": i, "embedding": encode(vector(t), form)} for i, t in enumerate(texts)]
    tokens = sum(len(t.split()) for t in texts)
    return {
        "object": "list",
        "data": data,
        "model": body.get("model", ""),
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }


def _handler(server: EmbeddingServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            if self.path.rstrip("/") != "/v1/embeddings":
                return self.reply(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            server.requests.append(body)
            server.headers.append(dict(self.headers))
            self.reply(200, embeddings(body))

        def reply(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler

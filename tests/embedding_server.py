"""A local OpenAI-compatible /v1/embeddings server for tests: hashed bag-of-words vectors (64 numbers, the
same text always gives the same vector) or the vectors of a model you give it, every request recorded. The
real `openai` client talks to it over HTTP, including its default base64 encoding of the vectors.

    server = EmbeddingServer()               # or EmbeddingServer(embed=model.embed), as TEI or vLLM would

    server.start()
    ...                              # point OPENAI_BASE_URL at server.url
    server.requests[0]["model"]      # 'text-embedding-3-small'
    server.stop()
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from typing import Any

import numpy as np
from openai_server import JSONHandler, LocalServer

DIMENSIONS = 64


def vector(text: str) -> np.ndarray:
    """The default: a hashed bag of words."""
    out = np.zeros(DIMENSIONS, dtype=np.float32)
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        out[int(hashlib.md5(word.encode()).hexdigest(), 16) % DIMENSIONS] += 1.0
    return out / max(float(np.linalg.norm(out)), 1e-9)


def encode(values: np.ndarray, encoding_format: str) -> Any:
    if encoding_format == "base64":
        return base64.b64encode(values.astype("<f4").tobytes()).decode()
    return values.tolist()


def hashed(texts: list[str]) -> np.ndarray:
    return np.stack([vector(t) for t in texts])


class EmbeddingServer(LocalServer):
    def __init__(self, embed: Callable[[list[str]], np.ndarray] = hashed) -> None:
        self.embed = embed
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        super().__init__(_handler(self))

    @property
    def texts(self) -> int:
        return sum(len(r["input"]) if isinstance(r["input"], list) else 1 for r in self.requests)


def embeddings(body: dict[str, Any], embed: Callable[[list[str]], np.ndarray]) -> dict[str, Any]:
    texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
    form = body.get("encoding_format") or "float"
    data = [{"object": "embedding", "index": i, "embedding": encode(v, form)} for i, v in enumerate(embed(texts))]
    tokens = sum(len(t.split()) for t in texts)
    return {
        "object": "list",
        "data": data,
        "model": body.get("model", ""),
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }


def _handler(server: EmbeddingServer) -> type[JSONHandler]:
    class Handler(JSONHandler):
        def do_POST(self) -> None:
            body = self.read_json()
            if self.path.rstrip("/") != "/v1/embeddings":
                return self.send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            server.requests.append(body)
            server.headers.append(dict(self.headers))
            self.send_json(200, embeddings(body, server.embed))

    return Handler

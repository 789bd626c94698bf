"""Figures of a scale run, checked against the targets: a section appended to benchmarks/RESULTS.md, every
size kept in benchmarks/scale-results.json, and each figure plotted against collection size in
benchmarks/scale.png."""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GIB = 1024**3
SIZES = ("5k", "50k", "200k")


PREAMBLE = """# Benchmark results

Sections are appended by `python benchmarks/scale.py --size 5k|50k|200k` (one per run, newest last); every
size's latest figures are in `scale-results.json` and plotted against collection size in `scale.png`.

With `--vectors simulated` the chunk vectors are a **simulation** of the embedding model's output: every
distinct sentence of the real abstracts the synthetic papers are built from was embedded once by the real
all-MiniLM-L6-v2, and a chunk's vector is the normalised mean of its sentences' vectors. Everything else —
Chroma, BM25, the paper records, the query path, and the real model embedding each question and the 100
added papers — runs for real. The real model's throughput, measured on a sample of the same chunks, is given
beside each run, with the ingest time and model share it implies (projections).
"""


def median(values: list[float]) -> float:
    return statistics.median(values)


GIB = 1024**3
# (key, label, unit, {size: (target, "<=" or ">=")})
FIGURES: list[tuple[str, str, str, dict[str, tuple[float, str]]]] = [
    ("ingest_papers_per_s", "ingest throughput", "papers/s", {}),
    ("model_share", "share of ingest time in the embedding model", "", {"5k": (0.85, ">=")}),
    ("ingest_peak_rss_gib", "peak RSS while ingesting", "GiB", {"200k": (2.0, "<=")}),
    ("store_mib", "store size on disk", "MiB", {}),
    ("reingest_s", "re-ingest, nothing changed", "s", {"200k": (5.0, "<=")}),
    ("add100_s", "adding 100 papers (real model)", "s", {"200k": (60.0, "<=")}),
    ("retrieve_p50_ms", "warm retrieve p50", "ms", {}),
    ("retrieve_p95_ms", "warm retrieve p95", "ms", {"5k": (50.0, "<="), "200k": (200.0, "<=")}),
    ("ask_p50_ms", "offline ask p50", "ms", {}),
    ("ask_p95_ms", "offline ask p95", "ms", {"200k": (500.0, "<=")}),
    ("fresh_total_s", "fresh process to first answer", "s", {}),
    ("cli_ask_s", "`assistant ask` process wall time", "s", {}),
    ("serve_rss_gib", "memory of a serving process", "GiB", {"200k": (3.0, "<=")}),
]


def figures(found: dict[str, Any]) -> dict[str, float]:
    """The figures of the table; those of steps a stopped run did not reach are NaN."""
    nan = float("nan")
    ingest, serve = found["ingest"], found.get("serve", {})
    real_cps = found.get("throughput", {}).get("chunks_per_s", nan)
    model_s = ingest["embedded"] / real_cps  # what the real model would have spent on these chunks
    rest_s = ingest["seconds"] - ingest["embed_seconds"]
    out = {
        "papers": ingest["papers"],
        "chunks": ingest["chunks"],
        "ingest_s": ingest["seconds"],
        "ingest_papers_per_s": ingest["papers"] / ingest["seconds"],
        "ingest_chunks_per_s": ingest["chunks"] / ingest["seconds"],
        "embed_share": ingest["embed_seconds"] / ingest["seconds"],
        "real_model_chunks_per_s": real_cps,
        "projected_real_ingest_s": rest_s + model_s,
        "projected_embed_share": model_s / (rest_s + model_s),
        "ingest_peak_rss_gib": ingest["peak_rss"] / GIB,
        "store_mib": found.get("store_bytes", nan) / 2**20,
        "reingest_s": median([r["seconds"] for r in found.get("reingest", [])] or [nan]),
        "add100_s": median([r["seconds"] for r in found.get("add", [])] or [nan]),
        "cli_ask_s": median(found.get("cli_ask_s") or [nan]),
        "serve_rss_gib": serve.get("rss", nan) / GIB,
    }
    # With simulated vectors the share the real model would take is a projection from its measured throughput.
    out["model_share"] = out["embed_share"] if found.get("vectors") == "real" else out["projected_embed_share"]
    for key in ("retrieve_p50_ms", "retrieve_p95_ms", "ask_p50_ms", "ask_p95_ms"):
        out[key] = serve.get(key, nan)
    for step in ("imports", "model_load", "store_open", "first_answer", "total"):
        out[f"fresh_{step}_s"] = median([f[step] for f in found.get("fresh", [])] or [nan])
    return out


def number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def verdict(value: float, target: tuple[float, str] | None) -> str:
    if value != value:  # NaN: the run stopped before this step
        return "not measured (the step failed or the run stopped first)"
    if target is None:
        return "–"
    bound, sense = target
    met = value <= bound if sense == "<=" else value >= bound
    return f"{sense.replace('<=', '≤').replace('>=', '≥')} {bound:g}: {'met' if met else '**missed**'}"


def section(size: str, vectors: str, repeat: int, found: dict[str, Any], got: dict[str, float]) -> str:
    server = found.get("chroma") == "server"
    described = (
        "**simulated** (normalised means of the real model's cached sentence vectors; see benchmarks/scale_data.py)"
        if vectors == "simulated"
        else "the real model (all-MiniLM-L6-v2 on CPU)"
    )
    lines = [
        f"## Scale: {size}{', vectors on a Chroma server' if server else ''}"
        f"{', sentence vectors kept' if found.get('keep_sentences') else ''} "
        f"({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores)",
        "",
        f"`{found.get('command', f'python benchmarks/scale.py --size {size} --repeat {repeat}')}` — "
        f"{got['papers']:,} papers ({', '.join(found.get('collection', []))}), {got['chunks']:,} chunks; "
        f"vectors: {described}. Load average "
        f"{found['load_average'][0]:.1f} at the start, {found['load_average'][1]:.1f} at the end "
        "(the machine is shared).",
        "",
        "| figure | value | target |",
        "|---|---|---|",
    ]
    for key, label, unit, targets in FIGURES:
        value = "–" if got[key] != got[key] else f"{number(got[key])} {unit}".strip()
        check = verdict(got[key], targets.get(size))
        if key == "model_share" and vectors == "simulated":  # not measured: projected from the model's throughput
            value, check = f"{value} (projected)", f"{check} (projection)"
        lines.append(f"| {label} | {value} | {check} |")
    lines.append("")
    if server:
        memory = found.get("server", {})
        ingest, serve = memory.get("ingest", {}), memory.get("serve", {})
        lines.append(
            "The vectors were in a `chroma run` process on the same machine (`--chroma server`), so the memory "
            "figures above are the assistant's processes'. The server's own: peak RSS while ingesting "
            f"{ingest.get('peak_rss', float('nan')) / GIB:.2f} GiB, RSS after serving the questions "
            f"{serve.get('rss', float('nan')) / GIB:.2f} GiB."
        )
    for step, error in found.get("failed", {}).items():
        lines.append(f"**The {step} step failed:** `{error}`.")
    if not found.get("complete"):
        lines.append("**This run was stopped before it finished** (a deadline); what it did not reach is marked.")
    if "fresh" in found:
        lines.append(
            f"Fresh process, medians of {len(found['fresh'])}: imports {got['fresh_imports_s']:.2f} s, model load "
            f"{got['fresh_model_load_s']:.2f} s, store open (the commit, paper ids and hashes) "
            f"{got['fresh_store_open_s']:.2f} s, "
            f"first answer {got['fresh_first_answer_s']:.2f} s."
        )
    if "throughput" in found:
        lines.append(
            f"The real model on {found['throughput']['chunks']} chunks of this collection: "
            f"{got['real_model_chunks_per_s']:.1f} chunks/s."
        )
    if vectors == "simulated":
        lines.append(
            f"The measured ingest ({got['ingest_s']:.0f} s) spent {got['embed_share']:.1%} in the simulated model "
            f"(the share in the table is the projected one); "
            f"with the real model at the throughput above it would take about "
            f"{got['projected_real_ingest_s'] / 3600:.1f} h, {got['projected_embed_share']:.1%} of it in the model "
            "(a projection). Adding 100 papers uses the real model."
        )
    return "\n".join(lines) + "\n"


def plot(results: dict[str, dict[str, float]]) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(4, 4, figsize=(16, 13))
    for ax, (key, label, unit, targets) in zip(axes.flat, FIGURES, strict=False):
        for suffix, setup in (("", "embedded Chroma"), ("-server", "Chroma server")):
            kind = [f"{size}{suffix}" for size in SIZES]
            sizes = sorted((s for s in results if s in kind), key=lambda s: results[s]["papers"])
            if sizes:
                xs = [results[s]["papers"] for s in sizes]
                ax.plot(xs, [results[s][key] for s in sizes], marker="o", label=setup)
        for size, (bound, _) in targets.items():
            ax.axhline(bound, linestyle="--", color="red", linewidth=0.8, label=f"target at {size}")
        ax.set_xscale("log")
        ax.set_title(label, fontsize=9)
        ax.set_xlabel("papers")
        ax.set_ylabel(unit)
        ax.legend(fontsize=7)
    for ax in list(axes.flat)[len(FIGURES) :]:
        ax.axis("off")
    fig.tight_layout()
    path = HERE / "scale.png"
    fig.savefig(path, dpi=80)
    return path


def write(size: str, vectors: str, repeat: int, found: dict[str, Any]) -> str:
    got = figures(found)
    store = HERE / "scale-results.json"
    results = json.loads(store.read_text()) if store.exists() else {}
    key = f"{size}-server" if found.get("chroma") == "server" else size
    results[key] = {**got, "vectors": vectors, "raw": found}
    store.write_text(json.dumps(results, indent=1) + "\n")
    text = section(size, vectors, repeat, found, got)
    results_md = HERE / "RESULTS.md"
    if not results_md.exists():
        results_md.write_text(PREAMBLE, encoding="utf-8")
    with results_md.open("a", encoding="utf-8") as out:
        out.write("\n" + text)
    plot(results)
    return text

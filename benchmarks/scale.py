"""How the assistant behaves as the collection grows: 5k, 50k and 200k abstracts.

    python benchmarks/scale.py --size 5k|50k|200k [--repeat 3] [--queries 200] [--vectors real|simulated]

Every measurement runs in a fresh child process through the public API (`Assistant.ingest / retrieve / ask`,
the `assistant` CLI), so it measures whatever store sits behind them. Figures: ingest throughput and the
share of it spent in the embedding model, peak RSS while ingesting, store size on disk, re-ingest with
nothing changed, adding 100 papers to the full collection, warm `retrieve` and offline `ask` p50/p95, a fresh
process's time to its first answer (imports, model load, store open, first answer), and the memory of a
serving process. Medians over --repeat runs. Appends a section to benchmarks/RESULTS.md, keeps every size's
figures in benchmarks/scale-results.json and plots each figure against collection size in
benchmarks/scale.png.

5k is SciFact's corpus, embedded by the real model. 50k and 200k are built from real abstracts (see
scale_data.py) and their vectors are simulated from cached sentence embeddings (--vectors simulated, the
default there; at 5k it runs the first 5k papers of the same series); the real model's throughput is measured
on a sample of the same chunks and reported beside them. Build the sentence cache first (--cache-sentences);
the synthetic papers draw only on real abstracts whose sentences are all cached."""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
SIZES = {"5k": 5_000, "50k": 50_000, "200k": 200_000}
COLLECTION = "scale"
QUESTIONS = [
    "can you predict a whole loss curve from the LR schedule?",
    "does more data help robots generalize to new objects?",
    "why do transformers fail on longer inputs?",
    "which papers study grokking?",
]


# --- child processes: each prints one JSON object as its last line ---------------------------------------
def child_ingest(spec: dict[str, Any]) -> dict[str, Any]:
    from scale_data import SimulatedEmbedder, TimedEmbedder, cached_sentences

    from assistant import Assistant

    assistant = Assistant(collection=COLLECTION)
    inner = SimulatedEmbedder(cached_sentences(Path(spec["work"]))) if spec["vectors"] == "simulated" else None
    timed = TimedEmbedder(inner or assistant.index.embedder)
    assistant.index.embedder = timed  # the Embedder protocol: the store calls .embed(texts) and reads .name
    started = time.perf_counter()
    report = assistant.ingest([Path(p) for p in spec["paths"]], progress=False)
    return {
        "seconds": time.perf_counter() - started,
        "embed_seconds": timed.seconds,
        "papers": report.papers,
        "chunks": report.chunks,
        "embedded": report.embedded,
        "peak_rss": peak_rss(),
        "delegated": getattr(inner, "delegated", 0),
    }


def child_throughput(spec: dict[str, Any]) -> dict[str, Any]:
    """The real model on the first chunks of the collection, as the store would embed them."""
    from assistant.config import Settings
    from assistant.corpus import load
    from assistant.index import chunk_papers, make_embedder

    papers = load([Path(spec["paths"][0])]).papers[: spec["sample"]]
    model = make_embedder(Settings())
    texts = [c.text for c in chunk_papers(papers, model.name)][: spec["sample"]]
    model.embed(texts[:8])  # loading the weights is not throughput
    started = time.perf_counter()
    model.embed(texts)
    return {"chunks": len(texts), "chunks_per_s": len(texts) / (time.perf_counter() - started)}


def child_serve(spec: dict[str, Any]) -> dict[str, Any]:
    """A long-lived process: warm retrieve and offline ask latencies, then its memory."""
    import psutil

    from assistant import Assistant

    assistant = Assistant(collection=COLLECTION, mode="extractive")
    questions, asks = spec["questions"], spec["asks"]
    for question in QUESTIONS:
        assistant.ask(question)  # warm: weights, store, BM25 and the query path loaded
    # Distinct questions throughout, so the query-embedding cache flatters nothing.
    retrieve = [timed_ms(assistant.retrieve, q, 10) for q in questions[asks:]]
    ask = [timed_ms(assistant.ask, q, None) for q in questions[:asks]]
    return {"retrieve_ms": retrieve, "ask_ms": ask, "rss": psutil.Process().memory_info().rss, "peak_rss": peak_rss()}


def child_fresh(spec: dict[str, Any]) -> dict[str, Any]:
    """A fresh process's way to its first answer, step by step (this child imports nothing else first)."""
    started = time.perf_counter()
    import assistant.cli  # noqa: F401 — everything `assistant ask` imports before it opens the store
    from assistant import Assistant

    steps = {"imports": time.perf_counter() - started}
    assistant = Assistant(collection=COLLECTION, mode="extractive")
    step = time.perf_counter()
    assistant.index.embedder.embed(["loading the model"])
    steps["model_load"] = time.perf_counter() - step
    step = time.perf_counter()
    assistant.papers()
    steps["store_open"] = time.perf_counter() - step
    step = time.perf_counter()
    assistant.ask(spec["question"])
    steps["first_answer"] = time.perf_counter() - step
    steps["total"] = time.perf_counter() - started
    return steps


def child_reingest(spec: dict[str, Any]) -> dict[str, Any]:
    from assistant import Assistant

    assistant = Assistant(collection=COLLECTION)
    started = time.perf_counter()
    report = assistant.ingest([Path(p) for p in spec["paths"]], progress=False)
    return {"seconds": time.perf_counter() - started, "embedded": report.embedded, "papers": report.papers}


CHILDREN = {
    "ingest": child_ingest,
    "throughput": child_throughput,
    "serve": child_serve,
    "fresh": child_fresh,
    "reingest": child_reingest,
}


def timed_ms(fn: Any, question: str, k: int | None) -> float:
    started = time.perf_counter()
    fn(question, k=k)
    return (time.perf_counter() - started) * 1000


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


# --- the parent: runs the children, keeps medians ---------------------------------------------------------
def run_child(task: str, spec: dict[str, Any], home: Path) -> dict[str, Any]:
    env = {**os.environ, "ASSISTANT_HOME": str(home), "ASSISTANT_COLLECTION": COLLECTION}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(HERE), env.get("PYTHONPATH", "")])
    command = [sys.executable, str(Path(__file__)), "--child", task, json.dumps(spec)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{task} failed:\n{done.stderr[-3000:]}")
    log(f"{task}: done")
    return json.loads(done.stdout.strip().splitlines()[-1])


def cli_ask(home: Path, question: str) -> float:
    """Wall time of `assistant ask` in a new process, as a user waits for it."""
    env = {
        **os.environ,
        "ASSISTANT_HOME": str(home),
        "ASSISTANT_COLLECTION": COLLECTION,
        "ASSISTANT_MODE": "extractive",
    }
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assistant", "ask", question], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def disk_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def measure(args: argparse.Namespace, paths: list[Path], added: list[Path], questions: list[str]) -> dict[str, Any]:
    """Each step's figures are saved as soon as it ends, so a run stopped by a deadline keeps them (--partial)."""
    home = args.work / f"home-{args.size}-{args.vectors}"
    spec = {"paths": [str(p) for p in paths], "work": str(args.work), "vectors": args.vectors, "sample": args.sample}
    fresh = {"question": QUESTIONS[0]}
    steps = {
        "ingest": lambda: run_child("ingest", spec, home),
        "store_bytes": lambda: disk_bytes(home),
        "serve": lambda: serving(run_child("serve", {"questions": questions, "asks": args.asks}, home)),
        "fresh": lambda: [run_child("fresh", fresh, home) for _ in range(args.repeat)],
        "cli_ask_s": lambda: [cli_ask(home, QUESTIONS[0]) for _ in range(args.repeat)],
        "throughput": lambda: run_child("throughput", spec, home),
        "reingest": lambda: [run_child("reingest", spec, home) for _ in range(args.repeat)],
        "add": lambda: [run_child("reingest", {"paths": [str(p)]}, home) for p in added[: args.repeat]],
    }
    shutil.rmtree(home, ignore_errors=True)
    found: dict[str, Any] = {"load_average": [os.getloadavg()[0]] * 2}
    for key, step in steps.items():
        found[key] = step()
        found["load_average"][1] = os.getloadavg()[0]
        partial_path(args).write_text(json.dumps(found))
    found["complete"] = True
    return found


def serving(serve: dict[str, Any]) -> dict[str, Any]:
    from evals.runner import percentile

    return {
        "retrieve_p50_ms": median(serve["retrieve_ms"]),
        "retrieve_p95_ms": percentile(serve["retrieve_ms"], 95),
        "ask_p50_ms": median(serve["ask_ms"]),
        "ask_p95_ms": percentile(serve["ask_ms"], 95),
        "rss": serve["rss"],
        "queries": len(serve["retrieve_ms"]),
        "asks": len(serve["ask_ms"]),
    }


def partial_path(args: argparse.Namespace) -> Path:
    return args.work / f"partial-{args.size}-{args.vectors}.json"


# --- figures, targets, RESULTS.md and the plot ----------------------------------------------------------
GIB = 1024**3
# (key, label, unit, {size: (target, "<=" or ">=")})
FIGURES: list[tuple[str, str, str, dict[str, tuple[float, str]]]] = [
    ("ingest_papers_per_s", "ingest throughput", "papers/s", {}),
    ("embed_share", "share of ingest time in the embedding model", "", {"5k": (0.85, ">=")}),
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
    for key in ("retrieve_p50_ms", "retrieve_p95_ms", "ask_p50_ms", "ask_p95_ms"):
        out[key] = serve.get(key, nan)
    for step in ("imports", "model_load", "store_open", "first_answer", "total"):
        out[f"fresh_{step}_s"] = median([f[step] for f in found.get("fresh", [])] or [nan])
    return out


def verdict(value: float, target: tuple[float, str] | None) -> str:
    if value != value:  # NaN: the run stopped before this step
        return "not measured (run stopped before this step)"
    if target is None:
        return "–"
    bound, sense = target
    met = value <= bound if sense == "<=" else value >= bound
    return f"{sense.replace('<=', '≤').replace('>=', '≥')} {bound:g}: {'met' if met else '**missed**'}"


def section(args: argparse.Namespace, found: dict[str, Any], got: dict[str, float]) -> str:
    vectors = (
        "**simulated** (normalised means of the real model's cached sentence vectors; see benchmarks/scale_data.py)"
        if args.vectors == "simulated"
        else "the real model (all-MiniLM-L6-v2 on CPU)"
    )
    lines = [
        f"## Scale: {args.size} ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores)",
        "",
        f"`python benchmarks/scale.py --size {args.size} --vectors {args.vectors} --repeat {args.repeat}` — "
        f"{got['papers']:,} papers, {got['chunks']:,} chunks; vectors: {vectors}. Load average "
        f"{found['load_average'][0]:.1f} at the start, {found['load_average'][1]:.1f} at the end "
        "(the machine is shared).",
        "",
        "| figure | value | target |",
        "|---|---|---|",
    ]
    for key, label, unit, targets in FIGURES:
        value = "–" if got[key] != got[key] else f"{got[key]:,.3g} {unit}"
        lines.append(f"| {label} | {value} | {verdict(got[key], targets.get(args.size))} |")
    lines.append("")
    if not found.get("complete"):
        lines.append("**This run was stopped before it finished** (a deadline); what it did not reach is marked.")
    if "fresh" in found:
        lines.append(
            f"Fresh process, medians of {len(found['fresh'])}: imports {got['fresh_imports_s']:.2f} s, model load "
            f"{got['fresh_model_load_s']:.2f} s, store open (all records) {got['fresh_store_open_s']:.2f} s, "
            f"first answer {got['fresh_first_answer_s']:.2f} s."
        )
    if "throughput" in found:
        lines.append(
            f"The real model on {found['throughput']['chunks']} chunks of this collection: "
            f"{got['real_model_chunks_per_s']:.1f} chunks/s."
        )
    if args.vectors == "simulated":
        lines.append(
            f"The measured ingest ({got['ingest_s']:.0f} s) spent {got['embed_share']:.1%} in the simulated model; "
            f"with the real model at the throughput above it would take about "
            f"{got['projected_real_ingest_s'] / 3600:.1f} h, {got['projected_embed_share']:.1%} of it in the model "
            "(a projection). Adding 100 papers uses the real model."
        )
    return "\n".join(lines) + "\n"


def plot(results: dict[str, dict[str, float]]) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(results, key=lambda s: results[s]["papers"])
    fig, axes = plt.subplots(4, 4, figsize=(16, 13))
    for ax, (key, label, unit, targets) in zip(axes.flat, FIGURES, strict=False):
        xs = [results[s]["papers"] for s in sizes]
        ax.plot(xs, [results[s][key] for s in sizes], marker="o")
        for size, (bound, _) in targets.items():
            ax.axhline(bound, linestyle="--", color="red", linewidth=0.8, label=f"target at {size}")
        ax.set_xscale("log")
        ax.set_title(label, fontsize=9)
        ax.set_xlabel("papers")
        ax.set_ylabel(unit)
        if targets:
            ax.legend(fontsize=7)
    for ax in list(axes.flat)[len(FIGURES) :]:
        ax.axis("off")
    fig.tight_layout()
    path = HERE / "scale.png"
    fig.savefig(path, dpi=80)
    return path


def record(args: argparse.Namespace, found: dict[str, Any]) -> None:
    got = figures(found)
    store = HERE / "scale-results.json"
    results = json.loads(store.read_text()) if store.exists() else {}
    results[args.size] = {**got, "vectors": args.vectors, "raw": found}
    store.write_text(json.dumps(results, indent=1) + "\n")
    with (HERE / "RESULTS.md").open("a", encoding="utf-8") as out:
        out.write("\n" + section(args, found, got))
    plot({size: r for size, r in results.items() if size in SIZES})
    print(section(args, found, got))


# --- data and the command line ----------------------------------------------------------------------------
def prepare(args: argparse.Namespace) -> tuple[list[Path], list[Path], list[str]]:
    """The collection's files, files of 100 new papers each (one per repeat), and distinct questions."""
    from scale_data import Pool, cached_sentences, write_collection

    pool = Pool.read(args.scifact / "corpus.jsonl")
    added = [
        write_collection(pool, args.work / f"added-{r}.jsonl", first=10_000_000 + 100 * r, count=100)
        for r in range(args.repeat)
    ]
    if args.vectors == "real":
        paths = [args.scifact / "corpus.jsonl"]
    else:
        usable = pool.cached_only(cached_sentences(args.work))
        log(f"{len(usable.abstracts)} of {len(pool.abstracts)} real abstracts have all their sentences cached")
        name = f"synthetic-{SIZES[args.size]}-from-{len(usable.abstracts)}.jsonl"
        paths = [write_collection(usable, args.work / name, first=0, count=SIZES[args.size])]
    claims = [json.loads(line)["text"] for line in (args.scifact / "queries.jsonl").read_text().splitlines()]
    return paths, added, claims[: args.queries + args.asks]


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=SIZES, default="5k")
    parser.add_argument(
        "--vectors",
        choices=["real", "simulated"],
        help="real: SciFact's corpus (5k only) embedded by the real model; simulated (the default above 5k): the "
        "synthetic series, vectors from cached sentence embeddings",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each repeated measurement (medians)")
    parser.add_argument("--queries", type=int, default=200, help="distinct questions for warm retrieve")
    parser.add_argument("--asks", type=int, default=100, help="distinct questions for offline ask")
    parser.add_argument("--sample", type=int, default=256, help="chunks the real model embeds for its throughput")
    parser.add_argument("--work", type=Path, default=HERE / ".scale", help="data, sentence cache and stores")
    parser.add_argument("--scifact", type=Path, default=ROOT.parent / "shared" / "bench" / "scifact-train")
    parser.add_argument("--cache-sentences", action="store_true", help="only embed the real sentences, then stop")
    parser.add_argument("--partial", action="store_true", help="record what a stopped run of this size measured")
    parser.add_argument("--fresh", type=Path, metavar="HOME", help="only time a fresh `assistant ask` on HOME's index")
    return parser.parse_args()


def fresh_only(home: Path, repeat: int) -> None:
    """Time to first answer on an existing index (e.g. the shipped collection's), without ingesting."""
    global COLLECTION
    COLLECTION = os.environ.get("ASSISTANT_COLLECTION", "default")
    steps = [run_child("fresh", {"question": QUESTIONS[0]}, home) for _ in range(repeat)]
    walls = [cli_ask(home, QUESTIONS[0]) for _ in range(repeat)]
    for step in steps[0]:
        print(f"{step:14} {median([s[step] for s in steps]):.2f} s")
    print(f"{'assistant ask':14} {median(walls):.2f} s (wall, median of {repeat})")


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        sys.path[:0] = [str(ROOT), str(HERE)]
        print(json.dumps(CHILDREN[sys.argv[2]](json.loads(sys.argv[3]))))
        return
    args = parse()
    sys.path[:0] = [str(ROOT), str(HERE)]
    if args.fresh:
        return fresh_only(args.fresh, args.repeat)
    if args.cache_sentences:
        from scale_data import Pool, sentence_cache

        sentence_cache(Pool.read(args.scifact / "corpus.jsonl"), args.work)
        return
    args.vectors = args.vectors or ("real" if args.size == "5k" else "simulated")
    if args.vectors == "real" and args.size != "5k":
        sys.exit("--vectors real is for --size 5k (SciFact); larger sizes would take hours to embed on a CPU")
    if args.partial:
        return record(args, json.loads(partial_path(args).read_text()))
    paths, added, questions = prepare(args)
    log(f"{args.size}: {', '.join(p.name for p in paths)}; vectors {args.vectors}")
    record(args, measure(args, paths, added, questions))


if __name__ == "__main__":
    main()

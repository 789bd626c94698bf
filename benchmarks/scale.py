"""How the assistant behaves as the collection grows: 5k, 50k and 200k abstracts.

    python benchmarks/scale.py --size 5k|50k|200k [--repeat 3] [--queries 200] [--vectors real|simulated]
                               [--chroma embedded|server] [--keep-sentences]

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
the synthetic papers draw only on real abstracts whose sentences are all cached.

With --chroma server the vectors live in a `chroma run` process on the same machine (ASSISTANT_CHROMA_URL), as
the README recommends for a field's worth of papers: the memory figures are then the assistant's processes',
and the server's own (peak while ingesting, and while serving) are given beside them."""

from __future__ import annotations

import argparse
import importlib
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
    from assistant.ingest.embedding import make_embedder

    assistant = Assistant()
    inner = SimulatedEmbedder(cached_sentences(Path(spec["work"]))) if spec["vectors"] == "simulated" else None
    timed = TimedEmbedder(inner or assistant.index.embedder)
    assistant.index.embedder = timed  # the Embedder protocol: the store calls .embed(texts) and reads .name
    started = time.perf_counter()
    report = assistant.ingest([Path(p) for p in spec["paths"]], progress=False)
    seconds, peak = time.perf_counter() - started, peak_rss()
    make_embedder(assistant.settings).export()  # what `assistant ingest` leaves for later questions (timed wrapper)
    return {
        "seconds": seconds,
        "embed_seconds": timed.seconds,
        "papers": report.papers,
        "chunks": report.chunks,
        "embedded": report.embedded,
        "peak_rss": peak,
        "delegated": getattr(inner, "delegated", 0),
    }


def child_throughput(spec: dict[str, Any]) -> dict[str, Any]:
    """The real model on the first chunks of the collection, as the store would embed them."""
    from assistant.config import Settings
    from assistant.ingest.embedding import make_embedder
    from assistant.ingest.indexer import chunk_papers
    from assistant.ingest.readers import load

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

    assistant = Assistant(mode="extractive")  # the collection: ASSISTANT_COLLECTION
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
    importlib.import_module("assistant.cli")  # everything `assistant ask` imports before it opens the store
    from assistant import Assistant

    steps = {"imports": time.perf_counter() - started}
    assistant = Assistant(mode="extractive")  # the collection: ASSISTANT_COLLECTION
    step = time.perf_counter()
    assistant.index.embedder.embed(["loading the model"])
    steps["model_load"] = time.perf_counter() - step
    step = time.perf_counter()
    assistant.count()  # the commit, and the ids and hashes of its papers (records are read when needed)
    steps["store_open"] = time.perf_counter() - step
    step = time.perf_counter()
    assistant.ask(spec["question"])
    steps["first_answer"] = time.perf_counter() - step
    steps["total"] = time.perf_counter() - started
    return steps


def child_reingest(spec: dict[str, Any]) -> dict[str, Any]:
    from assistant import Assistant

    assistant = Assistant()
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
def run_child(task: str, spec: dict[str, Any], home: Path, collection: str = COLLECTION) -> dict[str, Any]:
    env = {**os.environ, "ASSISTANT_HOME": str(home), "ASSISTANT_COLLECTION": collection}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(HERE), env.get("PYTHONPATH", "")])
    command = [sys.executable, str(Path(__file__)), "--child", task, json.dumps(spec)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{task} failed:\n{done.stderr[-3000:]}")
    log(f"{task}: done")
    return json.loads(done.stdout.strip().splitlines()[-1])


def cli_ask(home: Path, question: str, collection: str = COLLECTION) -> float:
    """Wall time of `assistant ask` in a new process, as a user waits for it."""
    env = {
        **os.environ,
        "ASSISTANT_HOME": str(home),
        "ASSISTANT_COLLECTION": collection,
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


def server_memory(server: Any) -> dict[str, int]:
    """A Chroma server's resident memory now and its peak so far (VmRSS and VmHWM of /proc)."""
    status = Path(f"/proc/{server.process.pid}/status").read_text().splitlines()
    fields = dict(line.split(":", 1) for line in status)
    return {"rss": int(fields["VmRSS"].split()[0]) * 1024, "peak_rss": int(fields["VmHWM"].split()[0]) * 1024}


def measure(args: argparse.Namespace, paths: list[Path], added: list[Path], questions: list[str]) -> dict[str, Any]:
    """Each step's figures are saved as soon as it ends, so a run stopped by a deadline keeps them (--partial)."""
    home = args.work / f"home-{args.size}-{args.vectors}{'-server' if args.chroma == 'server' else ''}"
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
    found: dict[str, Any] = {
        "load_average": [os.getloadavg()[0]] * 2,
        "vectors": args.vectors,
        "chroma": args.chroma,
        "keep_sentences": args.keep_sentences,
        "command": " ".join(["python benchmarks/scale.py", *sys.argv[1:]]),
        "collection": [p.name for p in paths],
    }
    server = None
    if args.chroma == "server":  # `chroma run` as an operator starts it, as the tests start it
        sys.path.insert(0, str(ROOT / "tests"))
        from chroma_server import ChromaServer

        home.mkdir(parents=True)
        server = ChromaServer(home / "chroma-server", home / "chroma-server.log")
        server.start()
        os.environ["ASSISTANT_CHROMA_URL"] = server.url  # for every child and `assistant ask`
    try:
        for key, step in steps.items():
            try:
                found[key] = step()
            except RuntimeError as error:  # a failing step is a finding: keep its error, measure the rest
                found.setdefault("failed", {})[key] = str(error).strip().splitlines()[-1]
            if server is not None and key in ("ingest", "serve"):
                found.setdefault("server", {})[key] = server_memory(server)
            found["load_average"][1] = os.getloadavg()[0]
            partial_path(args).write_text(json.dumps(found))
    finally:
        if server is not None:
            server.stop()
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
    return args.work / f"partial-{args.size}-{args.vectors}{'-server' if args.chroma == 'server' else ''}.json"


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
    parser.add_argument(
        "--chroma", choices=["embedded", "server"], default="embedded",
        help="embedded: the vectors in the assistant's process; server: in a `chroma run` on the same machine",
    )
    parser.add_argument(
        "--keep-sentences", action="store_true",
        help="ingest with ASSISTANT_KEEP_SENTENCES=1: answers read the sentence vectors the ingest kept",
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
    collection = os.environ.get("ASSISTANT_COLLECTION", "default")
    steps = [run_child("fresh", {"question": QUESTIONS[0]}, home, collection) for _ in range(repeat)]
    walls = [cli_ask(home, QUESTIONS[0], collection) for _ in range(repeat)]
    for step in steps[0]:
        print(f"{step:14} {median([s[step] for s in steps]):.2f} s")
    print(f"{'assistant ask':14} {median(walls):.2f} s (wall, median of {repeat})")


def record(args: argparse.Namespace, found: dict[str, Any]) -> None:
    from scale_report import write

    print(write(args.size, args.vectors, args.repeat, {"chroma": args.chroma, **found}))


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
    if args.keep_sentences:
        os.environ["ASSISTANT_KEEP_SENTENCES"] = "1"  # for every child and `assistant ask`
    paths, added, questions = prepare(args)
    log(f"{args.size}: {', '.join(p.name for p in paths)}; vectors {args.vectors}")
    record(args, measure(args, paths, added, questions))


if __name__ == "__main__":
    main()

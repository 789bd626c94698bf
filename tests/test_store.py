"""The store under faults and concurrency (real Chroma and SQLite; the fake embedder, since what is checked
is which papers and chunks are stored, not how well they are found): a killed ingest loses nothing and the
next one finishes it, concurrent ingests all land, reading changes nothing, names are checked."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
import pytest
from chroma_server import ChromaServer
from typer.testing import CliRunner

from assistant import Assistant
from assistant.cli.main import app
from assistant.config import Settings
from assistant.errors import CollectionBusy, StoreError, UnknownCollection
from assistant.ingest.indexer import chunk_papers
from assistant.storage.cache import EmbeddingCache
from assistant.storage.store import STALE, Store

WORKER = Path(__file__).with_name("ingest_worker.py")
runner = CliRunner()
pytestmark = pytest.mark.slow  # subprocesses and real Chroma (still run in CI)


def write_papers(path: Path, topic: str, count: int) -> list[str]:
    """`count` papers on `topic`, long enough that some have two chunks; returns their titles."""
    titles = [f"{topic.title()} study number {i}" for i in range(count)]
    sentence = f"We observe {topic} in the field and report what we measured about {topic} this time."
    rows = [{"title": t, "abstract": f"{sentence} " * (3 + 12 * (i % 3 == 0))} for i, t in enumerate(titles)]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return titles


def worker(home: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    """`assistant ARGS` in a subprocess, with the fake embedder and the test hooks of ingest_worker.py."""
    environment = {**os.environ, "ASSISTANT_HOME": str(home), "PYTHONHASHSEED": "0", **env}
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )


def assert_complete(assistant: Assistant, titles: list[str]) -> None:
    """Exactly these papers; exactly their chunks in Chroma, once each; every paper scored by BM25."""
    papers = assistant.papers()
    assert sorted(p.title for p in papers) == sorted(titles)
    ids = assistant.index.chroma.collection.get(include=[])["ids"]
    expected = {c.id for c in chunk_papers(papers, assistant.index.embedder.name)}
    assert len(ids) == len(set(ids)) and set(ids) == expected
    retriever = assistant.retriever
    listed = {p.id for p in papers}
    for paper in papers:
        found = retriever.sparse(paper.title, 100)
        assert found.get(paper.id, 0) > 0 and set(found) <= listed, paper.title  # no removed paper's BM25 row
    leftovers = [p.name for p in (assistant.index.store.dir / "generations").iterdir() if p.name.startswith(".")]
    assert leftovers == []


KILL_POINTS = ["staged", "embedding", "embedded", "bm25", "published", "in-commit", "committed"]
# BM25 rebuilt whole, or the papers added or changed put into a segment beside the whole index
MERGE_SHARES = {"whole": "0", "segment": "10"}


@pytest.mark.parametrize("bm25", MERGE_SHARES)
@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_killed_ingest_loses_nothing_and_the_next_one_finishes_it(
    point: str, bm25: str, tmp_path: Path, home: Path, fake_embedder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_BM25_MERGE_SHARE", MERGE_SHARES[bm25])
    kelp, coral, finch = tmp_path / "kelp.jsonl", tmp_path / "coral.jsonl", tmp_path / "finch.jsonl"
    kelp_titles, coral_titles = write_papers(kelp, "kelp", 5), write_papers(coral, "coral", 3)
    Assistant(collection="k").ingest([kelp, coral], progress=False)
    coral.unlink()  # the killed ingest also removes papers
    finch_titles = write_papers(finch, "finch", 12)

    killed = worker(home, "ingest", str(finch), "-c", "k", ASSISTANT_TEST_KILL_AT=point)
    killed.communicate(timeout=120)
    assert killed.returncode == -9

    # A question answers from the last commit, and says when that is behind the sources.
    reader = Assistant(collection="k")
    answer = reader.ask("what do we observe about kelp in the field?")
    listed = sorted(p.title for p in reader.papers())
    if point == "committed":
        assert listed == sorted(kelp_titles + finch_titles) and answer.notice is None
    else:
        assert listed == sorted(kelp_titles + coral_titles) and STALE in (answer.notice or "")
    assert answer.citations and answer.citations[0].title.startswith("Kelp study")

    result = runner.invoke(app, ["ingest", "-c", "k"])
    assert result.exit_code == 0, result.output
    done = Assistant(collection="k")
    assert_complete(done, kelp_titles + finch_titles)
    assert done.stale is None


def assert_reads_its_commit(assistant: Assistant, vectors: bool = True) -> None:
    """Every chunk of the committed papers is stored with its committed text (and, with `vectors`, that text's
    vector), and exact search reads exactly those chunks, whatever an ingest killed before its commit left in
    Chroma. Right after such a kill local Chroma may fail to hand back vectors it had not yet flushed ("Error
    finding id"); search then uses its HNSW index, filtered the same way, and the next ingest rewrites them."""
    papers = assistant.papers()
    expected = {c.id: c.text for c in chunk_papers(papers, assistant.index.embedder.name)}
    include = ["documents", "embeddings"] if vectors else ["documents"]
    stored = assistant.index.chroma.collection.get(ids=list(expected), include=include)
    assert sorted(stored["ids"]) == sorted(expected)
    assert all(text == expected[i] for i, text in zip(stored["ids"], stored["documents"], strict=True))
    if vectors:
        fresh = assistant.index.embedder.embed(stored["documents"])
        assert np.allclose(np.asarray(stored["embeddings"]), fresh, atol=1e-6)
    matrix = assistant.retriever.vectors
    assert matrix is None or sorted(matrix.ids) == sorted(expected)


@pytest.mark.parametrize("bm25", MERGE_SHARES)
@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_killed_reingest_of_edited_papers_never_changes_what_the_commit_reads(
    point: str, bm25: str, tmp_path: Path, home: Path, fake_embedder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_BM25_MERGE_SHARE", MERGE_SHARES[bm25])
    kelp = tmp_path / "kelp.jsonl"
    titles = write_papers(kelp, "kelp", 6)
    Assistant(collection="e").ingest([kelp], progress=False)
    original = kelp.read_text()
    kelp.write_text(original.replace("in the field", "in the lab"))  # every abstract edited, the same papers

    killed = worker(home, "ingest", str(kelp), "-c", "e", ASSISTANT_TEST_KILL_AT=point)
    killed.communicate(timeout=120)
    assert killed.returncode == -9
    reader = Assistant(collection="e")
    assert_reads_its_commit(reader, vectors=False)
    edited = point == "committed"
    assert all(("in the lab" in p.abstract) == edited for p in reader.papers())
    answer = reader.ask("what do we observe about kelp in the field?")
    if edited:  # committed: never the old text (its vectors may be unreadable until the next ingest rewrites them)
        assert not any("in the field" in c.snippet for c in answer.citations)
    else:
        assert answer.citations and "in the field" in answer.citations[0].snippet

    kelp.write_text(original)  # put back: the next ingest must repair whatever the killed one left
    assert runner.invoke(app, ["ingest", "-c", "e"]).exit_code == 0
    done = Assistant(collection="e")
    assert_complete(done, titles)
    assert_reads_its_commit(done)
    stored = done.index.chroma.collection.get(include=["documents"])["documents"]
    assert stored and not any("in the lab" in text for text in stored)


def read_until(proc: subprocess.Popen[str], text: str) -> str:
    """Lines of the process's stderr up to the one containing `text`."""
    assert proc.stderr is not None
    seen = ""
    while text not in seen:
        line = proc.stderr.readline()
        assert line or proc.poll() is None, seen
        seen += line
    return seen


@pytest.mark.parametrize("bm25", MERGE_SHARES)
@pytest.mark.parametrize("count", [2, 4])
def test_concurrent_ingests_into_one_collection_all_land(
    count: int, bm25: str, tmp_path: Path, home: Path, fake_embedder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_BM25_MERGE_SHARE", MERGE_SHARES[bm25])  # "segment": each later one builds one
    files = [tmp_path / f"topic{i}.jsonl" for i in range(count)]
    titles = [t for i, f in enumerate(files) for t in write_papers(f, f"topic{i}", 6)]
    release = tmp_path / "release"
    first = worker(home, "ingest", str(files[0]), "-c", "shared", ASSISTANT_TEST_HOLD=str(release))
    read_until(first, "holding the lock")
    others = [worker(home, "ingest", str(f), "-c", "shared") for f in files[1:]]
    for proc in others:  # each of them reaches the lock while the first ingest holds it, and says so
        read_until(proc, "waiting for another ingest of 'shared' to finish…")
    release.touch()
    outputs = [p.communicate(timeout=300) for p in [first, *others]]
    assert [p.returncode for p in [first, *others]] == [0] * count, outputs
    assert not any("waiting" in err for _, err in outputs)  # said once, not again

    check = worker(home, "papers", "-c", "shared")
    listing, _ = check.communicate(timeout=120)
    assert sorted(line.split("  ", 1)[1] for line in listing.splitlines()) == sorted(titles)
    assert_complete(Assistant(collection="shared"), titles)


def test_a_second_ingest_can_refuse_to_wait(tmp_path: Path, fake_embedder: object) -> None:
    write_papers(tmp_path / "a.jsonl", "kelp", 2)
    with Store(Settings(collection="busy")).writer():
        result = runner.invoke(app, ["ingest", str(tmp_path / "a.jsonl"), "-c", "busy", "--no-wait"])
        assert result.exit_code == 2
        assert "another ingest of 'busy' is running" in " ".join(result.stderr.split())
        with pytest.raises(CollectionBusy):
            Assistant(collection="busy").ingest([tmp_path / "a.jsonl"], progress=False, wait=False)
    assert Assistant(collection="busy").ingest([tmp_path / "a.jsonl"], progress=False, wait=False).papers == 2


def snapshot_files(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def test_reading_writes_nothing(tmp_path: Path, home: Path, fake_embedder: object) -> None:
    write_papers(tmp_path / "a.jsonl", "kelp", 4)
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.jsonl"), "-c", "mine"]).exit_code == 0
    before = {name: snapshot_files(home / name) for name in ["collections"]}
    cache = snapshot_files(home)["embeddings.sqlite"]
    vectors = Assistant(collection="mine").index.chroma.collection.get(include=["metadatas"])
    for args in (["ask", "kelp in the field?"], ["papers"], ["papers", "kelp"], ["ask", "x?", "-c", "nosuch"]):
        runner.invoke(app, [*args, *(["-c", "mine"] if "-c" not in args else [])])
    reader = Assistant(collection="mine")
    reader.retrieve("kelp", k=3)
    assert {name: snapshot_files(home / name) for name in ["collections"]} == before
    assert snapshot_files(home)["embeddings.sqlite"] == cache
    assert reader.index.chroma.collection.get(include=["metadatas"]) == vectors
    assert sorted(p.name for p in (home / "collections").iterdir()) == ["mine"]  # `nosuch` was not created


def test_unknown_collections_are_an_error_listing_the_existing_ones(tmp_path: Path, home: Path, fake_embedder: object) -> None:
    write_papers(tmp_path / "a.jsonl", "kelp", 2)
    Assistant(collection="sea").ingest([tmp_path / "a.jsonl"], progress=False)
    for args in (["ask", "kelp?"], ["papers"], ["papers", "kelp"]):
        result = runner.invoke(app, [*args, "-c", "nosuch"])
        assert result.exit_code == 2, args
        message = " ".join(result.stderr.split())  # rich wraps long lines
        assert "no collection named 'nosuch'" in message and "(existing: sea)" in message
    with pytest.raises(UnknownCollection):
        Assistant(collection="nosuch").retrieve("kelp")
    assert runner.invoke(app, ["ingest", "-c", "nosuch"]).exit_code == 2  # no files to create it from
    assert not (home / "collections" / "nosuch").exists()


@pytest.mark.parametrize("name", ["../../x", "a/b", "", "-x", "with space", "x" * 65, "dot.ted"])
def test_collection_names_must_be_plain(name: str, home: Path) -> None:
    result = runner.invoke(app, ["ingest", "-c", name])
    assert result.exit_code == 2 and "collection name" in result.stderr
    with pytest.raises(StoreError, match="letters, digits"):
        Assistant(collection=name or "-").index  # noqa: B018
    assert not home.exists()


def test_failed_inputs_change_nothing_and_say_so(tmp_path: Path, home: Path, fake_embedder: object) -> None:
    bad, empty = tmp_path / "bad.jsonl", tmp_path / "empty"
    bad.write_text('{"title": oops\n')
    empty.mkdir()
    result = runner.invoke(app, ["ingest", str(bad), str(empty), "-c", "mine"])
    message = " ".join(result.stderr.split())
    assert result.exit_code == 2
    assert f"{bad}: line 1 is not valid JSON" in message and f"{empty}: no files in this folder" in message
    assert not (home / "collections" / "mine").exists()

    write_papers(tmp_path / "good.jsonl", "kelp", 2)
    result = runner.invoke(app, ["ingest", str(tmp_path / "good.jsonl"), str(bad), "-c", "mine"])
    assert result.exit_code == 0 and f"{bad}: line 1" in " ".join(result.stderr.split())
    assert Store(Settings(collection="mine")).requested() == [(tmp_path / "good.jsonl").resolve()]
    again = runner.invoke(app, ["ingest", "-c", "mine"])
    assert again.exit_code == 0 and "bad.jsonl" not in again.stderr  # the rejected file was not kept


def test_an_unchanged_reingest_reads_and_embeds_nothing(
    tmp_path: Path, fake_embedder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_papers(tmp_path / "a.jsonl", "kelp", 6)
    assistant = Assistant(collection="mine")
    first = assistant.ingest([tmp_path / "a.jsonl"], progress=False)

    def unexpected(*args: object) -> None:
        raise AssertionError("an unchanged collection was read again")

    monkeypatch.setattr("assistant.ingest.readers.papers_in", unexpected)
    for paths in (None, [tmp_path / "a.jsonl"]):  # a plain ingest, or the same file given again
        again = assistant.ingest(paths, progress=False)
        assert (again.papers, again.chunks, again.embedded, again.removed) == (first.papers, first.chunks, 0, 0)


def test_the_embedding_cache_serves_a_second_collection_and_a_rebuilt_store(
    tmp_path: Path, home: Path, fake_embedder: object
) -> None:
    write_papers(tmp_path / "a.jsonl", "kelp", 6)
    first = Assistant(collection="one").ingest([tmp_path / "a.jsonl"], progress=False)
    texts = fake_embedder.texts  # type: ignore[attr-defined]
    second = Assistant(collection="two").ingest([tmp_path / "a.jsonl"], progress=False)
    assert (second.embedded, second.cached) == (0, first.chunks)
    one = Assistant(collection="one")
    chromadb.PersistentClient(path=str(home / "chroma")).delete_collection(one.index.chroma_name)  # vectors gone
    rebuilt = one.ingest(progress=False)
    assert (rebuilt.embedded, rebuilt.cached) == (0, first.chunks)
    assert fake_embedder.texts == texts  # type: ignore[attr-defined]


def test_the_embedding_cache_api(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    vectors = {f"h{i}": np.full(4, i, dtype=np.float32) for i in range(700)}
    cache.put_many("m", vectors)
    found = cache.get_many("m", [*vectors, "missing"])
    assert set(found) == set(vectors) and np.array_equal(found["h699"], vectors["h699"])
    assert cache.get_many("other-model", ["h1"]) == {}




def test_a_damaged_collection_file_is_one_line_naming_it_and_the_fix(
    tmp_path: Path, home: Path, fake_embedder: object
) -> None:
    write_papers(tmp_path / "a.jsonl", "kelp", 3)
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.jsonl"), "-c", "mine"]).exit_code == 0
    database = home / "collections" / "mine" / "collection.sqlite"
    database.write_bytes(database.read_bytes()[:3000])  # truncated, as a full disk or a bad copy leaves it
    for command in (["ask", "kelp?"], ["papers"], ["ingest", str(tmp_path / "a.jsonl")]):
        result = runner.invoke(app, [*command, "-c", "mine"])
        assert result.exit_code == 2 and "Traceback" not in result.output, command
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("error: the collection 'mine' is damaged") and str(database) in line, command


def test_a_running_assistant_and_page_say_when_another_ingest_begins_or_dies(
    tmp_path: Path, home: Path, fake_embedder: object
) -> None:
    from assistant.web.library import Library

    write_papers(tmp_path / "a.jsonl", "kelp", 3)
    live = Assistant(collection="live")
    live.ingest([tmp_path / "a.jsonl"], progress=False)
    library = Library(live).start()
    library.wait()
    assert live.stale is None and "behind" not in library.status()
    write_papers(tmp_path / "b.jsonl", "coral", 2)
    # Another process asks for b.jsonl and is killed before it commits: its intent is recorded, nothing else.
    with Store(live.settings).writer() as writer:
        writer.request([tmp_path / "b.jsonl"])
    assert live.stale == STALE
    assert STALE in (live.ask("where does kelp store carbon?").notice or "")
    assert "the index is behind its sources" in library.status()  # (escaped for Markdown)
    live.ingest(progress=False)  # the next ingest finishes the job
    assert live.stale is None and len(live.papers()) == 5


def test_a_full_disk_is_one_line_and_the_same_ingest_finishes_once_there_is_room(
    tmp_path: Path, home: Path, fake_embedder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    titles = write_papers(tmp_path / "a.jsonl", "kelp", 3)
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.jsonl"), "-c", "disk"]).exit_code == 0
    more = write_papers(tmp_path / "b.jsonl", "coral", 2)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(EmbeddingCache, "put_many", full)
    result = runner.invoke(app, ["ingest", str(tmp_path / "b.jsonl"), "-c", "disk"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    [line] = error_lines(result)
    assert line.startswith(f"error: the disk holding {home} is full") and "run the same ingest again" in line
    assert sorted(p.title for p in Assistant(collection="disk").papers()) == sorted(titles)  # the last commit
    monkeypatch.undo()
    monkeypatch.setenv("ASSISTANT_HOME", str(home))
    assert runner.invoke(app, ["ingest", str(tmp_path / "b.jsonl"), "-c", "disk"]).exit_code == 0
    assert sorted(p.title for p in Assistant(collection="disk").papers()) == sorted(titles + more)


def test_partial_model_exports_of_dead_processes_are_removed(tmp_path: Path) -> None:
    from assistant.ingest import minilm

    path = tmp_path / "models" / "all-MiniLM-L6-v2-1-2.onnx"
    path.parent.mkdir()
    dead, running = path.with_name(f".{path.name}.999999999.tmp"), path.with_name(f".{path.name}.{os.getpid()}.tmp")
    for partial in (dead, running):
        partial.write_bytes(b"half an export")
    minilm.forget_abandoned(path)
    assert not dead.exists() and running.exists()  # another process may still be writing its own


@pytest.mark.parametrize("damage", ["deleted", "truncated"])
def test_a_damaged_bm25_generation_is_one_line_and_a_plain_ingest_rebuilds_it(
    damage: str, tmp_path: Path, home: Path, fake_embedder: object
) -> None:
    titles = write_papers(tmp_path / "a.jsonl", "kelp", 4)
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.jsonl"), "-c", "b"]).exit_code == 0
    [generation] = (home / "collections" / "b" / "generations").iterdir()
    if damage == "deleted":
        (generation / "params.index.json").unlink()
    else:
        postings = generation / "indices.csc.index.npy"
        postings.write_bytes(postings.read_bytes()[:100])
    asked = runner.invoke(app, ["ask", "kelp?", "-c", "b"])
    assert asked.exit_code == 2 and "Traceback" not in asked.output
    [line] = asked.stderr.strip().splitlines()
    assert "BM25 index of the collection 'b'" in line and "assistant ingest --collection b" in line
    assert runner.invoke(app, ["ingest", "-c", "b"]).exit_code == 0
    assert_complete(Assistant(collection="b"), titles)


def cut_one_cached_vector(cache: Path) -> None:
    """One cached vector cut short, as a bad copy or a bad disk leaves it."""
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE vectors SET vector = substr(vector, 1, 10) WHERE hash = (SELECT hash FROM vectors LIMIT 1)")


def error_lines(result: Any) -> list[str]:
    """What a command printed to stderr, but its progress bar."""
    return [x for x in result.stderr.splitlines() if x.strip() and "Embedding abstracts" not in x]


def test_a_damaged_embedding_cache_is_set_aside_and_a_wrong_length_vector_embedded_again(
    tmp_path: Path, home: Path, fake_embedder: object
) -> None:
    titles = write_papers(tmp_path / "a.jsonl", "kelp", 3)
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.jsonl"), "-c", "one"]).exit_code == 0
    cache = EmbeddingCache(home / "embeddings.sqlite")
    cut_one_cached_vector(cache.path)
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.jsonl"), "-c", "two"]).exit_code == 0
    assert_complete(Assistant(collection="two"), titles)
    assert_reads_its_commit(Assistant(collection="two"))

    cache.path.write_bytes(b"not a database" * 200)
    result = runner.invoke(app, ["ingest", str(tmp_path / "a.jsonl"), "-c", "three"])
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "embedding cache" in result.stderr and (home / "embeddings.sqlite.damaged").exists()
    assert_complete(Assistant(collection="three"), titles)


def test_doctor_names_each_damaged_file_and_repair_brings_the_collection_back(
    tmp_path: Path, home: Path, fake_embedder: object
) -> None:
    titles = write_papers(tmp_path / "a.jsonl", "kelp", 4)
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.jsonl"), "-c", "doc"]).exit_code == 0
    question = "what do we observe about kelp in the field?"
    before = [c.paper_id for c in Assistant(collection="doc").ask(question).citations]
    healthy = runner.invoke(app, ["doctor", "-c", "doc"])
    assert healthy.exit_code == 0 and all(line.startswith("ok") for line in healthy.stdout.splitlines())

    [generation] = (home / "collections" / "doc" / "generations").iterdir()
    (generation / "params.index.json").unlink()
    cut_one_cached_vector(home / "embeddings.sqlite")
    chroma = Assistant(collection="doc").index.chroma
    assert chroma is not None
    chroma.collection.delete(ids=chroma.collection.get(include=[])["ids"][:2])  # e.g. an older backup restored

    found = runner.invoke(app, ["doctor", "-c", "doc"])
    assert found.exit_code == 1 and "Traceback" not in found.output
    problems = [line for line in found.stdout.splitlines() if line.startswith("problem")]
    assert len(problems) == 3, found.stdout
    assert "BM25 index is damaged or missing" in problems[0] and "1 cached vector(s) of the wrong length" in problems[1]
    assert "2 of the commit's" in problems[2] and all("--repair: " in p for p in problems)

    repaired = runner.invoke(app, ["doctor", "--repair", "-c", "doc"])
    assert repaired.exit_code == 0, repaired.output
    done = Assistant(collection="doc")
    assert_complete(done, titles)
    assert_reads_its_commit(done)
    assert [c.paper_id for c in done.ask(question).citations] == before  # the same papers as before the damage


def test_a_chroma_server_that_goes_away_mid_ingest_is_one_line_and_the_same_command_resumes(
    tmp_path: Path, home: Path, fake_embedder: object, chroma_server: ChromaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.ingest import indexer

    monkeypatch.setenv("ASSISTANT_CHROMA_URL", chroma_server.url)
    monkeypatch.setattr(indexer, "UPSERT_BATCH", 4)  # several batches
    titles = write_papers(tmp_path / "a.jsonl", "kelp", 12)
    real = indexer.Index._store_batch

    def then_the_server_dies(self: indexer.Index, *args: object) -> None:
        real(self, *args)
        chroma_server.stop()

    monkeypatch.setattr(indexer.Index, "_store_batch", then_the_server_dies)
    result = runner.invoke(app, ["ingest", str(tmp_path / "a.jsonl"), "-c", "remote"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    [line] = error_lines(result)
    assert line.startswith(f"error: the Chroma server at {chroma_server.url} (ASSISTANT_CHROMA_URL) did not answer")

    monkeypatch.setattr(indexer.Index, "_store_batch", real)
    chroma_server.start()
    resumed = runner.invoke(app, ["ingest", str(tmp_path / "a.jsonl"), "-c", "remote"])
    assert resumed.exit_code == 0, resumed.output
    assert_complete(Assistant(collection="remote"), titles)

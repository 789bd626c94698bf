"""The Python API that the CLI, the Gradio page and the evals all use."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any

from .answer import extractive, llm
from .answer.evidence import Reader
from .config import Settings
from .errors import LLMError, QuestionError, ReadError
from .ingest import fetch as fetching
from .ingest import readers
from .ingest.embedding import check_export
from .ingest.indexer import Index, IngestReport
from .present import catalog
from .present.catalog import PER_PAGE, Listing, Sort
from .records import Answer, Hit, MadeWith, Paper, Usage, work_keys
from .search.retriever import Retriever
from .storage import doctor
from .storage.doctor import Finding
from .storage.history import History
from .storage.store import STALE, safe_name

SUPPORTED_SUFFIXES = readers.SUPPORTED_SUFFIXES  # the file types `ingest` and `add_files` read

class Assistant:
    """A collection of abstracts you can ask questions of.

    >>> a = Assistant()                 # the shipped collection, settings from ASSISTANT_* variables
    >>> a.ask("what limits scaling of robot policies?").text
    """

    def __init__(self, collection: str | None = None, settings: Settings | None = None, **overrides: Any) -> None:
        settings = settings or Settings()
        if collection is not None:
            overrides["collection"] = collection
        self.settings = settings.model_copy(update=overrides) if overrides else settings
        self.mode = llm.resolve_mode(self.settings)  # ASSISTANT_MODE=llm without a key fails now, not later
        self.index = Index(self.settings)  # opens nothing yet: an Assistant of an unknown collection costs nothing
        self._retriever: Retriever | None = None
        self._reader: tuple[Retriever, Reader] | None = None
        self._writer: llm.Writer | None = None

    @property
    def retriever(self) -> Retriever:
        """Search over the last committed index; reloaded when an ingest (here or in another process) commits.
        Reading never builds or changes anything, with one exception for onboarding: the shipped `default`
        collection is built on its first use."""
        commit = self.index.store.commit()  # one read a question: a commit elsewhere is seen at once
        if self.settings.collection == "default" and not self.index.ready(commit):
            self.ingest(progress=True)
            commit = self.index.store.commit()
        if commit is None:
            raise self.index.store.unknown()
        current = self._retriever
        if current is None or current.snapshot.commit.version != commit.version:
            current = self._retriever = Retriever(self.index)
        return current

    @property
    def stale(self) -> str | None:
        """Why answers may miss papers: sources were added that no finished ingest holds yet (None if none).
        Read afresh each time, so a running page or Assistant sees another process's ingest begin, or die."""
        snapshot = self.retriever.snapshot
        requested = [str(p) for p in self.index.store.requested()]
        return STALE if replace(snapshot, requested=requested).behind(self.index.embedder.name) else None

    @property
    def reader(self) -> Reader:
        """Reads the hits of a question sentence by sentence and decides whether the collection covers it;
        made anew with the retriever, so its vocabulary is always the committed papers'."""
        retriever = self.retriever
        if self._reader is None or self._reader[0] is not retriever:
            settings = self.settings
            kept = self.index.kept_sentences(retriever.snapshot.commit)
            reader = Reader(
                retriever.papers_with, len(retriever.papers), self.index.embedder, settings.min_evidence,
                settings.min_imagined, retriever.mentioned, self.index.sentence_vectors if kept else None,
            )
            self._reader = (retriever, reader)
        return self._reader[1]

    @property
    def writer(self) -> llm.Writer:
        reader = self.reader
        if self._writer is None or self._writer.reader is not reader:
            self._writer = llm.Writer(self.settings, reader)
        return self._writer

    @cached_property
    def history(self) -> History:
        """Every answer this data folder gave (ASSISTANT_LOG=off: none are added)."""
        return History(self.settings.home)

    def ingest(self, paths: list[Path] | None = None, progress: bool = True, wait: bool = True) -> IngestReport:
        """Add `paths` to the collection (creating it) and bring its index up to date. While another ingest of
        the same collection runs, this one waits, or with wait=False raises CollectionBusy."""
        return self.index.ingest(paths, progress=progress, wait=wait)

    def add_files(self, files: list[Path]) -> tuple[list[str], list[str]]:
        """Keep copies of `files` among the collection's uploads (under their own names, made safe) and index
        them. A file that cannot be read is reported by name and nothing of it is kept. Returns what was added
        ("name: N papers") and the problems, one line each."""
        added, problems, kept = [], [], []
        for path in files:
            name = safe_name(path.name)
            try:
                found = readers.read_file(path, self.index.limits)
            except (ReadError, OSError) as err:
                problems.append(str(err).replace(str(path), name))
                continue
            kept.append(self.index.store.keep_upload(path, name))
            added.append(f"{name}: {len(found)} paper{'s' * (len(found) != 1)}")
        if kept:
            problems += self.ingest(kept, progress=True).warnings
        return added, problems

    def fetch(
        self, catalogue: fetching.Catalogue, query: str | Path, limit: int = 100, since: int | None = None,
        dry_run: bool = False, progress: bool = True, saved: Callable[[fetching.FetchReport], None] | None = None,
    ) -> fetching.FetchReport:
        """Fetch papers from arXiv or OpenAlex (`query`: what to search for, at most `limit`; `since`: OpenAlex only,
        published that year or later), or those a file lists by DOI and arXiv id (catalogue "ids", `query`: its
        path), into a new JSONL source file of the collection's `fetched/` folder, skipping the works it already
        has; then ingest that file, and any an interrupted fetch kept (`saved` hears of the file first). Nothing
        new: no file and no ingest. A dry run only says how many would come."""
        store = self.index.store
        fetching.recover(store.fetched)  # what a killed fetch had written: ingested below with the rest
        known = fetching.known_in(store.fetched)
        if self.built:
            known |= {key for p in self.retriever.papers.outlines() for key in work_keys(p.doi, p.arxiv)}
        report = fetching.run(
            self.settings, catalogue, query, store.fetched, known, limit, since, dry_run=dry_run, progress=progress
        )
        sources = {str(path) for path in store.requested()}
        pending = [path.resolve() for path in fetching.fetched_files(store.fetched)]
        pending = [path for path in pending if str(path) not in sources]
        if report.path and saved:
            saved(report)
        if pending and not dry_run:
            report.ingest = self.ingest(pending, progress=progress)
        return report

    def doctor(self, repair: bool = False) -> list[Finding]:
        """Check every file of the collection and of the data folder: a Finding each, with what is wrong and
        what `repair` does. With `repair`, the fixes that need no records are made, then one ingest makes the
        others (BM25 rebuilt, missing vectors embedded, the model exported)."""
        store = self.index.store
        if not store.exists():
            raise store.unknown()
        records = doctor.check_records(store)
        if records.problem:  # nothing else can be checked against records that cannot be read
            if repair and records.by_ingest:
                sources = store.recorded_sources() or []
                store.set_aside_records()
                self.ingest([s for s in sources if s.exists()], progress=False)
            return [records]
        findings = [
            records, doctor.check_bm25(store), doctor.check_cache(store, repair),
            doctor.check_vectors(store, self.index.embedder.name, repair),
        ]
        export = check_export(self.index.embedder, repair)
        findings += [export] if export else []
        if repair and any(f.problem and f.by_ingest for f in findings):
            self.ingest(progress=False)
        return findings

    @property
    def built(self) -> bool:
        """Whether an ingest with this embedding model has been committed."""
        return self.index.is_ready

    def indexed_papers(self) -> int:
        """Papers whose vectors are stored, committed or not: what resuming an interrupted ingest does not
        embed again."""
        chroma = self.index.chroma
        return len(chroma.paper_ids()) if chroma is not None else 0

    def paper(self, paper_id: str) -> Paper | None:
        return self.retriever.papers.get(paper_id)

    def count(self) -> int:
        """Papers in the collection."""
        return len(self.retriever.papers)

    def sources(self) -> list[str]:
        """The source files the collection's papers come from."""
        return catalog.source_files(self.retriever.papers.outlines())

    def papers(self, query: str | None = None, limit: int = 20) -> list[Paper]:
        """All papers, or those best matching `query` (title and abstract search)."""
        if query:
            return [h.paper for h in self.retrieve(query, k=limit)]
        return list(self.retriever.papers.all())

    def browse(
        self, sort: Sort = "title", source: str | None = None, page: int = 1, per_page: int = PER_PAGE
    ) -> Listing:
        """One page of the whole collection, sorted by title or source file, optionally from one file only."""
        papers = self.retriever.papers
        return catalog.browse(papers.outlines(), sort, source, page, per_page, read=papers.many)

    def retrieve(
        self, question: str, k: int = 10, where: Callable[[Paper], bool] | None = None, hypothetical: str | None = None
    ) -> list[Hit]:
        """The k papers that best match `question`; with `hypothetical` (see `imagine`), searched as `ask` does."""
        question = self.check(question)  # before the index is opened: a bad question costs nothing
        return self.retriever.search(question, k=k, where=where, hypothetical=hypothetical)

    def imagine(self, question: str) -> str | None:
        """The abstract the LLM imagines for `question`, which `ask` searches with (ASSISTANT_HYPOTHETICAL);
        None offline, with the setting off, or when the model fails (the search then reads the question only)."""
        if self.mode != "llm" or not self.settings.hypothetical:
            return None
        try:
            return self.writer.imagine(self.check(question))[0]
        except LLMError:
            return None

    def ask(self, question: str, k: int | None = None, where: Callable[[Paper], bool] | None = None) -> Answer:
        """`where` keeps only the papers it accepts (e.g. those from one source file)."""
        *_, result = self._answer(question, k, where, None, live=False)
        assert isinstance(result, Answer)
        return result

    def stream(
        self,
        question: str,
        k: int | None = None,
        where: Callable[[Paper], bool] | None = None,
        history: list[tuple[str, str]] | None = None,
    ) -> Iterator[str | Answer]:
        """Yield the answer's text in pieces as it is written, then the finished Answer. With `history`, the
        question is a follow-up to those (question, answer) turns."""
        return self._answer(question, k, where, history, live=True)

    def chat(self, message: str, history: list[tuple[str, str]] | None = None, k: int | None = None) -> Answer:
        """Answer `message` in the context of earlier (question, answer) turns."""
        *_, result = self._answer(message, k, None, history, live=False)
        assert isinstance(result, Answer)
        return result

    def _answer(
        self, question: str, k: int | None, where: Callable[[Paper], bool] | None,
        history: list[tuple[str, str]] | None, live: bool,
    ) -> Iterator[str | Answer]:
        started = time.perf_counter()
        if self.mode == "llm":
            pieces = self._llm_answer(question, k, where, history or [], live)
        else:
            standalone = standalone_question(question, history or [])
            # A follow-up to an answer that was not clear stays unclear: the glued question is not a new topic.
            carried = standalone != question and extractive.unclear(history[-1][1]) if history else False
            pieces = self._extractive_answer(standalone, k, where, hedged=carried)
        for item in pieces:
            if isinstance(item, Answer):
                item.usage.latency_s = round(time.perf_counter() - started, 3)
                if self.settings.log:  # kept before it is shown, so an answer read to its end is in the history
                    self.history.record(item, MadeWith.of(item, self.settings, k))
                item.notice = " ".join(n for n in [item.notice, self.stale] if n) or None
            yield item

    def _extractive_answer(
        self, question: str, k: int | None, where: Callable[[Paper], bool] | None, hedged: bool = False
    ) -> Iterator[str | Answer]:
        hits = self.retrieve(question, k=k or self.settings.k, where=where)
        result = extractive.extractive(question, hits, self.reader, hedged)
        yield from re.split(r"(?<=\n\n)|(?<=[.!?”\]] )", result.text)  # a paragraph or a sentence at a time
        yield result

    def _llm_answer(
        self, message: str, k: int | None, where: Callable[[Paper], bool] | None,
        history: list[tuple[str, str]], live: bool,
    ) -> Iterator[str | Answer]:
        """Condense a follow-up with the model, retrieve, and let the model write from the hits. When the
        question alone finds papers close enough to answer from (else no model call at all), the model imagines
        an abstract for it: if no passage of the collection is close to that abstract, the answer declines;
        otherwise the search is made again with both, and the model answers from what it finds."""
        text = self.check(message)
        question, spent, k = text, Usage(), k or self.settings.k
        if history:
            try:
                question, spent = self.writer.condense(text, history)
            except LLMError as error:  # the model is down: answer offline now rather than fail again
                question = standalone_question(text, history)
                yield self.writer.fallback(question, self.retrieve(question, k=k, where=where), str(error), spent)
                return
        hits = self.retrieve(question, k=k, where=where)
        covered = self.reader.near(hits)
        if covered and self.settings.hypothetical:
            try:
                hypothetical, used = self.writer.imagine(question)
            except LLMError as error:
                yield self.writer.fallback(question, hits, str(error), spent)
                return
            spent = llm.add(spent, used)
            if hypothetical:  # (a model that imagines nothing leaves the question to search alone)
                covered = self.reader.near_imagined(self.retriever.closest(hypothetical))
                if covered:
                    hits = self.retrieve(question, k=k, where=where, hypothetical=hypothetical)
        yield from self.writer.stream(question, hits, spent, live=live, covered=covered)

    def check(self, question: str) -> str:
        text = (question or "").strip()
        if not text:
            raise QuestionError("the question is empty; ask something about the papers")
        limit = self.settings.max_question_chars
        if len(text) > limit:
            raise QuestionError(
                f"the question is {len(text):,} characters long; the limit is {limit:,} "
                "(ASSISTANT_MAX_QUESTION_CHARS)"
            )
        return text


_FOLLOW_UP = re.compile(
    r"^(and|also|but|what about|how about|which of (them|these|those)|do (they|these|those)|are (they|these|those))\b"
    r"|\b(they|them|these|those|their|it|its|this one|that one)\b",
    re.IGNORECASE,
)


def standalone_question(message: str, history: list[tuple[str, str]]) -> str:
    """Offline rule for follow-ups: a message that leans on the last question ("and which of them use
    robots?") is asked together with that question, so retrieval sees the topic."""
    if history and _FOLLOW_UP.search(message.strip()):
        return f"{history[-1][0].strip()} {message.strip()}"
    return message


_default: Assistant | None = None


def ask(question: str, k: int | None = None) -> Answer:
    """Ask the shipped collection (or ASSISTANT_COLLECTION) through one shared Assistant."""
    global _default
    if _default is None:
        _default = Assistant()
    return _default.ask(question, k=k)

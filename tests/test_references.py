"""Reference-manager exports and catalogue dumps (tests/data/library, see its README): Zotero's BibTeX, RIS,
CSL-JSON and database of the same 30 papers read back as those 30 papers; the same work in several files is one
paper; malformed entries are named and skipped."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import ReadError
from assistant.ingest import readers, references, works
from assistant.records import Paper, printable

LIBRARY = Path(__file__).parent / "data" / "library"
EXPECTED = json.loads((LIBRARY / "expected.json").read_text(encoding="utf-8"))
FIELDS = ("title", "abstract", "year", "authors", "doi", "arxiv")


def zotero_database(folder: Path) -> Path:
    """zotero.sqlite as Zotero keeps it (its real schema, tests/data/library/zotero.sql)."""
    path = folder / "zotero.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript((LIBRARY / "zotero.sql").read_text(encoding="utf-8"))
    return path


def as_expected(papers: list[Paper]) -> list[dict[str, object]]:
    return sorted(({k: getattr(p, k) for k in FIELDS} for p in papers), key=lambda p: str(p["title"]))


@pytest.mark.parametrize("name", ["zotero.bib", "zotero.ris", "zotero-csl.json", "zotero.sqlite"])
def test_each_export_of_the_same_30_papers_reads_back_as_those_papers(name: str, tmp_path: Path) -> None:
    path = zotero_database(tmp_path) if name == "zotero.sqlite" else LIBRARY / name
    notes: list[str] = []
    papers = readers.read_file(path, notes=notes)
    assert as_expected(papers) == sorted(EXPECTED, key=lambda p: p["title"])
    # the 31st entry has no abstract: counted, with an example
    assert notes == [f"{path}: 1 entry without an abstract skipped "
                     "(e.g. 'Scalable agent alignment via reward modeling: a research direction')"]


def test_latex_in_a_bibtex_title_and_names_becomes_unicode() -> None:
    papers = {p.title: p for p in readers.read_file(LIBRARY / "zotero.bib")}
    assert "Multi-marginal Schrödinger Bridges with Iterative Reference Refinement" in papers
    assert "Piotr Dollár" in papers["Masked Autoencoders Are Scalable Vision Learners"].authors
    assert not any("{" in p.title or "\\" in p.title for p in papers.values())


def test_every_format_together_gives_each_work_once_with_all_its_sources(tmp_path: Path) -> None:
    files = [LIBRARY / n for n in ("zotero.bib", "zotero.ris", "zotero-csl.json", "openalex-page.json",
                                   "openalex-works.jsonl", "arxiv-feed.xml")]
    loaded = readers.load([*files, zotero_database(tmp_path)])
    titles = Counter(works.normalise(p.title) for p in loaded.papers)
    assert max(titles.values()) == 1  # no duplicates
    for paper in EXPECTED:  # no lost papers, each with its four copies and its identifiers
        [found] = [p for p in loaded.papers if p.title == paper["title"]]
        assert len(found.sources) >= 4 and (found.doi, found.arxiv) == (paper["doi"], paper["arxiv"])
    assert loaded.merged == sum(len(p.sources) for p in loaded.papers) - len(loaded.papers)
    # arXiv spells "Francois Charton"; the first copy read (Zotero's) keeps its "François"
    feed = {p.arxiv for p in readers.read_file(LIBRARY / "arxiv-feed.xml")}
    assert feed <= {p.arxiv for p in loaded.papers}


def test_a_malformed_bibtex_entry_is_named_and_the_rest_is_read() -> None:
    notes: list[str] = []
    papers = readers.read_file(LIBRARY / "malformed.bib", notes=notes)
    assert sorted(p.title for p in papers) == sorted([
        "The Platonic Representation Hypothesis", "On Neural Differential Equations",
        "Dynamic Evaluation of Neural Sequence Models",
        "Model scale versus domain knowledge in statistical forecasting of chaotic systems",
    ])
    assert len(notes) == 2 and "line 12" in notes[0] and "huh_platonic_2024: a second entry" in notes[1]


def test_a_malformed_ris_record_is_named_and_never_glued_into_another() -> None:
    notes: list[str] = []
    papers = {p.title: p for p in readers.read_file(LIBRARY / "malformed.ris", notes=notes)}
    assert {"The Platonic Representation Hypothesis", "Dynamic Evaluation of Neural Sequence Models",
            "Model scale versus domain knowledge in statistical forecasting of chaotic systems"} <= set(papers)
    assert "Deep Learning on a Data Diet: Finding Important Examples Early in Training" not in papers
    assert not any("Warning" in p.abstract or "Warning" in p.title for p in papers.values())
    assert len(notes) == 2 and "line 16 has no `ER  -` line" in notes[0] and "line 48 is not an RIS tag" in notes[1]


def test_files_are_sniffed_by_content_when_the_suffix_says_nothing(tmp_path: Path) -> None:
    for name, suffix in (("zotero.bib", ".txt"), ("zotero.ris", ""), ("arxiv-feed.xml", ".atom")):
        renamed = tmp_path / f"export-{name.split('.')[1]}{suffix}"
        renamed.write_bytes((LIBRARY / name).read_bytes())
        assert len(readers.read_file(renamed)) == len(readers.read_file(LIBRARY / name)), name
    assert len(readers.read_file(zotero_database(tmp_path).rename(tmp_path / "library.db"))) == 30


def test_a_zotero_database_is_read_without_writing_it(tmp_path: Path) -> None:
    path = zotero_database(tmp_path)
    with sqlite3.connect(path) as zotero:  # Zotero running, in the middle of a write
        zotero.execute("BEGIN EXCLUSIVE")
        before, files = path.read_bytes(), sorted(tmp_path.iterdir())
        assert len(readers.read_file(path)) == 30  # no "database is locked"
        assert path.read_bytes() == before and sorted(tmp_path.iterdir()) == files


@pytest.mark.parametrize("damage", ["truncated", "another database"])
def test_a_damaged_or_foreign_database_is_one_read_error(damage: str, tmp_path: Path) -> None:
    path = zotero_database(tmp_path)
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:5000])
    else:
        path.unlink()
        sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    loaded = readers.load([path, LIBRARY / "zotero.ris"])  # the good file given with it is still read
    [warning] = [w for w in loaded.warnings if "zotero.sqlite" in w]
    assert warning.startswith(f"{path}: not a Zotero library") and len(loaded.papers) == 30


def test_identifiers_are_kept_in_one_form() -> None:
    paper = Paper(id="x", title="t", abstract="a", doi="https://doi.org/10.48550/arXiv.2106.09685",
                  arxiv="arXiv:2106.09685v2")
    assert (paper.doi, paper.arxiv, paper.link) == (
        "10.48550/arxiv.2106.09685", "2106.09685", "https://doi.org/10.48550/arxiv.2106.09685")
    assert Paper(id="x", title="t", abstract="a", doi="not a doi", arxiv="hep-th/9901001v3").model_dump(
        include={"doi", "arxiv"}) == {"doi": None, "arxiv": "hep-th/9901001"}


# --- any input: papers or one clear error, never a traceback ------------------------------------------------------
EXPORTS = {n: (LIBRARY / n).read_text(encoding="utf-8") for n in
           ("zotero.bib", "zotero.ris", "zotero-csl.json", "openalex-page.json", "openalex-works.jsonl",
            "arxiv-feed.xml", "malformed.bib", "malformed.ris")}


@st.composite
def damaged_export(draw: st.DrawFn) -> tuple[str, str]:
    """A real export with a piece cut out and random text put in its place, as a bad copy or a bad tool does."""
    name = draw(st.sampled_from(sorted(EXPORTS)))
    text = EXPORTS[name]
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 400)))
    return name, text[:start] + draw(st.text(max_size=30)) + text[end:]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(export=damaged_export())
def test_a_damaged_export_becomes_papers_and_named_notes_or_one_read_error(
    export: tuple[str, str], tmp_path: Path
) -> None:
    name, text = export
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    notes: list[str] = []
    try:
        papers = readers.read_file(path, notes=notes)
    except ReadError as err:
        assert str(err).startswith(f"{path}: ")
        return
    assert all(n.startswith(f"{path}: ") for n in notes)
    for paper in papers:
        assert paper.abstract.strip() and printable(paper.title) == paper.title and paper.sources


# --- a Zotero user's library, end to end (the real model) ---------------------------------------------------------
@pytest.mark.slow
def test_a_zotero_export_ingests_in_one_command_and_answers_with_its_identifiers(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from assistant.cli.main import app

    runner = CliRunner()
    files = [str(LIBRARY / "zotero.bib"), str(LIBRARY / "zotero.ris")]
    ingested = runner.invoke(app, ["ingest", *files, "-c", "zotero"])
    assert ingested.exit_code == 0, ingested.output
    assert "30 papers" in ingested.stdout and "30 repeated entries joined the paper they repeat" in ingested.stdout
    assert "1 entry without an abstract skipped" in ingested.stderr

    asked = runner.invoke(app, ["ask", "Are masked autoencoders scalable vision learners?", "-c", "zotero",
                                "--format", "bibtex"])
    assert asked.exit_code == 0, asked.output
    entries, problems = references.bibtex_entries(asked.stdout)
    mae = next(e for e in entries if e["title"] == "Masked Autoencoders Are Scalable Vision Learners")
    assert problems == [] and (mae["doi"], mae["arxiv"]) == ("10.48550/arxiv.2111.06377", "2111.06377")


@pytest.mark.slow
def test_the_api_ingests_a_zotero_database_beside_the_same_papers_from_arxiv(tmp_path: Path) -> None:
    from assistant import Assistant

    mine = Assistant(collection="mine")
    report = mine.ingest([zotero_database(tmp_path), LIBRARY / "arxiv-feed.xml"], progress=False)
    assert (report.papers, report.merged) == (31, 2)  # two of the feed's three are in the library already
    [mae] = [p for p in mine.papers("masked autoencoders", limit=3) if p.arxiv == "2111.06377"]
    assert mae.doi == "10.48550/arxiv.2111.06377" and mae.link == "https://doi.org/10.48550/arxiv.2111.06377"
    assert mine.paper(mae.id) == mae


def test_a_page_dump_starting_with_a_bracket_stays_a_page_dump_and_a_json_dump_of_lines_is_read(tmp_path: Path) -> None:
    dump = tmp_path / "papers.txt"
    dump.write_text("[Re] Reproducing grokking\nWe reproduce grokking on modular arithmetic. It holds. "
                    "Weight decay matters a lot.\n", encoding="utf-8")
    assert [p.title for p in readers.read_file(dump)] == ["[Re] Reproducing grokking"]
    lines = tmp_path / "works.json"  # an OpenAlex dump saved as .json, one work a line
    lines.write_bytes((LIBRARY / "openalex-works.jsonl").read_bytes())
    assert len(readers.read_file(lines)) == 3


def test_an_abstract_a_tool_wrapped_onto_several_ris_lines_is_read_whole(tmp_path: Path) -> None:
    wrapped = tmp_path / "endnote.ris"
    wrapped.write_text("TY  - JOUR\nTI  - Grokking explained\nAU  - Doe, Jane\nPY  - 2022\n"
                       "AB  - Grokking is delayed generalisation.\n    We explain it by weight decay.\nER  - \n",
                       encoding="utf-8")
    [paper] = readers.read_file(wrapped)
    assert paper.abstract == "Grokking is delayed generalisation. We explain it by weight decay."
    assert paper.authors == ["Jane Doe"] and paper.year == 2022

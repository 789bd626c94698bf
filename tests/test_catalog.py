"""The library without a search: every paper a page at a time, sorted by title or source file, filtered by
file, with year, authors and link; through the API and the command line."""

from __future__ import annotations

import pytest
from lab_papers import FINCH, KELP, OCTOPUS, T5X
from typer.testing import CliRunner

from assistant import Assistant
from assistant.cli.main import app
from assistant.errors import CatalogError
from assistant.present.catalog import browse
from assistant.records import Paper

runner = CliRunner()


def paper(n: int, source: str) -> Paper:
    return Paper(id=f"p{n}", title=f"Title {n:02d}", abstract="…", sources=[source])


def test_pages_hold_per_page_papers_and_say_where_they_are() -> None:
    papers = [paper(n, f"a.txt#{n}") for n in range(1, 53)]
    listing = browse(papers, page=3, per_page=25)
    assert [p.id for p in listing.papers] == ["p51", "p52"]
    assert (listing.total, listing.pages, listing.first) == (52, 3, 51)
    assert listing.heading == "Papers 51–52 of 52, by title (page 3 of 3)"
    with pytest.raises(CatalogError, match="there is no page 4: 52 papers make 3 page"):
        browse(papers, page=4)


def test_sort_by_source_follows_the_file_then_the_position() -> None:
    papers = [paper(1, "b.txt#1"), paper(2, "a.txt#10"), paper(3, "a.txt#9"), paper(4, "a.txt")]
    assert [p.id for p in browse(papers, sort="source").papers] == ["p4", "p3", "p2", "p1"]
    assert [p.id for p in browse(papers, sort="title").papers] == ["p1", "p2", "p3", "p4"]


def test_a_source_filter_keeps_that_file_and_names_the_files_when_wrong() -> None:
    papers = [paper(1, "b.txt#1"), paper(2, "a.txt#1"), Paper(id="p3", title="Both", abstract="…",
                                                               sources=["a.txt#2", "b.txt#2"])]
    assert [p.id for p in browse(papers, source="b.txt").papers] == ["p3", "p1"]
    with pytest.raises(CatalogError, match="no source file named 'c.txt' in the collection; it has a.txt, b.txt"):
        browse(papers, source="c.txt")


def test_the_api_browses_the_collection_with_what_the_data_says(lab: Assistant) -> None:
    listing = lab.browse()
    assert [p.title for p in listing.papers] == [KELP, OCTOPUS, T5X, FINCH]
    finch = listing.papers[-1]
    assert (finch.year, finch.authors, finch.url) == (2021, ["Ana Ruiz", "Ben Okafor"], "https://example.org/finch")
    assert listing.papers[0].authors == ["Cho", "Dube", "Eze", "Falk"]  # "Cho, Dube, Eze and Falk" in the file
    assert [p.title for p in lab.browse(source="extra.jsonl").papers] == [OCTOPUS]
    assert [p.title for p in lab.browse(sort="source").papers] == [OCTOPUS, FINCH, KELP, T5X]  # extra.jsonl, lab.jsonl
    assert [p.title for p in lab.browse(sort="source", per_page=2, page=2).papers] == [KELP, T5X]


def test_cli_lists_pages_sorted_and_filtered_with_details(lab: Assistant) -> None:
    everything = runner.invoke(app, ["papers"])
    assert everything.exit_code == 0, everything.output
    assert everything.stdout.splitlines() == [
        f"kelp  {KELP}", "    2019 · Cho, Dube, Eze, Falk · https://example.org/kelp",
        f"octopus  {OCTOPUS}",
        f"t5x  {T5X}", "    2022",
        f"finch  {FINCH}", "    2021 · Ana Ruiz, Ben Okafor · https://example.org/finch",
    ]
    assert "Papers 1–4 of 4, by title (page 1 of 1) in 'lab'" in everything.stderr
    paged = runner.invoke(app, ["papers", "--sort", "source", "--page", "2", "-n", "3"])
    assert paged.stdout.splitlines() == [f"t5x  {T5X}", "    2022"]
    assert "Papers 4–4 of 4, by source (page 2 of 2)" in paged.stderr
    only = runner.invoke(app, ["papers", "--source", "extra.jsonl"])
    assert only.stdout.splitlines() == [f"octopus  {OCTOPUS}"] and "of 1 from extra.jsonl" in only.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["papers", "--page", "9"], "there is no page 9: 4 papers make 1 page(s) of 25"),
        (["papers", "--source", "nope.txt"], "no source file named 'nope.txt' in the collection; it has extra.jsonl"),
        (["papers", "--sort", "year"], "'year' is not one of"),
    ],
)
def test_cli_browsing_mistakes_exit_2(lab: Assistant, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and message in result.output, result.output

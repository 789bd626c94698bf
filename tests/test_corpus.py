import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.config import SHIPPED_ABSTRACTS
from assistant.ingest import readers as corpus
from assistant.records import Paper, printable

SHIPPED = {f.name[:3]: f for f in SHIPPED_ABSTRACTS.iterdir()}


@pytest.mark.parametrize(
    ("prefix", "count", "untitled"),
    [("000", 10, 10), ("001", 57, 0), ("002", 241, 0), ("003", 221, 0)],
)
def test_each_shipped_file_reads_to_its_entries(prefix: str, count: int, untitled: int) -> None:
    papers = corpus.read_file(SHIPPED[prefix])
    assert len(papers) == count
    assert sum(p.title_is_derived for p in papers) == untitled


def test_shipped_collection_merges_to_501_distinct_papers() -> None:
    result = corpus.load([SHIPPED_ABSTRACTS])
    assert len(result.papers) == 501
    assert result.warnings == []
    assert sum(len(p.sources) for p in result.papers) == 529  # every entry kept as a source
    repeated = [p for p in result.papers if len(p.sources) > 1]
    assert repeated and all(len({s.split("#")[0] for s in p.sources}) == len(p.sources) for p in repeated)


def test_page_chrome_is_stripped_and_glued_subscribe_removed() -> None:
    titles = {p.title for p in corpus.load([SHIPPED_ABSTRACTS]).papers}
    assert "You Do Not Fully Utilize Transformer's Representation Capacity" in titles
    assert "Scaling Proprioceptive-Visual Learning with Heterogeneous Pre-trained Transformers" in titles
    chrome = ("Subscribe", "new", "Apr 17", "byAK", "Get trending")
    assert not [t for t in titles if t.startswith(chrome)]


def test_page_dump_with_and_without_blank_lines() -> None:
    abstract = "We study a thing. It works well in practice. Results improve on three benchmarks by 5%."
    packed = f"Get trending papers in your email inbox!\nSubscribeFirst Title\n{abstract}\nSecond Title\n{abstract} Again."
    spaced = f"new\n\nSubscribe\n\nbyAK and the research community\n\nApr 17\n\nFirst Title\n\n{abstract}\n"
    assert [p.title for p in corpus.read_page_dump(packed, "a.txt")] == ["First Title", "Second Title"]
    (paper,) = corpus.read_page_dump(spaced, "b.txt")
    assert (paper.title, paper.abstract, paper.sources) == ("First Title", abstract, ["b.txt#1"])


def test_html_entities_that_a_page_dump_mangled_are_restored() -> None:
    dump = "A Title\nThe more expressive the modelx2013and the more datax2014the better. It exceeds 0x20 in practice. We show it.\n"
    (paper,) = corpus.read_page_dump(dump, "a.txt")
    assert paper.abstract == "The more expressive the model\u2013and the more data\u2014the better. It exceeds 0x20 in practice. We show it."
    shipped = " ".join(p.abstract for p in corpus.load([SHIPPED_ABSTRACTS]).papers)
    assert "x2013" not in shipped and "model\u2013and" in shipped


def test_untitled_abstracts_get_an_honest_label() -> None:
    papers = corpus.read_file(SHIPPED["000"])
    third = papers[2]
    assert third.title == 'Untitled abstract (MIT #3): "Beyond neural scaling laws, little is known about…"'
    assert third.title_is_derived and third.id.startswith("u-")
    assert third.abstract.startswith("Beyond neural scaling laws")


def test_grouped_list_needs_a_group_line() -> None:
    with pytest.raises(corpus.ReadError, match="naming the group"):
        corpus.read_grouped("Abstract: something we did.", "g.txt")


def test_jsonl_keeps_own_id_and_optional_fields(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    rows = [
        {"id": "arxiv:1", "title": "A Paper", "abstract": "It does things.", "year": 2024, "authors": ["A", "B"]},
        {"_id": "4983", "title": "BEIR Doc", "text": "BEIR calls the abstract text."},
        {"title": "No abstract"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    first, beir = corpus.read_file(path)
    assert (first.id, first.year, first.authors, first.sources) == ("arxiv:1", 2024, ["A", "B"], ["mine.jsonl#1"])
    assert (beir.id, beir.abstract) == ("4983", "BEIR calls the abstract text.")


def test_csv_with_title_and_abstract(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text('title,abstract,url\n"Comma, Title","An abstract.",https://x.org\n,"Untitled one."\n')
    titled, untitled = corpus.read_file(path)
    assert (titled.title, titled.url) == ("Comma, Title", "https://x.org")
    assert untitled.title_is_derived and untitled.title.startswith("Untitled abstract (list #2)")


def test_the_same_paper_in_two_files_is_merged(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"title": "Same Paper!", "abstract": "Short."}))
    (tmp_path / "b.csv").write_text("title,abstract\nsame paper,A longer abstract.\n")
    (paper,) = corpus.load([tmp_path]).papers
    assert paper.sources == ["a.jsonl#1", "b.csv#1"]
    assert paper.abstract == "A longer abstract."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("blob.txt", b"\x00\x01\x02binary", "looks binary"),
        ("latin.txt", "Caf\xe9 title\n".encode("latin-1"), "not UTF-8"),
        ("bad.jsonl", b'{oops\n[1, 2]', "line 1 is not valid JSON"),
        ("cols.csv", b"name,body\nx,y\n", "needs an 'abstract'"),
        ("notes.pdf", b"%PDF-1.4", "unsupported file type"),
    ],
)
def test_a_bad_file_is_a_warning_and_the_good_ones_still_load(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.jsonl").write_text(json.dumps({"title": "Good", "abstract": "Fine."}))
    result = corpus.load([tmp_path])
    assert [p.title for p in result.papers] == ["Good"]
    (warning,) = result.warnings
    assert name in warning and message in warning


def test_a_json_lines_file_is_read_a_line_at_a_time_and_a_bad_line_costs_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [json.dumps({"title": "First", "abstract": "One."}).encode(), '{"title": "Caf\xe9"}'.encode("latin-1"),
             json.dumps({"title": "Third", "abstract": "Three."}).encode()]
    path.write_bytes(b"\n".join(lines))
    notes: list[str] = []
    first = next(corpus.papers_in(path, notes=notes))  # the first paper, before the rest of the file is read
    assert first.title == "First" and notes == []
    assert [p.title for p in corpus.read_file(path, notes=notes)] == ["First", "Third"]
    assert notes == [f"{path}: line 2 is not UTF-8 text (byte 14); skipped"]


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere.txt"):
        corpus.load([tmp_path / "nowhere.txt"])


def test_records_with_their_own_ids_are_not_merged_by_title(tmp_path: Path) -> None:
    rows = [{"_id": "1", "title": "Summary", "text": "One."}, {"_id": "2", "title": "Summary", "text": "Two."}]
    (tmp_path / "corpus.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    assert [p.id for p in corpus.load([tmp_path]).papers] == ["1", "2"]


# --- any input: a paper or a ReadError naming the file, never another exception -----------------------------
FIELDS = ["title", "abstract", "text", "id", "_id", "year", "authors", "url", "Title", " ABSTRACT "]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
RECORDS = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), JSON_VALUES, max_size=6)
JSONL = st.lists(st.builds(json.dumps, RECORDS) | st.text(max_size=40), max_size=6).map("\n".join)
LINES = st.lists(
    st.text(max_size=60) | st.builds("Abstract: {}".format, st.text(max_size=60)) | st.sampled_from(
        ["new", "Subscribe", "SubscribeA title", "Apr 17", "byAK and the research community", "", "Abstract:"]
    ),
    max_size=8,
).map("\n".join)


def csv_text(columns: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


CSV = st.builds(
    csv_text, st.lists(st.sampled_from(FIELDS) | st.text(max_size=8), min_size=1, max_size=4),
    st.lists(st.lists(st.text(max_size=40), max_size=5), max_size=5),
) | st.text()


def papers_or_read_error(read: Callable[[], list[Paper]]) -> None:
    try:
        papers = read()
    except corpus.ReadError as err:
        assert str(err).split(":")[0], "the message names the file"
        return
    for paper in papers:
        assert paper.id and paper.abstract.strip() and paper.sources


@pytest.mark.parametrize(
    ("reader", "texts"),
    [
        (corpus.read_text, LINES | st.text()),
        (corpus.read_page_dump, LINES | st.text()),
        (corpus.read_grouped, LINES | st.text()),
        (corpus.read_jsonl, JSONL),
        (corpus.read_csv, CSV),
    ],
)
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_each_reader_turns_any_text_into_papers_or_a_read_error(
    reader: Callable[[str, str], list[Paper]], texts: st.SearchStrategy[str], data: st.DataObject
) -> None:
    text = data.draw(texts)
    papers_or_read_error(lambda: reader(text, "input.x"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.binary(max_size=300) | JSONL.map(str.encode) | CSV.map(str.encode) | LINES.map(str.encode),
    suffix=st.sampled_from([".txt", ".jsonl", ".csv", ".JSONL", ".pdf", "", ".bib", ".ris", ".json", ".xml", ".sqlite"]),
)
def test_any_bytes_in_any_file_become_papers_or_a_warning(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(content)
    papers_or_read_error(lambda: corpus.read_file(path))
    loaded = corpus.load([path])
    assert loaded.papers or loaded.warnings  # a file with papers may also name the records it skipped
    assert all(path.name in warning for warning in loaded.warnings)
    assert all(printable(p.title) == p.title and printable(p.abstract) == p.abstract for p in loaded.papers)


def test_one_bad_record_never_aborts_its_file_nor_the_files_given_with_it(tmp_path: Path) -> None:
    rows = [
        {"title": "Kelp forests", "abstract": "Kelp stores carbon.", "year": "9" * 5000},  # int() refuses 5,000 digits
        "{not json",
        {"title": "T" * 100_000, "abstract": "A title no paper has."},
        {"title": "Seagrass", "abstract": "Seagrass meadows. " * 3000},
        {"title": "\x1b]8;;http://evil.example\x07Coral\x1b]8;;\x07 \x1b[2Jreefs", "abstract": "Reefs\x1b]0;owned\x07 bleach."},
    ]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows))
    (tmp_path / "good.jsonl").write_text(json.dumps({"title": "Good", "abstract": "Fine."}))
    result = corpus.load([tmp_path])
    papers = {p.title: p for p in result.papers}
    assert set(papers) == {"Kelp forests", "Seagrass", "Coral reefs", "Good"}
    assert papers["Kelp forests"].year is None and papers["Coral reefs"].abstract == "Reefs bleach."
    assert len(papers["Seagrass"].abstract) <= 20_001 and papers["Seagrass"].abstract.endswith("…")
    assert [w.split(": ", 1)[1] for w in result.warnings] == [
        "bad.jsonl#1: a year of 5,000 characters (ASSISTANT_MAX_NUMBER_DIGITS=4) is left out",
        "line 2 is not valid JSON (Expecting property name enclosed in double quotes); skipped",
        "entry 3: a title of 100,000 characters (ASSISTANT_MAX_TITLE_CHARS=1,000); skipped",
        "entry 4: an abstract of 53,999 characters, cut to 20,000 (ASSISTANT_MAX_ABSTRACT_CHARS)",
    ]
    assert all(w.startswith(str(bad)) for w in result.warnings)


LIMITS = corpus.Limits(title_chars=30, abstract_chars=200, number_digits=4)


@settings(max_examples=200, deadline=None)
@given(records=st.lists(st.fixed_dictionaries({
    "title": st.text(max_size=60), "abstract": st.text(min_size=1, max_size=400),
    "year": st.text(alphabet="0123456789", max_size=8),
}), min_size=1, max_size=5))
def test_every_record_is_kept_within_the_limits_or_named(records: list[dict[str, str]]) -> None:
    notes: list[str] = []
    text = "\n".join(json.dumps(r) for r in records)
    try:
        papers = corpus.read_jsonl(text, "in.jsonl", LIMITS, notes)
    except corpus.ReadError:
        return
    for paper in [kept for p in papers if (kept := corpus.within(p, LIMITS, notes))]:
        assert len(paper.title) <= LIMITS.title_chars and len(paper.abstract) <= LIMITS.abstract_chars + 1
        assert paper.year is None or paper.year < 10_000
        assert printable(paper.title) == paper.title and printable(paper.abstract) == paper.abstract
    assert all(re.match(r"(in\.jsonl#\d+|entry \d+|line \d+): ", n) for n in notes)

"""The step files' codec: real documents come back equal, and a file of another version or shape says which."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest

from lz_pipeline.catalog import DocumentKind
from lz_pipeline.extract.reader import extract_document
from lz_pipeline.normalize.documents import Publications, normalize_department_year
from lz_pipeline.raw import RawDocument
from lz_pipeline.serialize import (
    FORMAT_VERSION,
    FormatError,
    Mismatch,
    decode,
    decode_fast,
    dumps,
    encode,
    encode_fast,
    loads,
)
from lz_pipeline_tests.conftest import OFFICE, REAL

PROCURATORATE_2017 = REAL / "budgets" / "jiangsu" / "2017" / "江苏省人民检察院" / "2017年省检察院部门预算.pdf"
PROCURATORATE = "江苏省人民检察院"  # as the document prints it (its truth.yaml)


def round_trip(value: object, hint: object) -> object:
    return loads(dumps(value, hint), hint, "test.json")


def assert_raw_equal(back: list[RawDocument], raws: list[RawDocument]) -> None:
    assert len(back) == len(raws)
    for got, want in zip(back, raws, strict=True):
        assert got.narrative == want.narrative
        assert all(type(page) is int and type(lines) is tuple for page, lines in got.narrative.items())
        for got_table, want_table in zip(got.tables, want.tables, strict=True):
            assert got_table.parts == want_table.parts
            assert all(type(row) is tuple for part in got_table.parts for row in part.rows)
            assert got_table == want_table
        assert got.printed_kind is want.printed_kind
        assert got == want


def assert_publications_equal(back: Publications, publications: Publications) -> None:
    for got, want in zip(back.documents, publications.documents, strict=True):
        assert got.document_kind is want.document_kind
        assert got.tables.keys() == want.tables.keys()
        for key, table in want.tables.items():
            for got_record, want_record in zip(got.tables[key].records, table.records, strict=True):
                assert got_record == want_record
                assert all(type(v) is Decimal for v in got_record.amounts.values())
            assert got.tables[key] == table
        assert got.statuses == want.statuses and got.files == want.files
        assert got.narrative == want.narrative
        assert got == want
    assert back == publications


def test_office_2020_comes_back_equal(raw_2020: RawDocument) -> None:
    publications = normalize_department_year([raw_2020], OFFICE, 2020)
    assert_raw_equal(round_trip([raw_2020], list[RawDocument]), [raw_2020])
    assert_publications_equal(round_trip(publications, Publications), publications)


def test_a_real_budget_with_text_and_tables_comes_back_equal() -> None:
    raw = extract_document(PROCURATORATE_2017)
    assert raw.narrative and raw.tables  # text 1–9, tables 10–18 (data/real/budgets/README.md)
    publications = normalize_department_year([raw], PROCURATORATE, 2017)
    assert [d.document_kind for d in publications.documents] == [DocumentKind.BUDGET]
    assert_raw_equal(round_trip([raw], list[RawDocument]), [raw])
    assert_publications_equal(round_trip(publications, Publications), publications)


def test_money_is_a_string_never_a_float(raw_2020: RawDocument) -> None:
    data = json.loads(dumps(normalize_department_year([raw_2020], OFFICE, 2020), Publications))
    assert data["format_version"] == FORMAT_VERSION and data["type"] == "Publications"
    summary = data["value"]["documents"][0]["tables"]["summary"]["records"]
    totals = [r["amounts"]["amount"] for r in summary if r["keys"]["item"] == "总计"]
    assert totals == ["3542.28", "3542.28"]  # 总计 on both sides, as printed (the sample's truth.yaml)
    assert data["value"]["documents"][0]["document_kind"] == "决算"


@dataclass(frozen=True)
class Leaf:
    amount: Decimal
    kind: DocumentKind
    pages: tuple[int, ...] = ()


@dataclass
class Tree:
    leaves: dict[int, Leaf]
    pair: tuple[str, int | None]
    keys: dict[str, object] = field(default_factory=dict)
    note: str | None = None


TREE = Tree(
    {3: Leaf(Decimal("0.10"), DocumentKind.BUDGET, (1, 2))}, ("a", None), {"code": "201", "level": 1, "x": None}
)


def test_hints_decide_the_json() -> None:
    assert json.loads(dumps(TREE, Tree))["value"] == {
        "leaves": {"3": {"amount": "0.10", "kind": "预算", "pages": [1, 2]}},
        "pair": ["a", None],
        "keys": {"code": "201", "level": 1, "x": None},
        "note": None,
    }
    back = round_trip(TREE, Tree)
    assert back == TREE and str(back.leaves[3].amount) == "0.10" and back.leaves[3].kind is DocumentKind.BUDGET


REFUSED = [
    (Tree({1: Leaf(0.1, DocumentKind.FINAL)}, ("a", 1)), "value.leaves.1.amount: expected Decimal, found float"),
    (Tree({}, ("a", 1), {"amount": Decimal(1)}), "value.keys.amount: expected a JSON scalar"),
    (Tree({}, ("a", "1")), "value.pair[1]: expected int | None, found str"),
]


@pytest.mark.parametrize(("value", "where"), REFUSED)
def test_a_value_that_does_not_fit_its_hint_is_refused(value: Tree, where: str) -> None:
    with pytest.raises(Mismatch) as error:
        encode(value, Tree)
    assert str(error.value).startswith(where)


def stored(tmp_path: Path, edit) -> Path:
    data = json.loads(dumps(TREE, Tree))
    edit(data)
    path = tmp_path / "tree.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _drop(data: dict, *keys: str) -> None:
    for key in keys[:-1]:
        data = data[key]
    del data[keys[-1]]


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda d: d.update(format_version=FORMAT_VERSION + 1), f"format_version {FORMAT_VERSION + 1}, this code"),
        (lambda d: _drop(d, "format_version"), "not a step file: no format_version"),
        (lambda d: d.update(type="Publications"), "holds Publications, expected Tree"),
        (lambda d: _drop(d, "value", "pair"), "does not fit Tree at value: Tree field pair is missing"),
        (lambda d: d["value"].update(renamed=1), "does not fit Tree at value: Tree has no field renamed"),
        (lambda d: d["value"]["leaves"]["3"].update(amount=0.1), "at value.leaves.3.amount: expected Decimal"),
        (lambda d: d["value"]["leaves"]["3"].update(kind="决算书"), "at value.leaves.3.kind: expected DocumentKind"),
        (lambda d: d["value"]["leaves"].update(three={}), "at value.leaves: key 'three' does not read as int"),
    ],
)
def test_a_file_of_another_version_or_shape_fails_naming_it(tmp_path: Path, edit, problem: str) -> None:
    path = stored(tmp_path, edit)
    with pytest.raises(FormatError) as error:
        loads(path.read_bytes(), Tree, str(path))
    assert str(error.value).startswith(f"{path}: ")
    assert problem in str(error.value)


def test_a_field_added_with_a_default_reads_old_files(tmp_path: Path) -> None:
    path = stored(tmp_path, lambda d: _drop(d, "value", "note"))
    assert loads(path.read_bytes(), Tree, str(path)) == TREE


def test_a_pickle_is_not_a_step_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"^x/raw_tables: not JSON"):
        loads(b"\x80\x05\x95", list[RawDocument], "x/raw_tables")


def test_the_compiled_codecs_give_what_the_walkers_give(raw_2020: RawDocument) -> None:
    """The step files are written and read by compiled codecs; they must agree with the walkers that
    define the format (and that report where a value does not fit)."""
    publications = normalize_department_year([raw_2020], OFFICE, 2020)
    for value, hint in ((publications, Publications), ([raw_2020], list[RawDocument])):
        data = encode(value, hint)
        assert encode_fast(value, hint) == data
        assert decode_fast(data, hint) == decode(data, hint) == value


@pytest.mark.parametrize(("value", "where"), REFUSED)
def test_the_compiled_codecs_refuse_as_the_walkers_do(value: Tree, where: str) -> None:
    """dumps writes through the compiled encoder; what it refuses is reported where the walker finds it."""
    with pytest.raises(Mismatch) as error:
        dumps(value, Tree)
    assert str(error.value).startswith(where)

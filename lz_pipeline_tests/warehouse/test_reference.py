"""The reference code lists: valid, complete for the corpus and the Shanghai lists, renames as editions."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import duckdb
import pytest
import yaml

from lz_pipeline.warehouse.dimensions import (
    REFERENCE_DIR,
    CodeEdition,
    ReferenceError,
    load_all_dimensions,
    read_code_list,
    read_departments,
)
from lz_pipeline_tests.conftest import RAW, REAL, sample_pdf

SHANGHAI_LISTS = REAL / "shanghai-2024"
CODED_TABLES = {
    "income": "function",
    "expenditure": "function",
    "fiscal_expenditure_detail": "function",
    "general_budget_expenditure": "function",
    "government_fund": "function",
    "state_capital": "function",
    "state_capital_expenditure": "function",
    "general_budget_expenditure_detail": "economic",
    "general_budget_project": "economic",
}


@pytest.fixture(scope="module")
def function_codes() -> list[CodeEdition]:
    return read_code_list(REFERENCE_DIR / "function_codes.csv", "function")


@pytest.fixture(scope="module")
def economic_codes() -> list[CodeEdition]:
    return read_code_list(REFERENCE_DIR / "economic_codes.csv", "economic")


def _name_in(editions: list[CodeEdition], code: str, year: int) -> str | None:
    names = [e.name for e in editions if e.code == code and e.valid_in(year)]
    assert len(names) <= 1, f"{code} has overlapping editions in {year}"
    return names[0] if names else None


@cache
def _truth_file(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _truth_codes() -> list[tuple[int, str, str, str]]:
    """(year, kind, code, printed name) of every coded row of every truth file."""
    found = []
    for path in sorted([*RAW.glob("*/*.truth.yaml"), *RAW.glob("*/*/*.truth.yaml")]):
        truth = _truth_file(path)
        for key, kind in CODED_TABLES.items():
            for row in (truth["tables"].get(key) or {}).get("rows") or []:
                if row[0]:
                    found.append((truth["year"], kind, row[0], row[1]))
        basic = truth["tables"]["general_budget_basic"]
        for row in [*basic.get("personnel", []), *basic.get("public", [])]:
            found.append((truth["year"], "economic", row[0], row[1]))
    return found


def test_every_truth_file_code_is_known_in_its_year(function_codes, economic_codes) -> None:
    lists = {"function": function_codes, "economic": economic_codes}
    codes = _truth_codes()
    office_2020 = {c for y, _, c, _ in codes if y == 2020 and c in {"2010301", "2210203", "31007", "30302"}}
    assert office_2020 == {"2010301", "2210203", "31007", "30302"}
    missing = [(y, k, c, n) for y, k, c, n in codes if _name_in(lists[k], c, y) is None]
    assert missing == []


def test_truth_file_names_agree_except_the_documented_20805(function_codes, economic_codes) -> None:
    lists = {"function": function_codes, "economic": economic_codes}
    differ = {(y, c, n, _name_in(lists[k], c, y)) for y, k, c, n in _truth_codes() if _name_in(lists[k], c, y) != n}
    # The published 2020 report prints 行政事业单位离退休(款); the truth files use the 2021 name.
    assert differ == {
        (2019, "20805", "行政事业单位养老支出", "行政事业单位离退休"),
        (2020, "20805", "行政事业单位养老支出", "行政事业单位离退休"),
    }


def test_every_printed_class_line_is_a_class_of_its_edition(function_codes) -> None:
    """The 类 lines of every truth file's 总表 (printed by name, without code) are 类 names of that year."""
    for path in sorted([*RAW.glob("*/*.truth.yaml"), *RAW.glob("*/*/*.truth.yaml")]):
        truth = _truth_file(path)
        names = {e.name for e in function_codes if e.level == 1 and e.valid_in(truth["year"])}
        printed = [item.split("、", 1)[1] for item, *_ in truth["tables"]["summary"]["expenditure"] if "、" in item]
        assert len(printed) == (25 if truth["year"] == 2019 else 26), path
        assert [n for n in printed if n not in names] == [], path


def test_every_class_and_the_known_renames(function_codes, economic_codes) -> None:
    assert _name_in(function_codes, "207", 2018) == "文化体育与传媒支出"
    assert _name_in(function_codes, "207", 2019) == "文化旅游体育与传媒支出"
    assert _name_in(function_codes, "215", 2019) == "资源勘探信息等支出"
    assert _name_in(function_codes, "215", 2020) == "资源勘探工业信息等支出"
    assert _name_in(function_codes, "210", 2018) == "医疗卫生与计划生育支出"
    assert _name_in(function_codes, "210", 2020) == "卫生健康支出"
    assert _name_in(function_codes, "234", 2019) is None
    assert _name_in(function_codes, "234", 2020) == "抗疫特别国债安排的支出"
    assert _name_in(function_codes, "20805", 2020) == "行政事业单位离退休"
    assert _name_in(function_codes, "20805", 2021) == "行政事业单位养老支出"
    # The 26 expenditure lines of the 2020 总表 are exactly the 类 of the 2020 edition that a 部门决算 prints
    # (all but 209 社会保险基金支出, 227 预备费, 230 转移性支出, 233 债务发行费用支出).
    classes_2020 = {e.code: e.name for e in function_codes if e.level == 1 and e.valid_in(2020)}
    truth = _truth_file(sample_pdf(2020, "泸州市人民政府办公室").with_suffix(".truth.yaml"))
    printed = [item.split("、", 1)[1] for item, *_ in truth["tables"]["summary"]["expenditure"] if "、" in item]
    assert len(printed) == 26
    assert sorted(printed) == sorted(n for c, n in classes_2020.items() if c not in {"209", "227", "230", "233"})
    assert {e.code: e.name for e in economic_codes if e.level == 1 and e.valid_in(2020)} == {
        "301": "工资福利支出",
        "302": "商品和服务支出",
        "303": "对个人和家庭的补助",
        "307": "债务利息及费用支出",
        "309": "资本性支出（基本建设）",
        "310": "资本性支出",
        "311": "对企业补助（基本建设）",
        "312": "对企业补助",
        "313": "对社会保障基金补助",
        "399": "其他支出",
    }


@pytest.mark.parametrize(
    ("filename", "kind"),
    [("func_codes_seen_in_shanghai_pdfs.csv", "function"), ("econ_basic_from_shanghai_template_2024.csv", "economic")],
)
def test_every_shanghai_code_is_known_in_2024_with_its_name(filename: str, kind: str) -> None:
    path = SHANGHAI_LISTS / filename
    editions = read_code_list(REFERENCE_DIR / f"{kind}_codes.csv", kind)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == (95 if kind == "function" else 65)
    assert [(r["code"], r["name"]) for r in rows if _name_in(editions, r["code"], 2024) != r["name"]] == []


def test_every_corpus_department_is_listed_with_its_level_and_region() -> None:
    listed = {d.name: (d.level, d.region) for d in read_departments(REFERENCE_DIR / "departments.csv")}
    for path in sorted([*RAW.glob("*/*.truth.yaml"), *RAW.glob("*/*/*.truth.yaml")]):
        truth = _truth_file(path)
        assert listed.get(truth["department"]) == (truth["level"], truth["region"]), path
    assert listed["泸州市龙马潭区农业农村局"] == ("区县", "泸州市龙马潭区")


def test_an_alias_may_name_only_one_department(tmp_path: Path) -> None:
    path = tmp_path / "departments.csv"
    header = "department_id,name,level,region,aliases,note\n"
    path.write_text(header + "1,泸州市教育和体育局,市,泸州市,泸州市教育局|泸州市体育局,\n", encoding="utf-8")
    assert read_departments(path)[0].aliases == ("泸州市教育局", "泸州市体育局")
    path.write_text(header + "1,A局,市,泸州市,B局,\n2,B局,市,泸州市,,\n", encoding="utf-8")
    with pytest.raises(ReferenceError, match="'B局' already names department 1"):
        read_departments(path)


def test_a_contradictory_list_is_refused(tmp_path: Path) -> None:
    header = "code,name,level,parent_code,valid_from,valid_to,evidence,note\n"
    cases = {
        "2010,行政运行,项,201,2019,,,\n": "does not fit level",
        "201,一般公共服务支出,类,,2019,,,\n20103,政府办公厅,款,202,2019,,,\n": "parent of 20103 must be 201",
        "207,A,类,,2015,2019,,\n207,B,类,,2019,,,\n": "editions of 207 overlap",
        "201,一般公共服务支出,类,,2020,,,\n20103,政府办公厅,款,201,2019,,,\n": "parent 201 of 20103 not valid in 2019",
    }
    for body, message in cases.items():
        path = tmp_path / "codes.csv"
        path.write_text(header + body, encoding="utf-8")
        with pytest.raises(ReferenceError, match=message):
            read_code_list(path, "function")


def test_dimensions_load_and_reload_exactly(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        first = load_all_dimensions(conn)
        assert load_all_dimensions(conn) == first
        function_rows = sum(1 for _ in (REFERENCE_DIR / "function_codes.csv").open(encoding="utf-8")) - 1
        department_rows = sum(1 for _ in (REFERENCE_DIR / "departments.csv").open(encoding="utf-8")) - 1
        assert first == {"dim_function_code": function_rows, "dim_economic_code": 79, "dim_department": department_rows}
        assert conn.execute(
            "SELECT name, level, level_name, parent_code FROM dim_function_code WHERE code = '2010301'"
        ).fetchall() == [("行政运行", 3, "项", "20103")]
        assert conn.execute(
            "SELECT level, region, aliases FROM dim_department WHERE name = '泸州市人民政府办公室'"
        ).fetchall() == [("市", "泸州市", [])]

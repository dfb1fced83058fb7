"""docs/warehouse.md: generated from the schema, in step with it, and its example queries answer right."""

from __future__ import annotations

from decimal import Decimal as D

import duckdb
import pytest

from lz_pipeline.dictionary import DICTIONARY_PATH, EXAMPLES, describe, model_keys, reference_schema, render
from lz_pipeline.warehouse.schema import fact_tables
from lz_pipeline_tests.conftest import OFFICE


@pytest.fixture(scope="module")
def schema() -> duckdb.DuckDBPyConnection:
    with reference_schema() as conn:
        yield conn


def test_the_committed_dictionary_matches_the_schema(schema: duckdb.DuckDBPyConnection) -> None:
    committed = DICTIONARY_PATH.read_text(encoding="utf-8")
    assert committed == render(schema), "docs/warehouse.md is stale: run `lz-pipeline docs` and commit it"


def test_every_table_view_and_column_is_documented(schema: duckdb.DuckDBPyConnection) -> None:
    objects = {o.name: o for o in describe(schema)}
    assert set(fact_tables()) | set(model_keys()) | {"dim_function_code"} <= set(objects)
    assert {"v_department_year", "yoy_department_total", "narrative_check", "region_yoy_metric"} <= set(model_keys())
    assert [(o.name, c.name) for o in objects.values() for c in o.columns if not c.description] == []
    assert [o.name for o in objects.values() if not o.description or not o.keys] == []
    expenditure = {c.name: c for c in objects["fact_expenditure"].columns}
    assert expenditure["total"].type == "DECIMAL(20,6)"
    assert expenditure["total"].description == "本年支出合计, 万元"
    text = DICTIONARY_PATH.read_text(encoding="utf-8")
    assert "| `total` | 本年支出合计 | DECIMAL(20,6) | 万元 |  | yes | 本年支出合计, 万元 |" in text
    assert "| `share_pct` | 占比(%) | DECIMAL(9,2) | % |" in text


# Expected answers, from the published 2020 report (../shared/reference) and the 2019/2021 truth files.
EXPECTED = [
    [
        ("201", "一般公共服务支出", D("2647.05"), D("74.73")),
        ("208", "社会保障和就业支出", D("535.29"), D("15.11")),
        ("210", "卫生健康支出", D("127.57"), D("3.60")),
        ("221", "住房保障支出", D("232.37"), D("6.56")),
    ],
    [
        (
            2019,
            D("4187.34"),
            D("4186.79"),
            D("2902.74"),
            D("69.32"),
            D("1284.60"),
            D("30.68"),
            D("2541.55"),
            D("360.64"),
            D("117.15"),
        ),
        (
            2020,
            D("3542.28"),
            D("3542.28"),
            D("2689.78"),
            D("75.93"),
            D("852.50"),
            D("24.07"),
            D("2314.60"),
            D("375.18"),
            D("79.84"),
        ),
        # 2021: the truth file's narrative; its 基本支出 table is printed in 元 (21630500.00, 3521200.00)
        (
            2021,
            D("3432.08"),
            D("3432.08"),
            D("2515.17"),
            D("73.28"),
            D("916.91"),
            D("26.72"),
            D("2163.05"),
            D("352.12"),
            D("89.59"),
        ),
    ],
    [(2020, D("3542.28"), D("4187.34"), D("-645.06"), D("-15.41"))],
    [
        (2020, "total", "20805", "行政事业单位养老支出", D("535.29"), D("535.30"), D("-0.01")),
        (2020, "total", "21011", "行政事业单位医疗", D("127.57"), D("127.58"), D("-0.01")),
    ],
    [
        ("2010301", "行政运行", "一般公共服务支出", D("1630.09")),
        ("2010302", "一般行政管理事务", "一般公共服务支出", D("847.75")),
        ("2080504", "未归口管理的行政单位离退休", "社会保障和就业支出", D("345.15")),
    ],
    # the sample 2020 budget against the published report (535.29 and 127.57 are its rounded 类)
    [
        ("201", "一般公共服务支出", D("2647.05"), D("2647.05"), D("100.00")),
        ("208", "社会保障和就业支出", D("535.30"), D("535.29"), D("100.00")),
        ("210", "卫生健康支出", D("127.58"), D("127.57"), D("99.99")),
        ("221", "住房保障支出", D("232.37"), D("232.37"), D("100.00")),
    ],
    # the 2020 budget's narrative: 与2019年相比，收、支预算总计各减少689.97万元，下降16.30%
    [(2020, D("3542.30"), D("4232.27"), D("-689.97"), D("-16.30"))],
]


@pytest.mark.parametrize(
    ("example", "expected"),
    list(zip(EXAMPLES, EXPECTED, strict=True)),
    ids=[f"example-{n}" for n in range(1, len(EXAMPLES) + 1)],
)
def test_example_queries_answer_right(request: pytest.FixtureRequest, example, expected) -> None:
    assert OFFICE in example.sql
    # the budget examples need the office's 部门预算 beside its 决算
    warehouse = request.getfixturevalue("budget_warehouse" if "budget" in example.sql else "warehouse")
    assert warehouse.execute(example.sql).fetchall() == expected

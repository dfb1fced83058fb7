"""Budget views on the real 部门预算 of data/real/budgets: figures of their hand-made truth files."""

from __future__ import annotations

import copy
from decimal import Decimal as D
from pathlib import Path

import duckdb

from lz_pipeline.catalog import BUDGET_FISCAL_INCOME_LABELS, DocumentKind
from lz_pipeline.derived.project import build
from lz_pipeline.extract.reader import extract_files
from lz_pipeline.normalize.documents import normalize_department_year
from lz_pipeline.warehouse.database import create_schema
from lz_pipeline.warehouse.load import load_department_year
from lz_pipeline_tests.conftest import CPPCC, OFFICE, RAW, WANLI, WELFARE

# 万里's 收支预算总表 has no 用途 side: its 基本/项目支出 are the 合计 row of its 支出预算总表 (99,406,297 and
# 65,572,343 元 in 2023; 99,706,020 and 56,505,103 元 in 2024).
WANLI_BASIC_PROJECT = {2023: (D("9940.6297"), D("6557.2343")), 2024: (D("9970.6020"), D("5650.5103"))}


def test_budget_headline_figures(budget_warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = budget_warehouse.execute(
        "SELECT department, year, total, fiscal, basic, project FROM v_budget_department_year ORDER BY year, department"
    ).fetchall()
    assert rows == [
        # 收支预算总表: 收入合计 9146.79 (one 财政拨款 line 9066.79 + 其他资金 80.00); 支出用途 一、基本支出
        # 5916.27, 二、项目支出 3123.68 (三、单位预留机动经费 106.84 is neither)
        (CPPCC, 2017, D("9146.79"), D("9066.79"), D("5916.27"), D("3123.68")),
        (CPPCC, 2018, D("10150.48"), D("10070.48"), D("5678.17"), D("3314.68")),
        # the sample 部门收支总表 and 部门支出总表 合计 row: 2019 一、一般公共预算拨款收入 4231.74 + 八、其他收入 0.53
        (OFFICE, 2019, D("4232.27"), D("4231.74"), D("2917.77"), D("1314.50")),
        (OFFICE, 2020, D("3542.30"), D("3542.30"), D("2689.80"), D("852.50")),
        (OFFICE, 2022, D("3494.39"), D("3494.39"), D("2576.36"), D("918.03")),
        # 收入总计 164,978,640 元, all of it 一、财政拨款收入 (its 1.一般公共预算 is not counted twice)
        (WANLI, 2023, D("16497.864"), D("16497.864"), *WANLI_BASIC_PROJECT[2023]),
        (WANLI, 2024, D("15621.1123"), D("15621.1123"), *WANLI_BASIC_PROJECT[2024]),
        # 收入总计 12,121,164 元, 一、财政拨款收入 9,501,164; no 用途 side, but the 支出总计 line splits into
        # 人员经费 7,380,214 + 公用经费 2,120,950 (基本支出) and 项目支出 2,620,000
        (WELFARE, 2024, D("1212.1164"), D("950.1164"), D("950.1164"), D("262")),
    ]


def _budget_summaries(path: Path, incomes: dict[str, list[tuple[str, str]]]) -> duckdb.DuckDBPyConnection:
    """A warehouse holding one 2020 budget per department whose 收支预算总表 has these 收入 lines (label, 万元),
    its budget views built."""
    with duckdb.connect(str(path)) as conn:
        create_schema(conn)
        for department, income in incomes.items():
            conn.execute(
                "INSERT INTO source_document VALUES (?, 2020, '预算', 'a.pdf', 'x', [], 'run', ['a.pdf'], ['x'], NULL)",
                [department],
            )
            for line_no, (item, amount) in enumerate(income, start=1):
                conn.execute(
                    "INSERT INTO fact_budget_summary (department, year, document_kind, side, line_no, item, amount)"
                    " VALUES (?, 2020, '预算', '收入', ?, ?, ?)",
                    [department, line_no, item, D(amount)],
                )
    build(path, tests=False, select="v_budget_department_year")
    return duckdb.connect(str(path), read_only=True)


def test_the_fiscal_income_of_a_sichuan_budget_is_its_fund_lines(tmp_path: Path) -> None:
    # 泸州市教育和体育局's 2019 部门收支总表 (the sample budget's truth): 财政拨款 is one line per fund
    lines = [
        ("一、一般公共预算拨款收入", "14142.63"),
        ("二、政府性基金预算拨款收入", "573.87"),
        ("三、国有资本经营预算拨款收入", "0"),
        ("四、事业收入", "389.67"),
        ("本年收入合计", "15106.17"),
        ("上年结转", "0"),
        ("收入总计", "15106.17"),
    ]
    with _budget_summaries(tmp_path / "w.duckdb", {"某局": lines}) as conn:
        assert conn.execute("SELECT total, fiscal FROM v_budget_department_year").fetchall() == [
            (D("15106.17"), D("14716.50"))
        ]


def test_every_fiscal_word_is_matched_behind_its_list_number_and_its_breakdown_never(tmp_path: Path) -> None:
    labels = sorted(BUDGET_FISCAL_INCOME_LABELS)
    incomes = {
        label: [(f"一、{label}", "5.00"), ("1.一般公共预算", "5.00"), ("二、其他收入", "1.00")] for label in labels
    }
    with _budget_summaries(tmp_path / "w.duckdb", incomes) as conn:
        fiscal = conn.execute("SELECT department, fiscal FROM v_budget_department_year ORDER BY 1").fetchall()
    assert fiscal == [(label, D("5.00")) for label in labels]


def test_budget_against_final_by_code(budget_warehouse: duckdb.DuckDBPyConnection) -> None:
    classes = budget_warehouse.execute(
        """SELECT function_code, function_name, budget, final, execution_pct FROM v_budget_vs_final
           WHERE department = ? AND year = 2020 AND level = 1 ORDER BY function_code""",
        [OFFICE],
    ).fetchall()
    # 预算: the sample 一般公共预算支出预算表; 决算: the published 2020 report (第二部分 五(二)), which prints
    # 208 and 210 a cent below the sum of their 项
    assert classes == [
        ("201", "一般公共服务支出", D("2647.05"), D("2647.05"), D("100.00")),
        ("208", "社会保障和就业支出", D("535.30"), D("535.29"), D("100.00")),
        ("210", "卫生健康支出", D("127.58"), D("127.57"), D("99.99")),
        ("221", "住房保障支出", D("232.37"), D("232.37"), D("100.00")),
    ]
    items = budget_warehouse.execute(
        """SELECT level, count(*), count(*) FILTER (WHERE budget = final) FROM v_budget_vs_final
           WHERE department = ? AND year = 2020 GROUP BY level ORDER BY level""",
        [OFFICE],
    ).fetchall()
    # 4 类, 5 款, 13 项 (the 决算 says 完成预算100% of each 项: the sample budget carries the same figures)
    assert items == [(1, 4, 2), (2, 5, 3), (3, 13, 13)]
    # only where both publications are loaded: 2022 has a 预算 and no 决算, the real budgets no 决算
    years = budget_warehouse.execute("SELECT DISTINCT department, year FROM v_budget_vs_final ORDER BY 2").fetchall()
    assert years == [(OFFICE, 2019), (OFFICE, 2020)]


def test_budget_against_final_headline(budget_warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = budget_warehouse.execute(
        """SELECT metric, label, budget, final, execution_pct FROM v_budget_vs_final_headline
           WHERE department = ? AND year = 2020 ORDER BY line_no""",
        [OFFICE],
    ).fetchall()
    # 预算: the sample budget's narrative (3542.30; 基本 2689.80, 项目 852.50; 三公 79.84 = 0.31 + 78.00 + 1.53);
    # 决算: the published 2020 report (3542.28; 2689.78, 852.50; 三公 79.84)
    assert rows == [
        ("total", "收支总计", D("3542.30"), D("3542.28"), D("100.00")),
        ("fiscal_income", "财政拨款收入", D("3542.30"), D("3542.28"), D("100.00")),
        ("general_budget_total", "一般公共预算财政拨款支出", D("3542.30"), D("3542.28"), D("100.00")),
        ("basic", "基本支出", D("2689.80"), D("2689.78"), D("100.00")),
        ("project", "项目支出", D("852.50"), D("852.50"), D("100.00")),
        ("three_public_total", "“三公”经费", D("79.84"), D("79.84"), D("100.00")),
        ("three_public_overseas", "因公出国（境）费", D("0.31"), D("0.31"), D("100.00")),
        ("three_public_vehicle", "公务用车购置及运行维护费", D("78"), D("78"), D("100.00")),
        ("three_public_vehicle_purchase", "公务用车购置费", D("0"), D("0"), None),  # nothing to execute
        ("three_public_vehicle_operation", "公务用车运行维护费", D("78"), D("78"), D("100.00")),
        ("three_public_reception", "公务接待费", D("1.53"), D("1.53"), D("100.00")),
    ]
    # 2019: budget 4232.27 (sample) against 决算 4187.34 (truth) = 98.938…%
    assert budget_warehouse.execute(
        "SELECT budget, final, execution_pct FROM v_budget_vs_final_headline WHERE year = 2019 AND metric = 'total'"
    ).fetchall() == [(D("4232.27"), D("4187.34"), D("98.94"))]


def test_a_code_printed_on_one_side_only_keeps_its_row(tmp_path: Path) -> None:
    raws = extract_files(sorted((RAW / "2020" / OFFICE).glob("*.pdf")))
    publications = copy.deepcopy(normalize_department_year(raws, OFFICE, 2020))
    table = publications.document(DocumentKind.BUDGET).tables["budget_general_expenditure"]
    table.records = [r for r in table.records if r.keys["code"] != "2011105"]  # as if never budgeted
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        load_department_year(conn, publications)
    build(tmp_path / "w.duckdb", tests=False, select="v_budget_vs_final")
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as conn:
        rows = conn.execute(
            """SELECT function_code, level, budget, final, execution_pct FROM v_budget_vs_final
               WHERE function_code LIKE '2011%' ORDER BY function_code"""
        ).fetchall()
    # 纪检监察事务 20111 / 派驻派出机构 2011105: 4.75 in both publications
    assert rows == [("20111", 2, D("4.75"), D("4.75"), D("100.00")), ("2011105", 3, None, D("4.75"), None)]

"""Narrative claims in the warehouse, and their reconciliation with the tables, in SQL.

``fact_narrative_claim`` is written per publication (department, year, 决算 or 预算: one transaction, delete +
insert, like the facts). ``narrative_check`` is a view: each claim against the figure the tables of its own
publication give (``metric_value`` for a 决算, ``budget_metric_value`` for a 预算), rounded the way the narrative
rounded it (a claim printed with d decimals agrees when the exact table figure, rounded half-up to d decimals,
equals it: 15.4% agrees with 644.51 / 4186.79 = 15.394…%). A comparison with the year before is checked against
the year before's publication of the same kind: a budget's "比上年预算增加…" against last year's budget.

The narrative's prior-year figures ("比2019年减少645.06万元") imply the prior year's amount; the
``*_with_narrative`` views use it where the previous year's PDF is missing, flagged ``from_narrative``.
"""

from __future__ import annotations

from collections.abc import Sequence

from lz_pipeline.analytics.budget_metrics import refresh_budget_metrics
from lz_pipeline.analytics.narrative import Claim, FunctionRow, parse_claims
from lz_pipeline.catalog import DocumentKind
from lz_pipeline.normalize.tables import NormalizedDocument
from lz_pipeline.warehouse.lake import portable_ddl
from lz_pipeline.warehouse.schema import rebuild_without_document_kind
from lz_pipeline.warehouse.transaction import in_transaction

CLAIM_TABLE = "fact_narrative_claim"
CLAIM_DDL = """
CREATE TABLE IF NOT EXISTS fact_narrative_claim (
    department VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    document_kind VARCHAR NOT NULL,
    claim_no INTEGER NOT NULL,
    page INTEGER,
    sentence VARCHAR NOT NULL,
    subject VARCHAR,
    subject_text VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    value DECIMAL(20, 6) NOT NULL,
    decimals INTEGER NOT NULL,
    unit VARCHAR NOT NULL,
    comparison_year INTEGER,
    comparison_basis VARCHAR,
    base_subject VARCHAR,
    base_text VARCHAR,
    implied_prior DECIMAL(20, 6),
    source_file VARCHAR,
    PRIMARY KEY (department, year, document_kind, claim_no)
)
"""
CLAIM_COLUMNS = 18

# Every figure a claim can be about, in the publication it is of: a 决算's metric_value and each 功能分类 code
# of its 一般公共预算财政拨款支出决算表 (what the narrative's 类/项 paragraphs describe); a 预算's budget_metric_value.
SUBJECT_VALUE = """
CREATE OR REPLACE VIEW narrative_subject_value AS
SELECT department, year, '决算' AS document_kind, metric AS subject, amount FROM metric_value
UNION ALL
SELECT department, year, '决算', 'function:' || function_code, total
FROM fact_general_budget_expenditure WHERE level > 0
UNION ALL
SELECT department, year, '预算', metric, amount FROM budget_metric_value
"""

SUBJECT_BUDGET = """
CREATE OR REPLACE VIEW narrative_subject_budget AS
SELECT department, year, '决算' AS document_kind, 'three_public_' || part AS subject, budget, actual
FROM three_public_part WHERE table_kind IN ('three_public', 'fiscal_three_public')
"""

# A 功能分类 line missing from a table that was loaded for that year is zero there (a code new this year: 今年新增支出,
# "与上年相比增加743.39万元"); where the table was not loaded (quarantined) it cannot be compared. A claim
# against a 预算执行数 (a budget's estimate of last year's execution) has no table to compare with.
NARRATIVE_CHECK = """
CREATE OR REPLACE VIEW narrative_check AS
WITH figures AS (
    SELECT c.*,
        cur.amount AS cur_amount,
        coalesce(prev.amount, CASE WHEN prev_codes.year IS NOT NULL THEN 0 END) AS prev_amount,
        prev_doc.year IS NOT NULL AS prev_loaded,
        base.amount AS base_amount,
        b.budget, b.actual
    FROM fact_narrative_claim AS c
    LEFT JOIN narrative_subject_value AS cur
        ON cur.department = c.department AND cur.year = c.year AND cur.document_kind = c.document_kind
        AND cur.subject = c.subject
    LEFT JOIN narrative_subject_value AS prev
        ON prev.department = c.department AND prev.year = c.comparison_year
        AND prev.document_kind = c.document_kind AND prev.subject = c.subject
    LEFT JOIN (
        SELECT DISTINCT department, year, document_kind, split_part(subject, ':', 1) AS family
        FROM narrative_subject_value WHERE subject LIKE '%function:%'
    ) AS prev_codes
        ON prev_codes.department = c.department AND prev_codes.year = c.comparison_year
        AND prev_codes.document_kind = c.document_kind AND prev_codes.family = split_part(c.subject, ':', 1)
    LEFT JOIN (SELECT DISTINCT department, year, document_kind FROM source_document) AS prev_doc
        ON prev_doc.department = c.department AND prev_doc.year = c.comparison_year
        AND prev_doc.document_kind = c.document_kind
    LEFT JOIN narrative_subject_value AS base
        ON base.department = c.department AND base.year = c.year AND base.document_kind = c.document_kind
        AND base.subject = c.base_subject
    LEFT JOIN narrative_subject_budget AS b
        ON b.department = c.department AND b.year = c.year AND b.document_kind = c.document_kind
        AND b.subject = c.subject
), compared AS (
    SELECT *,
        -- the tables' figure: exact 万元 (each branch cast, or the CASE would round 万元 to the %'s 2 decimals)
        CASE WHEN comparison_basis IS NULL THEN CASE metric
            WHEN 'amount' THEN CAST(cur_amount AS DECIMAL(38, 6))
            WHEN 'change' THEN CAST(cur_amount - prev_amount AS DECIMAL(38, 6))
            WHEN 'percent' THEN CAST(pct_half_up(cur_amount - prev_amount, prev_amount) AS DECIMAL(38, 6))
            WHEN 'share' THEN CAST(pct_half_up(cur_amount, base_amount) AS DECIMAL(38, 6))
            WHEN 'budget' THEN CAST(budget AS DECIMAL(38, 6))
            WHEN 'completion' THEN CAST(pct_half_up(actual, budget) AS DECIMAL(38, 6))
        END END AS table_value,
        CASE WHEN comparison_basis IS NULL THEN CASE metric  -- the same, rounded as the narrative rounded it
            WHEN 'amount' THEN div_half_up(cur_amount, 1, decimals)
            WHEN 'change' THEN div_half_up(cur_amount - prev_amount, 1, decimals)
            WHEN 'percent' THEN div_half_up(100 * (cur_amount - prev_amount), prev_amount, decimals)
            WHEN 'share' THEN div_half_up(100 * cur_amount, base_amount, decimals)
            WHEN 'budget' THEN div_half_up(budget, 1, decimals)
            WHEN 'completion' THEN div_half_up(100 * actual, budget, decimals)
        END END AS table_rounded
    FROM figures
)
SELECT department, year, document_kind, claim_no, page, sentence, subject, subject_text, metric, comparison_year,
    comparison_basis, base_subject, value AS narrative_value, decimals, unit,
    CAST(table_value AS DECIMAL(20, 6)) AS table_value,
    CAST(table_rounded AS DECIMAL(20, 6)) AS table_rounded,
    CASE WHEN table_rounded IS NULL THEN 'not_checkable'
         WHEN table_rounded = value THEN 'agree' ELSE 'disagree' END AS status,
    CASE
        WHEN subject IS NULL THEN 'not a figure the tables hold'
        WHEN comparison_basis IS NOT NULL THEN
            'against ' || comparison_year || '''s ' || comparison_basis || ', which no table holds'
        WHEN metric = 'other' THEN 'percentage of unknown kind'
        WHEN metric = 'share' AND base_subject IS NULL THEN 'share of a figure the tables do not hold'
        WHEN metric IN ('budget', 'completion') AND budget IS NULL THEN 'no 预算数 column for it'
        WHEN metric IN ('change', 'percent') AND cur_amount IS NULL THEN 'not in this year''s tables'
        WHEN metric IN ('change', 'percent') AND prev_amount IS NULL AND prev_loaded THEN
            'not in ' || comparison_year || '''s tables'
        WHEN metric IN ('change', 'percent') AND prev_amount IS NULL THEN
            'no ' || CASE WHEN document_kind = '预算' THEN '预算 ' ELSE '' END || 'table for ' || comparison_year
        WHEN table_rounded IS NULL AND cur_amount IS NULL THEN 'not in this year''s tables'
        WHEN table_rounded IS NULL AND metric = 'share' AND base_amount IS NULL THEN 'its base is not in the tables'
        WHEN table_rounded IS NULL THEN 'zero base'
    END AS reason
FROM compared
"""

# The narrative's implied prior-year amount, where the table for that year is missing.
WITH_NARRATIVE = """
CREATE OR REPLACE VIEW narrative_implied_prior AS
SELECT department, year, subject, comparison_year, arg_min(implied_prior, claim_no) AS implied_prior
FROM fact_narrative_claim
WHERE document_kind = '决算' AND metric = 'change' AND implied_prior IS NOT NULL AND comparison_year = year - 1
GROUP BY ALL;

CREATE OR REPLACE VIEW yoy_metric_with_narrative AS
SELECT y.department, y.year, y.metric, y.label, y.amount,
    coalesce(y.prev_amount, n.implied_prior) AS prev_amount,
    y.amount - coalesce(y.prev_amount, n.implied_prior) AS change,
    CAST(pct_half_up(y.amount - coalesce(y.prev_amount, n.implied_prior), coalesce(y.prev_amount, n.implied_prior))
         AS DECIMAL(9, 2)) AS change_pct,
    y.prev_amount IS NULL AND n.implied_prior IS NOT NULL AS from_narrative
FROM yoy_metric AS y
LEFT JOIN narrative_implied_prior AS n ON n.department = y.department AND n.year = y.year AND n.subject = y.metric;

CREATE OR REPLACE VIEW yoy_department_total_with_narrative AS
SELECT y.department, y.year, y.total,
    coalesce(y.prev_total, n.implied_prior) AS prev_total,
    y.total - coalesce(y.prev_total, n.implied_prior) AS change,
    CAST(pct_half_up(y.total - coalesce(y.prev_total, n.implied_prior), coalesce(y.prev_total, n.implied_prior))
         AS DECIMAL(9, 2)) AS change_pct,
    y.prev_total IS NULL AND n.implied_prior IS NOT NULL AS from_narrative
FROM yoy_department_total AS y
LEFT JOIN narrative_implied_prior AS n ON n.department = y.department AND n.year = y.year AND n.subject = 'total';
"""

NARRATIVE_VIEWS = ("narrative_check", "yoy_metric_with_narrative", "yoy_department_total_with_narrative")


# The tables whose 功能分类 codes the narrative's '…(类)…(项)' phrases are resolved against, the first found.
FUNCTION_TABLES = (
    "general_budget_expenditure",
    "expenditure",
    "fiscal_expenditure_detail",
    "budget_general_expenditure",
)


def function_rows(document: NormalizedDocument) -> list[FunctionRow]:
    """The document's 功能分类 codes (what the narrative's '…(类)…(项)' phrases are resolved against)."""
    for key in FUNCTION_TABLES:
        if table := document.tables.get(key):
            rows = [FunctionRow(r.keys["code"], r.keys["name"], r.keys["level"]) for r in table.records]
            if rows:
                return [r for r in rows if r.code]
    return []


def document_claims(document: NormalizedDocument) -> list[Claim]:
    """Every numeric claim of the document's narrative pages."""
    return parse_claims(
        document.narrative, document.year, function_rows(document), document_kind=document.document_kind
    )


MONEY_METRICS = ("amount", "change", "budget", "execution")


def claim_rows(
    department: str,
    year: int,
    claims: Sequence[Claim],
    source_file: str | None,
    document_kind: DocumentKind = DocumentKind.FINAL,
) -> list[list]:
    return [
        [
            department,
            year,
            document_kind.value,
            number,
            c.page,
            c.sentence,
            c.subject,
            c.subject_text,
            c.metric,
            c.value,
            c.decimals,
            "万元" if c.metric in MONEY_METRICS else "%",
            c.comparison_year,
            c.comparison_basis,
            c.base_subject,
            c.base_text,
            c.implied_prior,
            source_file,
        ]
        for number, c in enumerate(claims, start=1)
    ]


def create_claim_table(conn) -> None:
    """The claims table; that of a warehouse from before document kinds is rebuilt, its claims the 决算's."""
    rebuild_without_document_kind(conn, CLAIM_TABLE, CLAIM_DDL)
    conn.execute(portable_ddl(conn, CLAIM_DDL))


def load_claims(
    conn,
    department: str,
    year: int,
    claims: Sequence[Claim],
    source_file: str | None = None,
    document_kind: DocumentKind = DocumentKind.FINAL,
) -> int:
    """Replace one publication's claims (the department-year's 决算 or 预算) in one transaction; returns the
    number written."""
    create_claim_table(conn)
    rows = claim_rows(department, year, claims, source_file, document_kind)

    def work() -> None:
        conn.execute(
            f"DELETE FROM {CLAIM_TABLE} WHERE department = ? AND year = ? AND document_kind = ?",
            [department, year, document_kind.value],
        )
        if rows:
            conn.executemany(f"INSERT INTO {CLAIM_TABLE} VALUES ({', '.join('?' * CLAIM_COLUMNS)})", rows)

    in_transaction(conn, work, f"narrative claims of {department} {year}")
    return len(rows)


def refresh_narrative_views(conn) -> None:
    """The reconciliation views; needs the YoY tables and share views (``refresh_analytics`` order)."""
    create_claim_table(conn)
    refresh_budget_metrics(conn)
    conn.execute(SUBJECT_VALUE)
    conn.execute(SUBJECT_BUDGET)
    conn.execute(NARRATIVE_CHECK)
    conn.execute(WITH_NARRATIVE)

"""Narrative claims in the warehouse, and their reconciliation with the tables, in SQL.

``fact_narrative_claim`` is written per publication (department, year, 决算 or 预算: one transaction, delete +
insert, like the facts). ``narrative_check`` (a dbt model, lz_pipeline/derived/models/narrative) holds each claim
against the figure the tables of its own
publication give (``metric_value`` for a 决算, ``budget_metric_value`` for a 预算), rounded the way the narrative
rounded it (a claim printed with d decimals agrees when the exact table figure, rounded half-up to d decimals,
equals it: 15.4% agrees with 644.51 / 4186.79 = 15.394…%). A comparison with the year before is checked against
the year before's publication of the same kind: a budget's "比上年预算增加…" against last year's budget.

The narrative's prior-year figures ("比2019年减少645.06万元") imply the prior year's amount; the
``*_with_narrative`` models use it where the previous year's PDF is missing, flagged ``from_narrative``.
"""

from __future__ import annotations

from collections.abc import Sequence

from lz_pipeline.analytics.narrative import Claim, FunctionRow, parse_claims
from lz_pipeline.catalog import DocumentKind
from lz_pipeline.normalize.tables import NormalizedDocument
from lz_pipeline.warehouse.claims import CLAIM_COLUMNS, CLAIM_TABLE
from lz_pipeline.warehouse.database import create_schema
from lz_pipeline.warehouse.transaction import in_transaction

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
    create_schema(conn)
    rows = claim_rows(department, year, claims, source_file, document_kind)

    def work() -> None:
        conn.execute(
            f"DELETE FROM {CLAIM_TABLE} WHERE department = ? AND year = ? AND document_kind = ?",
            [department, year, document_kind.value],
        )
        if rows:  # one statement: executemany prepares and runs one INSERT per claim (~1 ms each)
            values = ", ".join(f"({', '.join('?' * CLAIM_COLUMNS)})" for _ in rows)
            conn.execute(f"INSERT INTO {CLAIM_TABLE} VALUES {values}", [v for row in rows for v in row])

    in_transaction(conn, work, f"narrative claims of {department} {year}")
    return len(rows)

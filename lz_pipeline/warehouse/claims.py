"""The narrative claims table (``fact_narrative_claim``), part of the schema so the derived layer can always
read it; the claims themselves come from ``lz_pipeline.analytics.reconcile``."""

from __future__ import annotations

from lz_pipeline.warehouse.lake import portable_ddl
from lz_pipeline.warehouse.schema import rebuild_without_document_kind

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


def create_claim_table(conn) -> None:
    """The claims table; that of a warehouse from before document kinds is rebuilt, its claims the 决算's."""
    rebuild_without_document_kind(conn, CLAIM_TABLE, CLAIM_DDL)
    conn.execute(portable_ddl(conn, CLAIM_DDL))

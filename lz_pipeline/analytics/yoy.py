"""Year-over-year change, recomputed from the facts in SQL (never patched).

DuckDB divides DECIMALs in DOUBLE, so percentages are computed in integer millionths and rounded
half-up as the published reports do (−645.06 / 4187.34 → −15.41).
"""

from __future__ import annotations

MACROS = """
CREATE OR REPLACE MACRO micro(x) AS CAST(x * 1000000 AS HUGEINT);
-- 100 * num / den, rounded half-up to 2 decimals, exact; NULL when there is nothing to compare with.
CREATE OR REPLACE MACRO pct_half_up(num, den) AS
    CASE WHEN den IS NULL OR num IS NULL OR den = 0 THEN NULL ELSE
        CAST(sign(num) * sign(den) * ((2 * abs(micro(num)) * 10000 + abs(micro(den))) // (2 * abs(micro(den))))
             AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
    END;
"""

YOY_DEPARTMENT_TOTAL = """
CREATE OR REPLACE TABLE yoy_department_total AS
WITH totals AS (
    SELECT department, year, amount AS total
    FROM fact_summary
    WHERE side = '收入' AND item = '总计'
)
SELECT
    cur.department,
    cur.year,
    cur.total,
    prev.total AS prev_total,
    cur.total - prev.total AS change,
    CAST(pct_half_up(cur.total - prev.total, prev.total) AS DECIMAL(9, 2)) AS change_pct
FROM totals AS cur
LEFT JOIN totals AS prev ON prev.department = cur.department AND prev.year = cur.year - 1
ORDER BY cur.department, cur.year
"""


def refresh_yoy(conn) -> int:
    """Rebuild the YoY tables from the facts; returns the number of department-years."""
    conn.execute(MACROS)
    conn.execute(YOY_DEPARTMENT_TOTAL)
    return conn.execute("SELECT count(*) FROM yoy_department_total").fetchone()[0]

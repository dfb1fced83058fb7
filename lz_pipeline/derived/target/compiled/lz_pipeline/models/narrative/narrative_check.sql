-- A 功能分类 line missing from a table that was loaded for that year is zero there (a code new this year:
-- 今年新增支出, "与上年相比增加743.39万元"); where the table was not loaded (quarantined) it cannot be
-- compared. A claim against a 预算执行数 (a budget's estimate of last year's execution) has no table.
WITH figures AS (
    SELECT c.*,
        cur.amount AS cur_amount,
        coalesce(prev.amount, CASE WHEN prev_codes.year IS NOT NULL THEN 0 END) AS prev_amount,
        prev_doc.year IS NOT NULL AS prev_loaded,
        base.amount AS base_amount,
        b.budget, b.actual
    FROM "t1"."main"."fact_narrative_claim" AS c
    LEFT JOIN "t1"."main"."narrative_subject_value" AS cur
        ON cur.department = c.department AND cur.year = c.year AND cur.document_kind = c.document_kind
        AND cur.subject = c.subject
    LEFT JOIN "t1"."main"."narrative_subject_value" AS prev
        ON prev.department = c.department AND prev.year = c.comparison_year
        AND prev.document_kind = c.document_kind AND prev.subject = c.subject
    LEFT JOIN (
        SELECT DISTINCT department, year, document_kind, split_part(subject, ':', 1) AS family
        FROM "t1"."main"."narrative_subject_value" WHERE subject LIKE '%function:%'
    ) AS prev_codes
        ON prev_codes.department = c.department AND prev_codes.year = c.comparison_year
        AND prev_codes.document_kind = c.document_kind AND prev_codes.family = split_part(c.subject, ':', 1)
    LEFT JOIN (SELECT DISTINCT department, year, document_kind FROM "t1"."main"."source_document") AS prev_doc
        ON prev_doc.department = c.department AND prev_doc.year = c.comparison_year
        AND prev_doc.document_kind = c.document_kind
    LEFT JOIN "t1"."main"."narrative_subject_value" AS base
        ON base.department = c.department AND base.year = c.year AND base.document_kind = c.document_kind
        AND base.subject = c.base_subject
    LEFT JOIN "t1"."main"."narrative_subject_budget" AS b
        ON b.department = c.department AND b.year = c.year AND b.document_kind = c.document_kind
        AND b.subject = c.subject
), compared AS (
    SELECT *,
        -- the tables' figure: exact 万元 (each branch cast, or the CASE would round 万元 to the %'s 2 decimals)
        CASE WHEN comparison_basis IS NULL THEN CASE metric
            WHEN 'amount' THEN CAST(cur_amount AS DECIMAL(38, 6))
            WHEN 'change' THEN CAST(cur_amount - prev_amount AS DECIMAL(38, 6))
            WHEN 'percent' THEN CAST((CASE WHEN (prev_amount) IS NULL OR (cur_amount - prev_amount) IS NULL OR (prev_amount) = 0 THEN NULL ELSE
    CAST(sign(cur_amount - prev_amount) * sign(prev_amount)
         * ((2 * abs(CAST((cur_amount - prev_amount) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((prev_amount) * 1000000 AS HUGEINT))) // (2 * abs(CAST((prev_amount) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(38, 6))
            WHEN 'share' THEN CAST((CASE WHEN (base_amount) IS NULL OR (cur_amount) IS NULL OR (base_amount) = 0 THEN NULL ELSE
    CAST(sign(cur_amount) * sign(base_amount)
         * ((2 * abs(CAST((cur_amount) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((base_amount) * 1000000 AS HUGEINT))) // (2 * abs(CAST((base_amount) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(38, 6))
            WHEN 'budget' THEN CAST(budget AS DECIMAL(38, 6))
            WHEN 'completion' THEN CAST((CASE WHEN (budget) IS NULL OR (actual) IS NULL OR (budget) = 0 THEN NULL ELSE
    CAST(sign(actual) * sign(budget)
         * ((2 * abs(CAST((actual) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((budget) * 1000000 AS HUGEINT))) // (2 * abs(CAST((budget) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(38, 6))
        END END AS table_value,
        CASE WHEN comparison_basis IS NULL THEN CASE metric  -- the same, rounded as the narrative rounded it
            WHEN 'amount' THEN (CASE WHEN (1) IS NULL OR (cur_amount) IS NULL OR (1) = 0 THEN NULL ELSE
    CAST(sign(cur_amount) * sign(1)
         * ((2 * abs(CAST((cur_amount) * 1000000 AS HUGEINT)) * CAST(10 ** (decimals) AS HUGEINT) + abs(CAST((1) * 1000000 AS HUGEINT)))
            // (2 * abs(CAST((1) * 1000000 AS HUGEINT))))
         * CAST(10 ** (6 - (decimals)) AS HUGEINT) AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(7, 6))
END)
            WHEN 'change' THEN (CASE WHEN (1) IS NULL OR (cur_amount - prev_amount) IS NULL OR (1) = 0 THEN NULL ELSE
    CAST(sign(cur_amount - prev_amount) * sign(1)
         * ((2 * abs(CAST((cur_amount - prev_amount) * 1000000 AS HUGEINT)) * CAST(10 ** (decimals) AS HUGEINT) + abs(CAST((1) * 1000000 AS HUGEINT)))
            // (2 * abs(CAST((1) * 1000000 AS HUGEINT))))
         * CAST(10 ** (6 - (decimals)) AS HUGEINT) AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(7, 6))
END)
            WHEN 'percent' THEN (CASE WHEN (prev_amount) IS NULL OR (100 * (cur_amount - prev_amount)) IS NULL OR (prev_amount) = 0 THEN NULL ELSE
    CAST(sign(100 * (cur_amount - prev_amount)) * sign(prev_amount)
         * ((2 * abs(CAST((100 * (cur_amount - prev_amount)) * 1000000 AS HUGEINT)) * CAST(10 ** (decimals) AS HUGEINT) + abs(CAST((prev_amount) * 1000000 AS HUGEINT)))
            // (2 * abs(CAST((prev_amount) * 1000000 AS HUGEINT))))
         * CAST(10 ** (6 - (decimals)) AS HUGEINT) AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(7, 6))
END)
            WHEN 'share' THEN (CASE WHEN (base_amount) IS NULL OR (100 * cur_amount) IS NULL OR (base_amount) = 0 THEN NULL ELSE
    CAST(sign(100 * cur_amount) * sign(base_amount)
         * ((2 * abs(CAST((100 * cur_amount) * 1000000 AS HUGEINT)) * CAST(10 ** (decimals) AS HUGEINT) + abs(CAST((base_amount) * 1000000 AS HUGEINT)))
            // (2 * abs(CAST((base_amount) * 1000000 AS HUGEINT))))
         * CAST(10 ** (6 - (decimals)) AS HUGEINT) AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(7, 6))
END)
            WHEN 'budget' THEN (CASE WHEN (1) IS NULL OR (budget) IS NULL OR (1) = 0 THEN NULL ELSE
    CAST(sign(budget) * sign(1)
         * ((2 * abs(CAST((budget) * 1000000 AS HUGEINT)) * CAST(10 ** (decimals) AS HUGEINT) + abs(CAST((1) * 1000000 AS HUGEINT)))
            // (2 * abs(CAST((1) * 1000000 AS HUGEINT))))
         * CAST(10 ** (6 - (decimals)) AS HUGEINT) AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(7, 6))
END)
            WHEN 'completion' THEN (CASE WHEN (budget) IS NULL OR (100 * actual) IS NULL OR (budget) = 0 THEN NULL ELSE
    CAST(sign(100 * actual) * sign(budget)
         * ((2 * abs(CAST((100 * actual) * 1000000 AS HUGEINT)) * CAST(10 ** (decimals) AS HUGEINT) + abs(CAST((budget) * 1000000 AS HUGEINT)))
            // (2 * abs(CAST((budget) * 1000000 AS HUGEINT))))
         * CAST(10 ** (6 - (decimals)) AS HUGEINT) AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(7, 6))
END)
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
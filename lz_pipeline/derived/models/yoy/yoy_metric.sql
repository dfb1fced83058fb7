-- A department-year "has a document" when it was loaded: only then does a missing row mean zero.
WITH docs AS (
    SELECT DISTINCT department, year FROM {{ source('warehouse', 'source_document') }} WHERE document_kind = '决算'
)
SELECT
    cur.department,
    cur.year,
    cur.metric,
    cur.label,
    cur.amount,
    prev.amount AS prev_amount,
    cur.amount - prev.amount AS change,
    CAST({{ pct_half_up('cur.amount - prev.amount', 'prev.amount') }} AS DECIMAL(9, 2)) AS change_pct,
    CASE WHEN prev_doc.year IS NULL THEN 'no_prior_document'
         WHEN prev.amount IS NULL THEN 'new' ELSE 'both' END AS status
FROM {{ ref('metric_value') }} AS cur
LEFT JOIN {{ ref('metric_value') }} AS prev
    ON prev.department = cur.department AND prev.year = cur.year - 1 AND prev.metric = cur.metric
LEFT JOIN docs AS prev_doc ON prev_doc.department = cur.department AND prev_doc.year = cur.year - 1
ORDER BY cur.department, cur.year, cur.metric

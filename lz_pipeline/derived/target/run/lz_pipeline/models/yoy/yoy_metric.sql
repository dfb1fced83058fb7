
    

    create  table
      "t1"."main"."yoy_metric__dbt_tmp"
  
    
    as (
      -- A department-year "has a document" when it was loaded: only then does a missing row mean zero.
WITH docs AS (
    SELECT DISTINCT department, year FROM "t1"."main"."source_document" WHERE document_kind = '决算'
)
SELECT
    cur.department,
    cur.year,
    cur.metric,
    cur.label,
    cur.amount,
    prev.amount AS prev_amount,
    cur.amount - prev.amount AS change,
    CAST((CASE WHEN (prev.amount) IS NULL OR (cur.amount - prev.amount) IS NULL OR (prev.amount) = 0 THEN NULL ELSE
    CAST(sign(cur.amount - prev.amount) * sign(prev.amount)
         * ((2 * abs(CAST((cur.amount - prev.amount) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((prev.amount) * 1000000 AS HUGEINT))) // (2 * abs(CAST((prev.amount) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS change_pct,
    CASE WHEN prev_doc.year IS NULL THEN 'no_prior_document'
         WHEN prev.amount IS NULL THEN 'new' ELSE 'both' END AS status
FROM "t1"."main"."metric_value" AS cur
LEFT JOIN "t1"."main"."metric_value" AS prev
    ON prev.department = cur.department AND prev.year = cur.year - 1 AND prev.metric = cur.metric
LEFT JOIN docs AS prev_doc ON prev_doc.department = cur.department AND prev_doc.year = cur.year - 1
ORDER BY cur.department, cur.year, cur.metric
    );
    
  

  
  create view "t1"."main"."yoy_metric_with_narrative__dbt_tmp" as (
    SELECT y.department, y.year, y.metric, y.label, y.amount,
    coalesce(y.prev_amount, n.implied_prior) AS prev_amount,
    y.amount - coalesce(y.prev_amount, n.implied_prior) AS change,
    CAST((CASE WHEN (coalesce(y.prev_amount, n.implied_prior)) IS NULL OR (y.amount - coalesce(y.prev_amount, n.implied_prior)) IS NULL OR (coalesce(y.prev_amount, n.implied_prior)) = 0 THEN NULL ELSE
    CAST(sign(y.amount - coalesce(y.prev_amount, n.implied_prior)) * sign(coalesce(y.prev_amount, n.implied_prior))
         * ((2 * abs(CAST((y.amount - coalesce(y.prev_amount, n.implied_prior)) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((coalesce(y.prev_amount, n.implied_prior)) * 1000000 AS HUGEINT))) // (2 * abs(CAST((coalesce(y.prev_amount, n.implied_prior)) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS change_pct,
    y.prev_amount IS NULL AND n.implied_prior IS NOT NULL AS from_narrative
FROM "t1"."main"."yoy_metric" AS y
LEFT JOIN "t1"."main"."narrative_implied_prior" AS n
    ON n.department = y.department AND n.year = y.year AND n.subject = y.metric
  );

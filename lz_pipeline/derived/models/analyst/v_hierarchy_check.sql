WITH children AS (
    SELECT fact_table, department, year, category, measure, level - 1 AS parent_level,
           CASE WHEN level = 1 THEN NULL ELSE left(code, 2 * level - 1) END AS parent_code,
           CAST(sum(amount) AS DECIMAL(20, 6)) AS children_sum, count(*) AS children
    FROM {{ ref('v_coded_amounts') }} WHERE level >= 1
    GROUP BY ALL
), parents AS (
    SELECT fact_table, department, year, category, measure, level, code,
           any_value(printed_name) AS parent_name, CAST(sum(amount) AS DECIMAL(20, 6)) AS parent_amount
    FROM {{ ref('v_coded_amounts') }}
    GROUP BY ALL
)
SELECT c.fact_table, c.department, c.year, c.category, c.measure, c.parent_level, c.parent_code,
       p.parent_name, p.parent_amount, c.children_sum, c.children,
       CAST(p.parent_amount - c.children_sum AS DECIMAL(20, 6)) AS difference,
       CASE WHEN p.parent_amount IS NULL AND c.parent_level = 0 THEN 'no 合计 row'
            WHEN p.parent_amount IS NULL THEN 'missing parent'
            WHEN p.parent_amount = c.children_sum THEN 'ok' ELSE 'mismatch' END AS status
FROM children AS c
LEFT JOIN parents AS p
    ON p.fact_table = c.fact_table AND p.department = c.department AND p.year = c.year
   AND p.category IS NOT DISTINCT FROM c.category AND p.measure = c.measure
   AND p.level = c.parent_level AND p.code IS NOT DISTINCT FROM c.parent_code

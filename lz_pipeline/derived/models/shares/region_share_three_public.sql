WITH parts AS (
    SELECT coalesce(r.region, '{{ var("unknown_region") }}') AS region, p.year, p.part, any_value(p.label) AS label,
           sum(p.actual) AS actual, sum(p.budget) AS budget
    FROM {{ ref('three_public_part') }} AS p LEFT JOIN {{ ref('department_region') }} AS r USING (department)
    WHERE p.table_kind IN ('three_public', 'fiscal_three_public')
    GROUP BY ALL
)
SELECT p.region, p.year, p.part, p.label, CAST(p.actual AS DECIMAL(20, 6)) AS actual,
       CAST({{ pct_half_up('p.actual', 't.actual') }} AS DECIMAL(9, 2)) AS share_pct,
       CAST(p.budget AS DECIMAL(20, 6)) AS budget,
       CAST({{ pct_half_up('p.actual', 'p.budget') }} AS DECIMAL(9, 2)) AS completion_pct
FROM parts AS p JOIN parts AS t ON t.region = p.region AND t.year = p.year AND t.part = 'total'

SELECT p.department, p.year, p.table_kind, p.part, p.label, p.actual, t.actual AS base,
       CAST({{ pct_half_up('p.actual', 't.actual') }} AS DECIMAL(9, 2)) AS share_pct,
       p.budget,
       CAST({{ pct_half_up('p.actual', 'p.budget') }} AS DECIMAL(9, 2)) AS completion_pct
FROM {{ ref('three_public_part') }} AS p
JOIN {{ ref('three_public_part') }} AS t USING (department, year, table_kind)
WHERE t.part = 'total'

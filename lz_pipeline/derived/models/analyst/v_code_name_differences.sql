WITH seen AS (
    SELECT DISTINCT fact_table, department, year, code_kind, code, printed_name
    FROM {{ ref('v_coded_amounts') }} WHERE code IS NOT NULL
), lists AS (
    {{ code_lists() }}
)
SELECT s.fact_table, s.department, s.year, s.code_kind, s.code, s.printed_name, l.name AS list_name
FROM seen AS s
JOIN lists AS l ON l.code_kind = s.code_kind AND {{ edition_join('l', 's.code', 's.year') }}
WHERE replace(replace(s.printed_name, '(', '（'), ')', '）') <> l.name

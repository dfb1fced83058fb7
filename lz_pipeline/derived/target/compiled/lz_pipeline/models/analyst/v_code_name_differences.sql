WITH seen AS (
    SELECT DISTINCT fact_table, department, year, code_kind, code, printed_name
    FROM "t1"."main"."v_coded_amounts" WHERE code IS NOT NULL
), lists AS (
    SELECT 'function' AS code_kind, code, name, valid_from, valid_to FROM "t1"."main"."dim_function_code"
UNION ALL
SELECT 'economic', code, name, valid_from, valid_to FROM "t1"."main"."dim_economic_code"
)
SELECT s.fact_table, s.department, s.year, s.code_kind, s.code, s.printed_name, l.name AS list_name
FROM seen AS s
JOIN lists AS l ON l.code_kind = s.code_kind AND l.code = s.code AND s.year BETWEEN l.valid_from AND coalesce(l.valid_to, 9999)
WHERE replace(replace(s.printed_name, '(', '（'), ')', '）') <> l.name
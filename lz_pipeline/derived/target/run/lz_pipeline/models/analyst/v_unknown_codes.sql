
  
  create view "t1"."main"."v_unknown_codes__dbt_tmp" as (
    WITH seen AS (
    SELECT fact_table, department, year, code_kind, code, any_value(printed_name) AS printed_name,
           min(page) AS page, count(DISTINCT row_number) AS rows
    FROM "t1"."main"."v_coded_amounts" WHERE code IS NOT NULL
    GROUP BY fact_table, department, year, code_kind, code
), lists AS (
    SELECT 'function' AS code_kind, code, name, valid_from, valid_to FROM "t1"."main"."dim_function_code"
UNION ALL
SELECT 'economic', code, name, valid_from, valid_to FROM "t1"."main"."dim_economic_code"
)
SELECT s.fact_table, s.department, s.year, s.code_kind, s.code, s.printed_name, s.page, s.rows,
       CASE WHEN NOT EXISTS (SELECT 1 FROM lists AS l WHERE l.code_kind = s.code_kind)
            THEN 'code list not loaded (materialize the dim_* assets)'
            WHEN NOT EXISTS (SELECT 1 FROM lists AS l WHERE l.code_kind = s.code_kind AND l.code = s.code)
            THEN 'not in the code list' ELSE 'not valid in this year''s edition' END AS reason
FROM seen AS s
WHERE NOT EXISTS (
    SELECT 1 FROM lists AS l
    WHERE l.code_kind = s.code_kind AND l.code = s.code AND s.year BETWEEN l.valid_from AND coalesce(l.valid_to, 9999)
)
  );

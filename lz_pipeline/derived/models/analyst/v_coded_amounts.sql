-- Every amount of every coded fact table (the catalogue's CODED and ECONOMIC_BLOCKS kinds) in long form.
{%- for t in catalogue('coded_tables') %}
{{ "UNION ALL" if not loop.first }}
SELECT '{{ t.table }}' AS fact_table, department, year, document_kind, '{{ t.code_kind }}' AS code_kind,
       {{ t.code_kind }}_code AS code, {{ t.code_kind }}_name AS printed_name, level,
       {{ "category" if t.has_category else "CAST(NULL AS VARCHAR)" }} AS category,
       measure, amount, page, row_number
FROM (UNPIVOT {{ source('warehouse', t.table) }} ON {{ t.measures | join(', ') }} INTO NAME measure VALUE amount)
{%- endfor %}

{#- Both code lists in one relation: 支出功能分类 (function) and 支出经济分类 (economic), every edition. -#}
{% macro code_lists() -%}
SELECT 'function' AS code_kind, code, name, valid_from, valid_to FROM {{ source('warehouse', 'dim_function_code') }}
UNION ALL
SELECT 'economic', code, name, valid_from, valid_to FROM {{ source('warehouse', 'dim_economic_code') }}
{%- endmacro %}

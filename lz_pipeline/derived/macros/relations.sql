{#- A view names its inputs without a catalog ("main"."fact_summary"), so it works wherever the file is
    opened: as data/warehouse.duckdb, attached under another name, or copied by the publisher. Tables and tests
    run their SQL in dbt's own session (its catalog is not the warehouse) and keep the full name. -#}
{% macro _in_warehouse(relation) -%}
{%- if not (model is mapping and model.get('config', {}).get('materialized') == 'view') -%}
{%- do return(relation) -%}
{%- endif -%}
{%- do return(relation.include(database=False)) -%}
{%- endmacro %}

{% macro ref() -%}
{%- do return(_in_warehouse(builtins.ref(*varargs, **kwargs))) -%}
{%- endmacro %}

{% macro source(source_name, table_name) -%}
{%- do return(_in_warehouse(builtins.source(source_name, table_name))) -%}
{%- endmacro %}

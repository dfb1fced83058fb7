{#- Column docs become DuckDB comments (persist_docs), except on a DuckLake's views: DuckLake holds no comment
    on a view's columns (its relation comment it keeps). Overrides dbt-duckdb's macro of the same name. -#}
{% macro duckdb__alter_column_comment(relation, column_dict) %}
  {% if relation.type == 'view' and execute %}
    {% set catalog = run_query("SELECT type FROM duckdb_databases() WHERE database_name = '" ~ relation.database ~ "'") %}
    {% if catalog.rows and catalog.rows[0][0] == 'ducklake' %}
      {{ return('') }}
    {% endif %}
  {% endif %}
  {% set existing_columns = adapter.get_columns_in_relation(relation) | map(attribute="name") | list %}
  {% for column_name in column_dict if (column_name in existing_columns) %}
    {% set comment = column_dict[column_name]['description'] %}
    comment on column {{ relation }}.{{ adapter.quote(column_name) if column_dict[column_name]['quote'] else column_name }} is {{ duckdb_escape_comment(comment) }};
  {% endfor %}
{% endmacro %}

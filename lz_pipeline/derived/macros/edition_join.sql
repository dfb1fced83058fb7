{#- The code-list edition valid in a fact's year: code matches and year within [valid_from, valid_to]. -#}
{% macro edition_join(d, code, year) -%}
{{ d }}.code = {{ code }} AND {{ year }} BETWEEN {{ d }}.valid_from AND coalesce({{ d }}.valid_to, 9999)
{%- endmacro %}

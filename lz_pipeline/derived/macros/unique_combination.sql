{#- The model's key: no two rows share these columns (NULLs compare equal, as a key's 合计 row has NULL code). -#}
{% test unique_combination(model, columns) %}
SELECT {{ columns | join(', ') }}, count(*) AS rows
FROM {{ model }}
GROUP BY {{ columns | join(', ') }}
HAVING count(*) > 1
{% endtest %}

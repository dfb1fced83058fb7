{#- What the declarative catalogue (lz_pipeline/catalog.py) says, handed to the models as the var `catalogue`
    by lz_pipeline/derived/project.py: fact tables, their measures and printed labels, never copied here. -#}

{% macro catalogue(key) -%}
{{ return(var('catalogue', {}).get(key, [])) }}
{%- endmacro %}

{#- A SQL list of quoted words: ('收入合计', '收入总计'). -#}
{% macro words(items) -%}
{%- for item in items | sort %}'{{ item }}'{{ ", " if not loop.last }}{% endfor -%}
{%- endmacro %}

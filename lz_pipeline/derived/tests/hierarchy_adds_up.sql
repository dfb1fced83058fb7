{{ config(severity='warn') }}
-- Every 项 → 款 → 类 → 合计 adds up in every coded table; a gap is stored as printed and shown here.
SELECT * FROM {{ ref('v_hierarchy_gaps') }}

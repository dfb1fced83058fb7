SELECT * FROM {{ ref('v_hierarchy_check') }} WHERE status IN ('mismatch', 'missing parent')

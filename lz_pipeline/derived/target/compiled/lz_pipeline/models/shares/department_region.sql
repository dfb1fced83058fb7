-- dim_department's region (by its name and every alias printed on a report) where known, else the
-- seed analytics_department_region (the sample corpus's departments).
WITH known AS (
    SELECT name AS department, region FROM "t1"."main"."dim_department"
    UNION SELECT unnest(aliases) AS department, region FROM "t1"."main"."dim_department"
)
SELECT department, any_value(region) AS region FROM known WHERE region <> '' GROUP BY 1
UNION ALL
SELECT department, region FROM "t1"."main"."analytics_department_region"
WHERE department NOT IN (SELECT department FROM known WHERE region <> '')
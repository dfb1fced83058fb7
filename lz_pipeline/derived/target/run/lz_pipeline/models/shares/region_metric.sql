
  
  create view "t1"."main"."region_metric__dbt_tmp" as (
    SELECT coalesce(r.region, '未知地区') AS region, m.year, m.metric, any_value(m.label) AS label,
       CAST(sum(m.amount) AS DECIMAL(20, 6)) AS amount, count(DISTINCT m.department) AS departments
FROM "t1"."main"."metric_value" AS m LEFT JOIN "t1"."main"."department_region" AS r USING (department)
GROUP BY ALL
  );

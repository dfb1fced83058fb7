
  
  create view "t1"."main"."v_hierarchy_gaps__dbt_tmp" as (
    SELECT * FROM "t1"."main"."v_hierarchy_check" WHERE status IN ('mismatch', 'missing parent')
  );

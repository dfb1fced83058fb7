
  
  create view "t1"."main"."narrative_subject_budget__dbt_tmp" as (
    SELECT department, year, '决算' AS document_kind, 'three_public_' || part AS subject, budget, actual
FROM "t1"."main"."three_public_part" WHERE table_kind IN ('three_public', 'fiscal_three_public')
  );

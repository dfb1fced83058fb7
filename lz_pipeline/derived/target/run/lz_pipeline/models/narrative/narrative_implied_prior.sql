
  
  create view "t1"."main"."narrative_implied_prior__dbt_tmp" as (
    -- The narrative's implied prior-year amount ("比上年减少645.06万元" → this year's amount + 645.06), for a
-- year whose own table is missing.
SELECT department, year, subject, comparison_year, arg_min(implied_prior, claim_no) AS implied_prior
FROM "t1"."main"."fact_narrative_claim"
WHERE document_kind = '决算' AND metric = 'change' AND implied_prior IS NOT NULL AND comparison_year = year - 1
GROUP BY ALL
  );

CREATE OR REPLACE MACRO pct_half_up(num, den) AS (CASE WHEN (den) IS NULL OR (num) IS NULL OR (den) = 0 THEN NULL ELSE
    CAST(sign(num) * sign(den)
         * ((2 * abs(CAST((num) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((den) * 1000000 AS HUGEINT))) // (2 * abs(CAST((den) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END);
CREATE OR REPLACE MACRO div_half_up(num, den, d) AS (CASE WHEN (den) IS NULL OR (num) IS NULL OR (den) = 0 THEN NULL ELSE
    CAST(sign(num) * sign(den)
         * ((2 * abs(CAST((num) * 1000000 AS HUGEINT)) * CAST(10 ** (d) AS HUGEINT) + abs(CAST((den) * 1000000 AS HUGEINT)))
            // (2 * abs(CAST((den) * 1000000 AS HUGEINT))))
         * CAST(10 ** (6 - (d)) AS HUGEINT) AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(7, 6))
END);
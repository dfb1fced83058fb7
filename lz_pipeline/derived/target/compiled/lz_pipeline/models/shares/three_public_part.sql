-- One row per 三公 part of each 三公 table: its 预算数 and 决算数.
SELECT department, year, table_kind, part, label, budget, actual
FROM "t1"."main"."fact_three_public",
LATERAL (VALUES
    ('total', '“三公”经费', budget_total, actual_total),
    ('overseas', '因公出国（境）费', budget_overseas, actual_overseas),
    ('vehicle', '公务用车购置及运行维护费', budget_vehicle, actual_vehicle),
    ('vehicle_purchase', '公务用车购置费', budget_vehicle_purchase, actual_vehicle_purchase),
    ('vehicle_operation', '公务用车运行维护费', budget_vehicle_operation, actual_vehicle_operation),
    ('reception', '公务接待费', budget_reception, actual_reception)
) AS parts(part, label, budget, actual)
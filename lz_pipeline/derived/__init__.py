"""The derived layer: a dbt project (dbt-duckdb) beside the Python that hands it the catalogue and runs it."""

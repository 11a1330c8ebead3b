"""The plan stage: run every stage for a scenario, compute its KPIs and write the plan workbook."""

"""Outputs: conference charts, the workbook, slides, the báo cáo and its annex, the summary,
and blank forms for offices."""

"""Consultant batches: a workbook of many firms in; one packet per firm, a summary and an error report out."""

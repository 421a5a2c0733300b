"""Spreadsheets (xlsx) written with openpyxl in write-only mode: no DB, no Qt."""

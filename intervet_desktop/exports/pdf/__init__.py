"""Print-ready PDF documents (reportlab platypus) from editable per-language templates."""

"""Files of the international office: iCalendar, dissemination workbook, roadmap PDF."""

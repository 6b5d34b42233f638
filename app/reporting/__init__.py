"""The figures a council reports, computed from the local store (no Qt), and their
exports: CSV, an Excel workbook and a team report PDF."""

"""Families, the people in them and the agencies involved, and the caseload
that lists them."""

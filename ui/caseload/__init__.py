"""The caseload and Today: the worker's families, searchable, and the home
screen of what is due."""

"""Casework on a family: consent, assessments, plans, meetings and reviews,
visits, chronology, step up and down, closure, and the worker's Today."""

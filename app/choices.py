"""The fixed option lists a worker picks from (codes stored, labels shown)."""

from __future__ import annotations

REQUEST_SOURCES = {
    "health_visitor": "Health visitor",
    "school": "School",
    "gp": "GP",
    "police": "Police report",
    "self": "Self-referral",
    "social_care_step_down": "Step-down from social care",
    "other": "Other",
}

PERSON_ROLES = {
    "child": "Child",
    "unborn": "Unborn baby",
    "parent_carer": "Parent / carer",
    "significant_adult": "Other significant adult",
}

FAMILY_STATUSES = {
    "open": "Open",
    "closed": "Closed",
    "stepped_up": "Stepped up",
}

GENDERS = ["", "Female", "Male", "Non-binary", "Not known", "Prefer not to say"]

AGENCIES = [
    "Health visiting",
    "School",
    "Early years setting",
    "GP",
    "Midwifery",
    "Police",
    "Housing",
    "Children's social care",
    "Child and adolescent mental health",
    "Adult mental health",
    "Drug and alcohol service",
    "Youth service",
    "Family nurse partnership",
    "Domestic abuse service",
    "Voluntary sector",
]

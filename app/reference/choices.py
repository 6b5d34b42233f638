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

# Suggestions only: a worker may type any other value.
RELATIONSHIPS = [
    "Son",
    "Daughter",
    "Mother",
    "Father",
    "Stepmother",
    "Stepfather",
    "Mother's partner",
    "Father's partner",
    "Grandmother",
    "Grandfather",
    "Aunt",
    "Uncle",
    "Brother",
    "Sister",
    "Half-brother",
    "Half-sister",
    "Foster carer",
    "Kinship carer",
    "Family friend",
]

# The suggestions offered by role: how an adult is related to the children, and how a
# child is related to the other children or the adults. An unborn baby has none: the
# adults' relationships say who its parents are.
ADULT_RELATIONSHIPS = [
    "Mother", "Father", "Stepmother", "Stepfather", "Mother's partner", "Father's partner",
    "Grandmother", "Grandfather", "Aunt", "Uncle", "Brother", "Sister", "Half-brother",
    "Half-sister", "Foster carer", "Kinship carer", "Family friend",
]  # fmt: skip
CHILD_RELATIONSHIPS = [
    "Son", "Daughter", "Stepson", "Stepdaughter", "Brother", "Sister", "Half-brother",
    "Half-sister", "Stepbrother", "Stepsister", "Cousin", "Grandson", "Granddaughter",
]  # fmt: skip
# Words only an adult can be to the children: refused for an unborn baby.
ADULT_ONLY_RELATIONSHIPS = frozenset(
    r.casefold() for r in ADULT_RELATIONSHIPS if r not in CHILD_RELATIONSHIPS
)

# The ethnic groups of the 2021 Census for England and Wales (suggestions; editable).
ETHNICITIES = [
    "Asian or Asian British: Bangladeshi",
    "Asian or Asian British: Chinese",
    "Asian or Asian British: Indian",
    "Asian or Asian British: Pakistani",
    "Asian or Asian British: any other Asian background",
    "Black, Black British, Caribbean or African: African",
    "Black, Black British, Caribbean or African: Caribbean",
    "Black, Black British, Caribbean or African: any other Black background",
    "Mixed or multiple: White and Asian",
    "Mixed or multiple: White and Black African",
    "Mixed or multiple: White and Black Caribbean",
    "Mixed or multiple: any other mixed background",
    "White: English, Welsh, Scottish, Northern Irish or British",
    "White: Irish",
    "White: Gypsy or Irish Traveller",
    "White: Roma",
    "White: any other White background",
    "Other ethnic group: Arab",
    "Other ethnic group: any other ethnic group",
    "Not stated",
]

LANGUAGES = [
    "English",
    "Arabic",
    "Bengali",
    "British Sign Language",
    "Cantonese",
    "Farsi",
    "French",
    "Gujarati",
    "Kurdish",
    "Lithuanian",
    "Polish",
    "Portuguese",
    "Punjabi",
    "Romanian",
    "Somali",
    "Spanish",
    "Tigrinya",
    "Urdu",
    "Welsh",
]

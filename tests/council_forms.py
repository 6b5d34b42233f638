"""A council's own forms, for tests: written here, never shipped.

``RIVERSIDE_EHAT`` is a council's Early Help Assessment (kind ``ehat``) whose field
ids differ from the shipped EHAT's: its ``outcome:`` names them, its strengths too.
``STRENGTHS_REVIEW`` is a kind of form Hearth has never heard of (``strengths_review``),
with two versions.
``RIVERSIDE_CHILD_HEALTH`` uses the newer parts of the form language, with the option
lists in ``RIVERSIDE_OPTION_LISTS`` (installed only when asked for:
``install_council_forms(LANGUAGE_FORMS)``).
:func:`install_council_forms` puts them in the council's forms folder under
``HEARTH_HOME``, where Hearth looks for them. Every word is invented.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from app.forms.definition import FormDefinition
from app.forms.loader import SHIPPED_FORMS, FormRegistry, load_texts
from app.store.paths import config_folder

RIVERSIDE_EHAT = """\
id: ehat_riverside
version: 1
title: Riverside early help assessment
kind: ehat
outcome:
  recommended_level_field: agreed_level
  fam_needed_field: meeting_decision
  children_field: who_for
  strengths_fields: [what_works]
pages:
  - id: about
    title: Who and why
    fields:
      - {id: assessment_date, type: date, label: Date, required: true}
      - {id: who_for, type: person, label: The children this is about, filter: children,
         multiple: true, required: true}
      - {id: why_now, type: long_text, label: Why now?, required: true}
      - {id: what_works, type: long_text, label: What works well at home}
  - id: decision
    title: What we agreed
    fields:
      - {id: agreed_level, type: choice, label: Level agreed, options_from: levels_of_need,
         required: true}
      - {id: meeting_decision, type: yes_no, label: Do we need a family meeting?,
         required: true}
"""

STRENGTHS_REVIEW_V1 = """\
id: strengths_review
version: 1
title: Family strengths review
kind: strengths_review
pages:
  - id: strengths
    title: What the family does well
    fields:
      - {id: review_date, type: date, label: Date of the review, required: true}
      - {id: strengths_seen, type: long_text, label: Strengths we saw, required: true}
"""

STRENGTHS_REVIEW_V2 = """\
id: strengths_review
version: 2
title: Family strengths review
kind: strengths_review
description: What the family does well, and who helps them.
pages:
  - id: strengths
    title: What the family does well
    fields:
      - {id: assessment_date, type: date, label: Date of the review, required: true}
      - {id: strengths_seen, type: long_text, label: Strengths we saw, required: true}
      - {id: helpers, type: long_text, label: Who helps the family}
"""

# A council's own per-child form using the form language's newer features: identifiers
# checked as they are typed, date limits (not in the future, not before the child's birth,
# also in a row about a child chosen in the row).
RIVERSIDE_CHILD_HEALTH = """\
id: riverside_child_health
version: 1
title: Riverside child health and school check
kind: child_health_check
per_child: true
pages:
  - id: identifiers
    title: Health and school numbers
    fields:
      - {id: age_now, type: family_value, label: Age, value: child_age}
      - {id: at_school_age, type: family_value, label: Of school age, value: child_school_age}
      - {id: baby_coming, type: family_value, label: A baby is expected, value: baby_expected}
      - {id: seen_on, type: date, label: Date seen, required: true, not_in_future: true,
         not_before_birth: true}
      - {id: nhs_number, type: text, label: NHS number, validate: nhs_number, required: true}
      - {id: home_postcode, type: text, label: Home postcode, validate: postcode}
      - {id: gp_phone, type: text, label: GP surgery phone, validate: phone}
      - {id: pupil_number, type: text, label: Unique Pupil Number, validate: upn}
  - id: contacts
    title: Health contacts
    fields:
      - id: health_contacts
        type: repeat
        label: Health visits for the children
        add_label: Add a visit
        fields:
          - {id: visit_child, type: person, label: Child, filter: children, required: true}
          - {id: visit_date, type: date, label: Date of the visit, required: true,
             not_before_birth: true, not_in_future: true}
          - {id: visit_missed, type: yes_no, label: "Was the visit missed?"}
          - {id: missed_reason, type: text, label: "Why was it missed?",
             required_if: {field: visit_missed, equals: true}}
      - {id: children_seen, type: person, label: Children we saw, filter: children,
         multiple: true}
      - id: each_child
        type: repeat
        label: How each child we saw is
        for_each: children_seen
        fields:
          - {id: seen_child, type: person, label: Child, filter: children, required: true}
          - {id: seen_how, type: long_text, label: How they are, required: true}
  - id: background
    title: Background
    fields:
      - {id: ethnicity, type: choice, label: Ethnicity, options_from: ethnicity}
      - {id: home_language, type: choice, label: Main language at home,
         options_from: language}
      - {id: send_needs, type: multi_choice, label: Special educational needs,
         options_from: send_need}
      - id: family_issues
        type: repeat
        label: Supporting Families headings
        add_label: Add a heading
        fields:
          - {id: heading, type: choice, label: Heading, options_from: sf_headings,
             required: true}
          - {id: heading_notes, type: long_text, label: What we saw}
  - id: wellbeing
    title: How the child is
    fields:
      - id: grading_guide
        type: guidance
        text: >
          Grade what you have seen yourself this term; ask the school for its attendance
          figures before you grade getting to school.
      - id: school_grade
        type: grade
        label: Getting to school
        min: 1
        max: 4
        descriptors:
          1: In school every day, on time.
          2: Misses the odd day.
          3: Misses a day most weeks.
          4: Rarely in school.
      - id: sleep_grade
        type: grade
        label: Sleep
        min: 0
        max: 3
        descriptors: [Sleeps well, Some bad nights, Most nights disturbed, Hardly sleeps]
      - id: worry_scale
        type: scale
        label: How worried is the family?
        min: 0
        max: 3
        labels:
          0: not worried at all
          1: a little worried
          2: quite worried
          3: very worried
      - {id: missed_days, type: number, label: Days of school missed this term, integer: true,
         min: 0}
      - {id: young_carer, type: yes_no, label: "Is the child a young carer?"}
      - id: attendance_plan
        type: long_text
        label: What will help the child get to school
        visible_if:
          any:
            - {field: missed_days, more_than: 9}
            - all:
                - {field: young_carer, equals: true}
                - not: {field: worry_scale, less_than: 2}
      - id: school_contact
        type: text
        label: Who at school knows
        required_if:
          all:
            - {field: missed_days, more_than: 4}
            - not: {field: young_carer, equals: true}
      - {id: interpreter, type: yes_no, label: "Is an interpreter needed?",
         visible_if: {field: home_language, one_of: [Polish, Urdu]}}
      - {id: nursery, type: text, label: Nursery or childminder,
         visible_if: {field: age_now, less_than: 5}}
      - {id: antenatal, type: long_text, label: Antenatal care so far,
         visible_if: {field: baby_coming, equals: true}}
      - id: family_agreed
        type: confirmation
        label: The family's agreement
        text: I have read this with the family and they agree it is right
"""

# A council's safety mapping: Hearth's own with the council's words for every point of
# the scale, and its own printed heading and introduction for the scores.
SCALE_WORDS = [
    "the children are not safe enough to stay at home",
    "very serious worries",
    "serious worries",
    "many worries",
    "some serious worries",
    "worries and safety about even",
    "more safety than worries",
    "safety is growing",
    "good safety",
    "strong safety",
    "safe enough to close the case",
]

# The council's option lists, each used by many fields (``options_from``); the last
# option of each is "other, please say".
RIVERSIDE_OPTION_LISTS = """\
option_lists:
  ethnicity:
    - {value: white_british, label: White British}
    - {value: white_irish, label: White Irish}
    - {value: white_gypsy_roma, label: Gypsy or Roma}
    - {value: mixed_white_caribbean, label: White and Black Caribbean}
    - {value: asian_pakistani, label: Pakistani}
    - {value: black_african, label: Black African}
    - {value: chinese, label: Chinese}
    - {value: not_said, label: Prefers not to say}
    - {value: other, label: Any other ethnic group, other: true}
  language:
    - English
    - Polish
    - Urdu
    - {value: other, label: Another language (please say), other: true}
  send_need:
    - {value: slcn, label: "Speech, language and communication"}
    - {value: semh, label: "Social, emotional and mental health"}
    - {value: asd, label: Autism}
    - {value: other, label: Another need, other: true}
  sf_headings:
    - {value: education, label: Getting a good education}
    - {value: early_years, label: Good early years development}
    - {value: health, label: Improved mental and physical health}
    - {value: other, label: Something else, other: true}
"""

COUNCIL_FORMS = {
    "ehat_riverside.yaml": RIVERSIDE_EHAT,
    "strengths_review_v1.yaml": STRENGTHS_REVIEW_V1,
    "strengths_review_v2.yaml": STRENGTHS_REVIEW_V2,
}


LANGUAGE_FORMS = {
    "riverside_child_health.yaml": RIVERSIDE_CHILD_HEALTH,
    "option_lists.yaml": RIVERSIDE_OPTION_LISTS,
}


def language_form() -> FormDefinition:
    """``RIVERSIDE_CHILD_HEALTH`` read with the council's option lists."""
    result = load_texts(list(LANGUAGE_FORMS.items()))
    assert result.ok, [str(p) for p in result.problems]
    return result.registry.get("riverside_child_health", 1)


def install_council_forms(forms: dict[str, str] | None = None) -> Path:
    """Write the council's forms into its forms folder (under ``HEARTH_HOME``)."""
    folder = config_folder() / "forms"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (forms or COUNCIL_FORMS).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def write_form_choices(
    hidden_forms: list[str] | None = None, offered_examples: list[str] | None = None
) -> Path:
    """Write the council's ``form_choices.json`` (under ``HEARTH_HOME``)."""
    path = config_folder() / "form_choices.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, list[str]] = {}
    if hidden_forms is not None:
        data["hidden_forms"] = hidden_forms
    if offered_examples is not None:
        data["offered_examples"] = offered_examples
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def council_safety_map() -> str:
    """The shipped safety mapping (same id and version, so the demo's assessments open
    with it) with ``SCALE_WORDS`` at every point and the council's heading and
    introduction for the printed scores. It stands in for Hearth's own file in a
    registry of its own (:func:`registry_with_council_safety_map`); a council's own
    copy in its forms folder would need an id of its own (forms/README.md)."""
    form = yaml.safe_load((SHIPPED_FORMS / "signs_of_safety.yaml").read_text(encoding="utf-8"))
    form["scaling"]["heading"] = "Riverside scaling: how safe is everyone?"
    form["scaling"]["introduction"] = "Each person gave their own number; here is what each means."
    for page in form["pages"]:
        for top in page["fields"]:
            for sub in top.get("fields", []):
                if sub["id"] == "score":
                    del sub["low_label"], sub["high_label"]
                    sub["labels"] = SCALE_WORDS
    return str(yaml.safe_dump(form, sort_keys=False))


def registry_with_council_safety_map() -> FormRegistry:
    texts = [
        (path.name, path.read_text(encoding="utf-8"))
        for path in sorted(SHIPPED_FORMS.glob("*.yaml"))
        if path.name != "signs_of_safety.yaml"
    ]
    result = load_texts([*texts, ("signs_of_safety_riverside.yaml", council_safety_map())])
    assert result.ok, [str(p) for p in result.problems]
    return result.registry

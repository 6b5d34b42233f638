"""An editor widget for each field type of a form definition (one module per family:
text, choices, dates, grades, scales, repeating groups), the block that shows one field on
a wizard page (:mod:`.field_block`, made by :mod:`.factory`) and answers shown read-only."""

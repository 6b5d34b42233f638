"""The generic assessment wizard: one QWizard renderer for every form definition
(:mod:`ui.wizard.definition_wizard`, its pages, side list and navigation), a stored
assessment in it (:mod:`ui.wizard.form_wizard`), an editor per field type
(:mod:`ui.wizard.editors`) and draft autosave (:mod:`ui.wizard.autosave`)."""

"""The forms engine: form definitions as data (``forms/*.yaml``), checked when
loaded, kept in every version, and the rules for answering them.

Qt-free and store-free: the wizard renderer (``ui``) and the assessment
records (``app``) build on it. Import from the modules themselves (this
package imports nothing, so ``hearth forms`` and the launcher stay quick):

* :mod:`app.forms.definition` - what a form is (frozen dataclasses)
* :mod:`app.forms.schema` - reading and checking one file
* :mod:`app.forms.problems` - what a check found (Problem: file, path, message, line)
* :mod:`app.forms.value_checks`, :mod:`~app.forms.field_checks`,
  :mod:`~app.forms.field_kinds`, :mod:`~app.forms.reference_checks` - the checks, layer by layer
* :mod:`app.forms.loader` - loading folders into a FormRegistry (every version kept)
* :mod:`app.forms.answers` - visibility and validation of answers
* :mod:`app.forms.scoring` - GCP2 suggested grades, profiles, safety scaling
* :mod:`app.cli.forms_command` - ``hearth forms check [DIR]``
"""

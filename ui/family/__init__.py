"""One family: its view, and the dialogs for its details, people, agencies,
level of need and step changes."""

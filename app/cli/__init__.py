"""The ``hearth`` command line: each subcommand works on a store without a window
(``python -m app.cli.main``)."""

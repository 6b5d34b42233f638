"""What each screen loads in one store task (the queries behind a view), typed and
checked with the core; the views in ``ui/`` only hand these to the task runner."""

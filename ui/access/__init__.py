"""Getting in: first-run welcome, unlock, the lock screen, the passphrase and
the worker's settings."""

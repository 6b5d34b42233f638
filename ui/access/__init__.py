"""Getting in: first-run welcome, unlock, the lock screen, the passphrase, setting aside
a store that cannot be opened, and the worker's settings."""

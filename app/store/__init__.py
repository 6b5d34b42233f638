"""The worker's encrypted store: creating, opening and locking it, the key vault,
the pause after wrong passphrases, where it lives, and wiping it."""

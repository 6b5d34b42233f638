"""The worker's encrypted store: creating it whole, opening and locking it, the key vault,
the pause after wrong passphrases, setting a store aside, where it lives, and wiping it."""

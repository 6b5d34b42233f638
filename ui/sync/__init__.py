"""Sync on screen: when to sync, the status bar, the conflicts to resolve, and
connecting to the central service."""

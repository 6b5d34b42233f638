"""The main window's title: whose store it is, and whether it is the demo."""

from __future__ import annotations

from app.store.caseload_store import Store


def window_title(store: Store) -> str:
    profile = store.profile
    title = f"Hearth — {profile.name} ({profile.role_label})"
    return title + " — DEMO" if store.is_demo else title

"""Widgets shared by every screen: form rows and fields, read-only table models and the
table view that shows them, and the palettes and theme every colour comes from."""

"""Widgets shared by every screen: form rows and fields."""

"""Tests of packaging/: the icon, the Windows version resource and installer."""

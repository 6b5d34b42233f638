"""Previewing, saving and printing a family's documents."""

"""Hostile input: crafted files and requests (issue 11)."""

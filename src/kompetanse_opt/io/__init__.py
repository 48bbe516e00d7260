"""Exports of a plan to other formats (calendar files)."""

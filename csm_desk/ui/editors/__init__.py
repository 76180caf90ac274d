"""Editors built from field declarations: a form for one row, a table for a list of rows."""

"""Alembic's environment and the book's schema revisions (``versions``), applied on opening."""

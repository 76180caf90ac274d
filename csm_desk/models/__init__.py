"""The book file and its tables: open, create, migrate, copy, load into engine facts, and write
through reversible operations. No Qt.
"""

"""The desktop window (PySide6 lives only here)."""

"""The desktop window (PySide6 lives only here)."""

from csm_desk.ui.none_guard import protect_none

protect_none()

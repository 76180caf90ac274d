"""The one error exports raise: ``str()`` is a single line fit to show a person."""


class ExportError(Exception):
    """A document cannot be written (unknown account or document, nothing to recap, target
    exists…)."""

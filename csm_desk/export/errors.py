"""The one error exports raise: ``str()`` is a single line fit to show a person."""


class ExportError(Exception):
    """A document cannot be written (unknown account or document, nothing to recap, target
    exists…).
    """


class TargetExistsError(ExportError):
    """The file to write exists and replacing it was not asked for."""

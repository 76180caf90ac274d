"""Every file location CSM Desk uses, in one place.

Locations come from platformdirs; when ``CSM_DESK_HOME`` is set, every location lives under it
instead (tests, portable installs, trying a book without touching your own).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "CSM Desk"
BOOK_SUFFIX = ".csmbook"
DEFAULT_BOOK_NAME = "My Book" + BOOK_SUFFIX


def _home_override() -> Path | None:
    home = os.environ.get("CSM_DESK_HOME")
    return Path(home).expanduser() if home else None


def data_dir() -> Path:
    """Where the default book and its backups live."""
    home = _home_override()
    if home is not None:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def config_dir() -> Path:
    """Where window layout, recent books and other per-user preferences live."""
    home = _home_override()
    if home is not None:
        return home / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))


def documents_dir() -> Path:
    """Where exported documents are offered to be saved."""
    home = _home_override()
    if home is not None:
        return home / "documents"
    import platformdirs

    return Path(platformdirs.user_documents_dir())


def log_dir() -> Path:
    """Where the program's log (``csm-desk.log``, with the details of any unexpected error)
    is written."""
    home = _home_override()
    if home is not None:
        return home / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def cache_dir() -> Path:
    """Files the program can make again: matplotlib's font list and the like."""
    home = _home_override()
    if home is not None:
        return home / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False))


def matplotlib_dir() -> Path:
    """matplotlib's configuration and cache folder (``MPLCONFIGDIR``), inside ``cache_dir()``."""
    return cache_dir() / "matplotlib"


def use_own_folders() -> None:
    """Point the libraries that keep files of their own at this program's folders.

    Called at start-up, before matplotlib is imported (it reads ``MPLCONFIGDIR`` once, on
    import). With ``CSM_DESK_HOME`` set, nothing is written outside it; otherwise a folder
    the person chose with ``MPLCONFIGDIR`` is kept.
    """
    if _home_override() is not None or not os.environ.get("MPLCONFIGDIR"):
        os.environ["MPLCONFIGDIR"] = str(matplotlib_dir())


def backup_dir() -> Path:
    """Automatic backups taken before a book is migrated to a newer schema."""
    return data_dir() / "backups"


def default_book() -> Path:
    """The book opened when no other is named."""
    return data_dir() / DEFAULT_BOOK_NAME


def resources_dir() -> Path:
    """Icons, the Word template and other files shipped inside the package (``csm_desk/resources``).

    Read through ``importlib.resources``, so the folder is found wherever the package is: a
    checkout, a wheel or pipx install, or a frozen build that keeps the package's data beside it.
    """
    from importlib.resources import files

    return Path(str(files("csm_desk") / "resources"))

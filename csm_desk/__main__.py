"""Entry point: ``csm-desk`` (or ``python -m csm_desk``) with no command opens the window;
with a command it runs headless."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def _open_window(book: Path | None) -> int:
    from csm_desk.ui.app import run_app

    return run_app(book)


def main(argv: Sequence[str] | None = None) -> int:
    from csm_desk import logfile, paths
    from csm_desk.cli import run

    paths.use_own_folders()
    logfile.start()
    return run(sys.argv[1:] if argv is None else argv, open_window=_open_window)


if __name__ == "__main__":
    sys.exit(main())

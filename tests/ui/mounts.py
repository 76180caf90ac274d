"""Real read-only files, read-only folders and full disks for window tests.

The tests run as root, for whom ``chmod`` stops no write; the kernel's read-only mounts and a
small tmpfs do. A test that cannot mount (no privilege, no ``mount``) is skipped. Everything
is unmounted when the block ends, whatever happened inside it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _run(*args: str) -> bool:
    if shutil.which(args[0]) is None:
        return False
    result = subprocess.run(args, capture_output=True, text=True, timeout=30)
    return result.returncode == 0


def _unmount(target: Path) -> None:
    if not _run("umount", str(target)):
        _run("umount", "-l", str(target))


@contextlib.contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    """``path`` itself made read-only (a read-only bind mount over the file)."""
    if not _run("mount", "--bind", str(path), str(path)):
        pytest.skip("cannot bind-mount a file here (not root, or no mount)")
    try:
        if not _run("mount", "-o", "remount,bind,ro", str(path)):
            pytest.skip("cannot make a bind mount read-only here")
        yield path
    finally:
        _unmount(path)


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "4m") -> Iterator[Path]:
    """A small file system of its own mounted on ``folder`` (made if need be)."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)):
        pytest.skip("cannot mount a tmpfs here (not root, or no mount)")
    try:
        yield folder
    finally:
        _unmount(folder)


@contextlib.contextmanager
def read_only_folder(folder: Path, *files: Path) -> Iterator[Path]:
    """``folder`` holding copies of ``files``, on a file system mounted read-only."""
    with tmpfs(folder):
        for file in files:
            shutil.copyfile(file, folder / file.name)
        if not _run("mount", "-o", "remount,ro", str(folder)):
            pytest.skip("cannot remount a tmpfs read-only here")
        yield folder


def fill_disk(folder: Path) -> Path:
    """Fill the file system holding ``folder`` until no byte more fits; returns the filler."""
    filler = folder / "filler.bin"
    block = b"\0" * 65536
    with filler.open("wb", buffering=0) as handle:
        while True:
            try:
                if not handle.write(block):
                    break
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                break
    return filler


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

"""The desktop entry and the AppStream description validate, and ``make install-desktop`` puts
them, the book's file type and the icon where the desktop finds them."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "io.csmdesk.CSMDesk.desktop"
METAINFO = PACKAGING / "io.csmdesk.CSMDesk.metainfo.xml"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed here (tools/system-deps.sh installs it)")
    return found


def test_the_desktop_entry_validates() -> None:
    done = subprocess.run(
        [_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_the_appstream_description_validates() -> None:
    done = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_appstream_id_is_the_desktop_entrys_name() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == DESKTOP.stem
    assert root.findtext("launchable") == DESKTOP.name
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DESKTOP, encoding="utf-8")
    assert entry["Desktop Entry"]["Version"] in {"1.0", "1.1", "1.2", "1.3", "1.4"}
    for image in root.iter("image"):
        assert (image.text or "").startswith("https://"), image.text


def test_make_install_desktop_installs_for_the_user(tmp_path: Path) -> None:
    for tool in ("make", "xdg-mime", "xdg-desktop-menu", "xdg-icon-resource"):
        _tool(tool)
    data = tmp_path / "share"
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(data),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    done = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "install-desktop"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (data / "applications" / DESKTOP.name).read_bytes() == DESKTOP.read_bytes()
    assert (data / "mime" / "packages" / "csm-desk-mime.xml").is_file()
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / "csm-desk.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "csm-desk.svg").is_file()
    assert (data / "metainfo" / METAINFO.name).is_file()
    if shutil.which("update-mime-database"):
        globs = (data / "mime" / "globs2").read_text(encoding="utf-8")
        assert "application/x-csmbook:*.csmbook" in globs
    defaults = (tmp_path / "config" / "mimeapps.list").read_text(encoding="utf-8")
    assert f"application/x-csmbook={DESKTOP.name}" in defaults

    done = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "uninstall-desktop"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (data / "applications" / DESKTOP.name).exists()

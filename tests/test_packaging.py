"""The packaging files agree with the program: names, icon, file type, paths the build needs."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

from csm_desk.models.bookfile import APPLICATION_ID
from csm_desk.paths import BOOK_SUFFIX

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


def test_desktop_entry() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "io.csmdesk.CSMDesk.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Name"] == "CSM Desk"
    assert section["Exec"].split()[0] == "csm-desk"
    assert section["Icon"] == "csm-desk"
    assert "application/x-csmbook" in section["MimeType"]
    assert (PACKAGING / "icons" / "csm-desk.svg").read_bytes() == (
        ROOT / "csm_desk" / "resources" / "icons" / "app.svg"
    ).read_bytes()
    app_source = (ROOT / "csm_desk" / "ui" / "app.py").read_text(encoding="utf-8")
    assert "setDesktopFileName(DESKTOP_ID)" in app_source
    assert 'DESKTOP_ID = "io.csmdesk.CSMDesk"' in app_source


def test_book_file_type_matches_the_book_file() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(PACKAGING / "csm-desk-mime.xml").getroot()
    mime = root.find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == "application/x-csmbook"
    glob = mime.find("m:glob", ns)
    assert glob is not None and glob.get("pattern") == "*" + BOOK_SUFFIX
    inner = root.find(".//m:match/m:match", ns)
    assert inner is not None and int(inner.get("value", "0"), 16) == APPLICATION_ID
    assert inner.get("offset") == "68"


def test_appstream_metainfo() -> None:
    root = ET.parse(PACKAGING / "io.csmdesk.CSMDesk.metainfo.xml").getroot()
    assert root.findtext("name") == "CSM Desk"
    assert root.findtext("launchable") == root.findtext("id") + ".desktop"
    assert (PACKAGING / (root.findtext("launchable") or "")).is_file()
    for image in root.iter("image"):
        assert (image.text or "").startswith("https://"), image.text
    version = root.find("releases/release")
    from csm_desk import __version__

    assert version is not None and version.get("version") == __version__


def test_the_build_spec_names_what_exists() -> None:
    spec = (PACKAGING / "csm-desk.spec").read_text(encoding="utf-8")
    needed_names = (
        '"csm_desk" / "resources"',
        '"csm_desk" / "models" / "migrations"',
        '"launch.py"',
    )
    for needed in needed_names:
        assert needed in spec
    assert (PACKAGING / "launch.py").is_file()
    assert list((ROOT / "csm_desk" / "models" / "migrations" / "versions").glob("0001_*.py"))

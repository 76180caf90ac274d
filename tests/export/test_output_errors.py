"""What the command line says when the document cannot be written: an existing file (replaced
only with ``--force``), a missing folder, a full disk, a read-only folder, permission denied.
Each is one line on stderr and a non-zero exit, never a traceback, and no partial file is left."""

from __future__ import annotations

import errno
import zipfile
from pathlib import Path

import pytest

from csm_desk import cli
from tests.export.conftest import body_text
from tests.ui.mounts import fill_disk, read_only_folder, tmpfs


def run(*argv: str) -> int:
    return cli.run(list(argv), open_window=lambda _path: 99)


def export(book: Path, out: Path, *extra: str) -> int:
    return run(
        "export", "Northwind Payments", "success-plan", "-o", str(out), "--book", str(book), *extra
    )


def one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err.strip()


def test_an_existing_file_is_refused_in_one_line_naming_it(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.docx"
    out.write_bytes(b"keep")
    assert export(sample_path, out) == 1
    assert one_line(capsys.readouterr().err) == (
        f"csm-desk: {out} already exists; use --force to replace it"
    )
    assert out.read_bytes() == b"keep"


def test_force_replaces_an_existing_file(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.docx"
    out.write_bytes(b"old")
    assert export(sample_path, out, "--force") == 0
    assert zipfile.is_zipfile(out)
    assert "Northwind Payments" in body_text(out)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "Sample.csmbook") == [
        "plan.docx"
    ], "no partial file left"


def test_force_never_replaces_a_folder(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "folder.docx"
    out.mkdir()
    assert export(sample_path, out, "--force") == 1
    assert "already exists" in one_line(capsys.readouterr().err)
    assert out.is_dir()


def test_a_missing_folder_is_one_line(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nowhere" / "plan.docx"
    assert export(sample_path, out) == 1
    assert one_line(capsys.readouterr().err) == (
        f"csm-desk: {out.parent} is not a folder (it does not exist)"
    )
    assert not out.parent.exists()


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EACCES, "permission denied"),
        (errno.ENOSPC, "the disk is full"),
    ],
)
def test_a_disk_that_refuses_the_file_is_one_line_and_leaves_nothing(
    sample_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    reason: str,
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    real = Path.write_bytes

    def refuse(self: Path, data: bytes) -> int:
        if self.parent == folder:
            real(self, bytes(data)[:100])  # the disk took a little, then refused
            raise OSError(code, "refused", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", refuse)
    out = folder / "plan.docx"
    assert export(sample_path, out) == 1
    assert one_line(capsys.readouterr().err) == (
        f"csm-desk: could not write plan.docx in {folder}: {reason}; nothing was written"
    )
    assert list(folder.iterdir()) == [], "no partial file left"


def test_a_full_disk_is_one_line_and_leaves_nothing(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with tmpfs(tmp_path / "disk", size="1m") as disk:
        filler = fill_disk(disk)
        assert export(sample_path, disk / "plan.docx") == 1
        assert one_line(capsys.readouterr().err) == (
            f"csm-desk: could not write plan.docx in {disk}: the disk is full; nothing was written"
        )
        assert [p.name for p in disk.iterdir()] == [filler.name]


def test_a_read_only_folder_is_one_line(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with read_only_folder(tmp_path / "read-only") as folder:
        assert export(sample_path, folder / "plan.docx") == 1
        assert one_line(capsys.readouterr().err) == (
            f"csm-desk: could not write plan.docx in {folder}: the disk is read-only; "
            "nothing was written"
        )

"""A missing artifact the segment does not require is not shown as a red problem."""

from __future__ import annotations

from csm_desk.engine.vocab import ArtifactStatus
from csm_desk.ui import formatting


def test_an_optional_missing_artifact_is_grey_not_red(demo_window) -> None:  # type: ignore[no-untyped-def]
    window = demo_window
    found = [
        (account, artifact)
        for account in window.session.result.active
        for artifact, state in account.artifacts.items()
        if state.status is ArtifactStatus.MISSING and not state.mandatory
    ]
    assert found
    account, artifact = found[0]
    workspace = window.ensure_workspace()
    page = next(p for p in workspace.pages.values() if p.artifact is artifact)
    window.open_account(account.id, page.area.value)
    text = page.banner.status.text()
    assert formatting.GREY in text and formatting.RED not in text
    assert "optional for this segment" in text
    snapshot = next(p for p in workspace.pages.values() if p.area.value == "snapshot")
    window.open_account(account.id, "snapshot")
    line = next(x for x in snapshot.artifacts.text().split("</p>") if f">{artifact.label}<" in x)
    assert formatting.RED not in line

"""The window's style sheet, derived from the current palette so it suits light and dark."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


def _mix(a: QColor, b: QColor, share: float) -> str:
    return QColor(
        int(a.red() * (1 - share) + b.red() * share),
        int(a.green() * (1 - share) + b.green() * share),
        int(a.blue() * (1 - share) + b.blue() * share),
    ).name()


def style_sheet(palette: QPalette) -> str:
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    base = palette.color(QPalette.ColorRole.Base)
    muted = _mix(text, window, 0.45)
    border = _mix(text, window, 0.82)
    card = _mix(base, window, 0.4)
    banner = _mix(palette.color(QPalette.ColorRole.Highlight), window, 0.9)
    caution = _mix(QColor("#e0a800"), window, 0.78)
    caution_edge = _mix(QColor("#e0a800"), window, 0.4)
    return f"""
QLabel#sectionHeading {{ font-weight: 600; font-size: 11pt; padding-top: 4px; }}
QFrame#statCard {{ border: 1px solid {border}; border-radius: 8px; background: {card}; }}
QLabel#statValue {{ font-size: 14pt; font-weight: 600; }}
QLabel#statCaption {{ color: {muted}; font-size: 8.5pt; }}
QLabel#fieldProblem {{ color: #d32f2f; }}
QFrame#artifactBanner {{ background: {banner}; border-bottom: 1px solid {border}; }}
QFrame#readOnlyBanner {{ background: {caution}; border-bottom: 1px solid {caution_edge}; }}
QLabel#readOnlyText {{ font-weight: 600; }}
QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] {{ background: {window.name()}; }}
QLabel#artifactDetail {{ color: {muted}; }}
QLabel#audienceCustomer, QLabel#audienceInternal {{
    border-radius: 9px; padding: 2px 10px; font-weight: 600; font-size: 8.5pt; }}
QLabel#audienceCustomer {{ background: #1f6feb; color: white; }}
QLabel#audienceInternal {{ background: #6e7781; color: white; }}
QLabel#accountName {{ font-size: 16pt; font-weight: 600; }}
QLabel#accountFacts {{ color: {muted}; font-size: 10.5pt; }}
QLabel#renewalCountdown {{ font-weight: 600; }}
QLabel#renewalCountdown[overdue="true"] {{ color: #d32f2f; }}
QWidget#accountHeader {{ border-bottom: 1px solid {border}; }}
QTableView {{ gridline-color: {border}; }}
"""


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(style_sheet(app.palette()))

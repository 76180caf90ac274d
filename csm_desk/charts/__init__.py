"""Matplotlib figure builders for health, KPI, portfolio and stakeholder-map charts.

No pyplot and no Qt: every builder returns a ``matplotlib.figure.Figure`` made with ``Figure()``
and styled from a ``theme.ChartTheme``. The window shows them on a Qt canvas and reads
``hover.hover_text`` on mouse moves; documents render them with ``render.render_png``.

- ``account``: ``health_trend``, ``component_breakdown``, ``kpi_progress`` (from ``kpis``)
- ``portfolio``: ``accounts_per_band``, ``renewals_by_month``, ``arr_by_segment``,
  ``discipline_by_artifact``
- ``stakeholder_map``: ``stakeholder_map`` (cards placed by ``engine.maplayout``)

Modules import matplotlib when they are imported, so import them only when a chart is needed.
"""

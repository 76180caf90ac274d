"""Pure domain rules: health, renewals, forecast, segments, metrics, alerts, discipline.

No Qt, no SQL: plain facts in (``facts``), plain results out (``book``).
"""

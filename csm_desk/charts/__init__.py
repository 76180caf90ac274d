"""Matplotlib figure builders for health and portfolio charts (no pyplot, no Qt)."""

"""Bringing a real book in from CRM and product-analytics CSV exports (no Qt)."""

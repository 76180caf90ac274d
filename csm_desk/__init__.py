"""CSM Desk: an offline desk for a Customer Success Manager's whole book of accounts."""

__version__ = "0.1.0"

APP_NAME = "CSM Desk"

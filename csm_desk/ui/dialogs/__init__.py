"""Dialogs of the window: new account, settings, renewal outcome, hand-over, export, import."""

"""The account workspace: a header and one tab per artifact."""

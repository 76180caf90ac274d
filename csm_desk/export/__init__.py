"""Word documents: customer-facing plans, internal briefs and the handover brief (no Qt)."""

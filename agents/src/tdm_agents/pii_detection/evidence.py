"""The evidence behind a PII label, read back for people: see `tdm_agents.pii_detection.contract` (the API
may import only contracts, so the helpers live there)."""

from __future__ import annotations

from tdm_agents.pii_detection.contract import EVIDENCE_SOURCES, evidence_items, evidence_summary

__all__ = ["EVIDENCE_SOURCES", "evidence_items", "evidence_summary"]

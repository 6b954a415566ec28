"""Audit events (spec 10.2): append-only records of sensitive actions, newest first when listed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tdm_metadata_store.models import AuditEvent


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self, *, actor: str, action: str, target: str | None = None, details: Mapping[str, Any] | None = None
    ) -> AuditEvent:
        event = AuditEvent(actor=actor[:255], action=action[:100], target=(target or None) and target[:500])
        event.details = dict(details) if details else None
        self.session.add(event)
        self.session.flush()
        return event

    def list(
        self, *, action: str | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[Sequence[AuditEvent], int]:
        query = select(AuditEvent)
        if action is not None:
            query = query.where(AuditEvent.action == action)
        total = self.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = self.session.execute(
            query.order_by(AuditEvent.created_at.desc(), AuditEvent.id).limit(limit).offset(offset)
        )
        return rows.scalars().all(), total

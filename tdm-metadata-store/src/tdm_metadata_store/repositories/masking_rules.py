"""Versioned masking rule sets (spec 7.3, 10.2: "masking rules versioned").

Saving a rule set under an existing name writes version + 1; old versions stay, so a masked dataset
can always name the exact rules that produced it.
"""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session
from tdm_core.errors import InvalidInputError, NotFoundError

from tdm_metadata_store.models import MaskingRuleSet


class MaskingRuleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def create(
        self,
        *,
        name: str,
        rules_json: Mapping[str, Any],
        schema_version_id: uuid.UUID | None = None,
        dataset_version_id: uuid.UUID | None = None,
        created_by: str | None = None,
    ) -> MaskingRuleSet:
        """Store a new version of the rule set `name` (version 1 if the name is new)."""
        name = name.strip() if isinstance(name, str) else ""
        if not name or len(name) > 255:
            raise InvalidInputError("masking rule set name must be 1 to 255 characters")
        if not isinstance(rules_json, Mapping) or not rules_json:
            raise InvalidInputError("masking rules must be a non-empty JSON object")
        # Serialize writers of one name so each gets the next number (uq_masking_rules_name_version
        # would otherwise reject the second one).
        self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"tdm.masking_rules:{name}"}
        )
        current = self.session.execute(
            select(func.coalesce(func.max(MaskingRuleSet.version), 0)).where(MaskingRuleSet.name == name)
        ).scalar_one()
        row = MaskingRuleSet(
            id=uuid.uuid4(),
            name=name,
            rules_json=dict(rules_json),
            schema_version_id=schema_version_id,
            dataset_version_id=dataset_version_id,
            version=current + 1,
            created_by=created_by,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, rule_set_id: uuid.UUID) -> MaskingRuleSet | None:
        return self.session.get(MaskingRuleSet, rule_set_id)

    def require(self, rule_set_id: uuid.UUID) -> MaskingRuleSet:
        row = self.get(rule_set_id)
        if row is None:
            raise NotFoundError(f"masking rule set {rule_set_id} does not exist")
        return row

    def latest(self, name: str) -> MaskingRuleSet | None:
        return self.session.execute(
            select(MaskingRuleSet)
            .where(MaskingRuleSet.name == name)
            .order_by(MaskingRuleSet.version.desc())
            .limit(1)
        ).scalar_one_or_none()

    def versions(self, name: str) -> builtins.list[MaskingRuleSet]:
        """Every version of one rule set, oldest first."""
        return list(
            self.session.execute(
                select(MaskingRuleSet).where(MaskingRuleSet.name == name).order_by(MaskingRuleSet.version)
            ).scalars()
        )

    def list(
        self,
        *,
        schema_version_id: uuid.UUID | None = None,
        dataset_version_id: uuid.UUID | None = None,
        latest_only: bool = True,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[Sequence[MaskingRuleSet], int]:
        """Rule sets, by default only the newest version of each name."""
        query = select(MaskingRuleSet)
        if schema_version_id is not None:
            query = query.where(MaskingRuleSet.schema_version_id == schema_version_id)
        if dataset_version_id is not None:
            query = query.where(MaskingRuleSet.dataset_version_id == dataset_version_id)
        if latest_only:
            newest = (
                select(MaskingRuleSet.name, func.max(MaskingRuleSet.version).label("version"))
                .group_by(MaskingRuleSet.name)
                .subquery()
            )
            query = query.join(
                newest, (newest.c.name == MaskingRuleSet.name) & (newest.c.version == MaskingRuleSet.version)
            )
        total = self.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = self.session.execute(
            query.order_by(MaskingRuleSet.name, MaskingRuleSet.version.desc()).limit(limit).offset(offset)
        )
        return rows.scalars().all(), total

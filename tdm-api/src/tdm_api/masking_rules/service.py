from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session
from tdm_metadata_store.repositories.masking_rules import MaskingRuleRepository
from tdm_orchestrator import masking
from tdm_orchestrator.jobs import References

from tdm_api.kit.pagination import Page, PageParams
from tdm_api.masking_rules.schemas import MaskingRuleSetCreate, MaskingRuleSetOut


class MaskingRulesService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = MaskingRuleRepository(session)

    def create(self, body: MaskingRuleSetCreate, created_by: str) -> MaskingRuleSetOut:
        """A rule set, or a new version of the one with this name."""
        References(self.session).check(body.model_dump(exclude_none=True), ["body"])
        rules = body.model_dump(mode="json")["rules_json"]
        # The same checks as a mask job's rules, when the set names what it applies to.
        masking.check_rule_set(
            self.session,
            rules,
            schema_version_id=body.schema_version_id,
            dataset_version_id=body.dataset_version_id,
        )
        row = self.repo.create(
            name=body.name,
            rules_json=rules,
            schema_version_id=body.schema_version_id,
            dataset_version_id=body.dataset_version_id,
            created_by=created_by,
        )
        self.session.refresh(row)
        return MaskingRuleSetOut.model_validate(row)

    def list(
        self,
        page: PageParams,
        *,
        schema_version_id: uuid.UUID | None,
        dataset_version_id: uuid.UUID | None,
        all_versions: bool,
    ) -> Page[MaskingRuleSetOut]:
        rows, total = self.repo.list(
            schema_version_id=schema_version_id,
            dataset_version_id=dataset_version_id,
            latest_only=not all_versions,
            limit=page.limit,
            offset=page.offset,
        )
        return page.page([MaskingRuleSetOut.model_validate(r) for r in rows], total)

    def get(self, rule_set_id: uuid.UUID) -> MaskingRuleSetOut:
        return MaskingRuleSetOut.model_validate(self.repo.require(rule_set_id))

    def detokenize(self, tokens: Sequence[str], actor: str, key_name: str | None) -> dict[str, str]:
        return masking.detokenize(self.session, list(tokens), actor=actor, key_name=key_name)

"""What the API offers around masking jobs, run here so the API itself runs no agent code: the
transformer catalog, a preview of a rule on a few values, the check of a saved rule set against its
schema version, and detokenization (admins; audited)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session
from tdm_agents.masking.keys import load_key
from tdm_agents.masking.rules import known_transformers, resolve_rules, rules_as_json
from tdm_agents.masking.transformers.base import ColumnSpec, MaskContext, RuleError
from tdm_agents.masking.transformers.registry import resolve_rule
from tdm_agents.masking.transformers.tokenize import vault_namespace
from tdm_core.errors import InvalidInputError
from tdm_metadata_store.repositories.audit import AuditRepository
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository
from tdm_metadata_store.repositories.vault import VaultRepository

__all__ = ["check_rule_set", "detokenize", "preview", "transformers"]


def transformers() -> list[dict[str, Any]]:
    return known_transformers()


def preview(rule: Any, values: list[Any], column: dict[str, Any], key_name: str | None = None) -> list[Any]:
    """`values` masked by `rule` as a job with the same key would mask them (no vault writes: a
    tokenize preview shows candidate tokens)."""
    try:
        transformer, params = resolve_rule(rule)
        spec = ColumnSpec(table="preview", column="value", **column)
        transformer.check(params, spec)
    except (RuleError, TypeError) as exc:
        raise InvalidInputError(f"rule: {exc}", errors=[{"loc": ["body", "rule"], "msg": str(exc)}]) from None
    key = load_key(key_name)

    def candidates(_namespace: str, texts: list[str], factory: Any) -> dict[str, str]:
        return {text: factory(text) for text in texts}

    present = [v for v in values if v is not None]
    masked = dict(
        zip(
            map(repr, present),
            transformer.mask(present, params, spec, MaskContext(key=key, tokenize=candidates)),
            strict=True,
        )
    )
    return [None if v is None else masked[repr(v)] for v in values]


def check_rule_set(
    session: Session,
    rules: dict[str, Any],
    *,
    schema_version_id: uuid.UUID | None,
    dataset_version_id: uuid.UUID | None,
) -> None:
    """A rule set checked like a mask job's rules (422 with loc body.rules_json.<target>)."""
    version = schema_version_id
    if version is None and dataset_version_id is not None:
        dataset = DatasetRepository(session).get(dataset_version_id)
        version = dataset.schema_version_id if dataset is not None else None
    if version is None:
        return  # nothing to check against: checked when a job uses it
    try:
        resolve_rules(rules_as_json(rules), SchemaRepository(session).load_version(version))
    except InvalidInputError as exc:
        errors = [{**e, "loc": ["body", "rules_json", *e.get("loc", [])[1:]]} for e in exc.errors]
        raise InvalidInputError(exc.detail.replace("rules.", "rules_json.", 1), errors=errors) from None


def detokenize(
    session: Session, tokens: list[str], *, actor: str, key_name: str | None = None
) -> dict[str, str]:
    """The originals of tokens made by `mask.tokenize` with the key; recorded in the audit log (who, how
    many, which namespace -- not the values)."""
    key = load_key(key_name)
    namespace = vault_namespace(MaskContext(key=key))
    found = VaultRepository(session).detokenize_many(namespace, tokens)
    AuditRepository(session).record(
        actor=actor,
        action="detokenize",
        target=namespace,
        details={"requested": len(tokens), "found": len(found), "key_id": key.key_id},
    )
    return found

"""mask.json masks inside documents with the other transformers; mask.tokenize goes through the vault."""

from __future__ import annotations

import json

import pytest
from tdm_agents.masking.transformers.base import MaskContext, RuleError
from tdm_agents.masking.transformers.registry import resolve_rule

from tests.unit.masking.support import KEY, column, run

DOCUMENT = {"email": "a@b.fr", "contacts": [{"phone": "0123456789"}, {"phone": "0987654321"}], "n": 3}


def test_paths_mask_leaves_and_keep_the_rest() -> None:
    rule = {
        "type": "mask.json",
        "params": {
            "paths": {"$.email": "mask.email_deterministic", "$.contacts[*].phone": "mask.fake_phone"}
        },
    }
    (out,) = run(rule, [json.dumps(DOCUMENT)], column("json"))
    masked = json.loads(out)
    assert masked["n"] == 3 and masked["email"].endswith("@example.com")
    assert all(
        c["phone"] != o["phone"] and len(c["phone"]) == 10
        for c, o in zip(masked["contacts"], DOCUMENT["contacts"], strict=True)
    )
    assert run(rule, [json.dumps(DOCUMENT)], column("json")) == [out]


def test_bad_paths_and_nesting_are_refused() -> None:
    with pytest.raises(RuleError, match="must start with"):
        run({"type": "mask.json", "params": {"paths": {"email": "mask.hash"}}}, ["{}"], column("json"))
    with pytest.raises(RuleError, match="cannot nest"):
        run(
            {
                "type": "mask.json",
                "params": {
                    "paths": {"$.a": {"type": "mask.json", "params": {"paths": {"$.b": "mask.null"}}}}
                },
            },
            ["{}"],
            column("json"),
        )


def test_tokens_are_deterministic_and_retry_when_taken() -> None:
    transformer, params = resolve_rule("mask.tokenize")
    taken: dict[str, str] = {}

    def vault(namespace: str, values: list[str], factory: object) -> dict[str, str]:
        found = {}
        for value in values:
            token = factory(value)  # type: ignore[operator]
            while token in taken.values():
                token = factory(value)  # type: ignore[operator]
            taken[value] = token
            found[value] = token
        return found

    ctx = MaskContext(key=KEY, tokenize=vault)
    first = transformer.mask(["4111", "5555"], params, column(), ctx)
    assert all(t.startswith("tok_") and len(t) == 20 for t in first) and len(set(first)) == 2
    taken.clear()
    assert transformer.mask(["4111"], params, column(), ctx) == first[:1]

"""mask.fake_phone: the digits of a phone number replaced with keyed digits, its format kept.

Separators, spaces, parentheses and a leading `+` and country code (`keep_prefix` digits, default: the
country code after a `+`) stay where they were; every other digit is drawn from a keyed hash of the
whole number, so the same number always gets the same fake one and the length never changes.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from tdm_agents.masking.transformers.base import (
    ColumnSpec,
    MadeUpValues,
    MaskContext,
    TransformerParams,
    digest,
)


class PhoneParams(TransformerParams):
    keep_prefix: int | None = Field(
        default=None, ge=0, le=6, description="Leading digits kept (default: the country code after '+')."
    )


class FakePhone(MadeUpValues):
    name = "mask.fake_phone"
    summary = "Keyed replacement of a phone number's digits, keeping its format and country code."
    Params = PhoneParams
    kinds = frozenset({"text"})

    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        assert isinstance(params, PhoneParams)
        key = ctx.keyed(self.name)
        out = []
        for value in values:
            text = str(value)
            keep = params.keep_prefix
            if keep is None:
                keep = _country_code_length(text)
            stream = digest(key, "".join(c for c in text if c.isdigit()))
            stream += digest(key, "more:" + text)
            seen, drawn, chars = 0, 0, []
            for char in text:
                if not char.isdigit():
                    chars.append(char)
                    continue
                seen += 1
                if seen <= keep:
                    chars.append(char)
                    continue
                new = str(stream[drawn % len(stream)] % 10)
                drawn += 1
                # Never the same digit in the same place for the first masked digit: the output differs.
                chars.append(str((int(char) + 1) % 10) if drawn == 1 and new == char else new)
            out.append("".join(chars))
        return out


def _country_code_length(text: str) -> int:
    stripped = text.lstrip()
    if not stripped.startswith("+"):
        return 0
    digits = ""
    for char in stripped[1:]:
        if not char.isdigit():
            break
        digits += char
    return min(len(digits), 3) if len(digits) < len("".join(c for c in text if c.isdigit())) else 0


TRANSFORMER = FakePhone()

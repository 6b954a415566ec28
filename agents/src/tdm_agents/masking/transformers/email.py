"""mask.email_deterministic: the same email always gives the same masked email, a valid address.

The local part becomes a keyed hash (base32, lower case) of the whole address (compared case-
insensitively, as mail systems do); the domain is a reserved one (RFC 2606 `example.com` by default)
or the original (`keep_domain`). Distinct addresses give distinct outputs (80 bits of hash by default,
fewer only when the column is short, never below 40), and the output fits the column.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from tdm_agents.masking.transformers.base import (
    ColumnSpec,
    MaskContext,
    RuleError,
    Transformer,
    TransformerParams,
)
from tdm_agents.masking.transformers.encoding import ALPHABETS, keyed_text

LOCAL_LENGTH = 16  # base32: 80 bits
MIN_LOCAL = 8  # 40 bits
SHORT_DOMAIN = "x.test"  # RFC 2606 reserved, for short columns


class EmailParams(TransformerParams):
    domain: str = Field(default="example.com", max_length=100, description="Domain of every masked address.")
    keep_domain: bool = Field(default=False, description="Keep each address's own domain instead.")


class Email(Transformer):
    name = "mask.email_deterministic"
    summary = "Same email -> same masked email, valid syntax, on a reserved domain (or the original one)."
    Params = EmailParams
    kinds = frozenset({"text"})
    unique_safe = True

    def _layout(self, params: EmailParams, column: ColumnSpec) -> tuple[str, int]:
        """(domain, local part length) that fit the column."""
        if column.max_length is None or params.keep_domain:
            return params.domain, LOCAL_LENGTH
        for domain in (params.domain, SHORT_DOMAIN):
            room = column.max_length - len(domain) - 1
            if room >= MIN_LOCAL:
                return domain, min(LOCAL_LENGTH, room)
        return params.domain, column.max_length - len(params.domain) - 1

    def check(self, params: TransformerParams, column: ColumnSpec) -> None:
        super().check(params, column)
        assert isinstance(params, EmailParams)
        if params.keep_domain:
            return  # the original fitted; the masked local part is cut to fit at run time
        domain, local = self._layout(params, column)
        if local < MIN_LOCAL:
            raise RuleError(
                f"{column.label} holds at most {column.max_length} characters: too short for a masked "
                f"address (at least {MIN_LOCAL + 1 + len(SHORT_DOMAIN)})"
            )
        del domain

    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        assert isinstance(params, EmailParams)
        domain, local = self._layout(params, column)
        key = ctx.keyed(self.name)
        if not params.keep_domain:
            return keyed_text(key, values, ALPHABETS["base32"], local, suffix=f"@{domain}", normalise=True)
        locals_ = keyed_text(key, values, ALPHABETS["base32"], local, normalise=True)
        out = []
        for value, part in zip(values, locals_, strict=True):
            original = str(value).rsplit("@", 1)[1].strip().lower() if "@" in str(value) else params.domain
            masked = f"{part}@{original}"
            if column.max_length is not None and len(masked) > column.max_length:
                masked = f"{part[: max(MIN_LOCAL, column.max_length - len(original) - 1)]}@{original}"
            out.append(masked)
        return out


TRANSFORMER = Email()

"""LLM classification of columns (spec 5.2, 19): one JSON-mode chat call per batch of a table's columns.

Privacy: sampled values are shape-masked before they leave the process ("Jane.Doe@x.org" ->
"Xxxx.Xxx@x.xxx", "555-0199" -> "999-9999") unless TDM_LLM_ALLOW_RAW_SAMPLES=true. The model sees
column names, types, table context and those masks.

Robustness: 429 (honouring Retry-After), 408/409, 5xx and connection errors are retried with jittered
exponential backoff, a bounded number of times; anything else (auth, bad request, garbage JSON, unknown
labels) makes the affected columns fall back to the non-LLM result, with the reason logged (no values).

Cost: answers are cached in Redis per column signature (prompt version, model, table, column, type,
masked samples) under `tdm:llm:pii:<sha256>` with a TTL, so re-running a classification is free.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

import openai
from openai import AzureOpenAI, OpenAI
from pydantic import BaseModel, Field, ValidationError, field_validator
from tdm_core.errors import InvalidInputError

from tdm_agents.pii_detection.detectors import UNSAMPLED_FAMILIES, type_family
from tdm_agents.pii_detection.labels import ColumnInput, ColumnKey, PIIType, parse_pii_type
from tdm_agents.pii_detection.settings import PIISettings

if TYPE_CHECKING:
    import redis

log = logging.getLogger(__name__)

PROMPT_VERSION = "pii-columns-v2"
CACHE_PREFIX = "tdm:llm:pii:"
MAX_SAMPLE_CHARS = 64
MAX_REASON_CHARS = 240
_RETRYABLE_STATUS = frozenset({408, 409, 429})

_LABELS = ", ".join(t.value for t in PIIType)
SYSTEM_PROMPT = f"""You classify database columns for personal data (PII) before test data is copied.
For every column in the request decide which one of these labels fits best:
{_LABELS}.
ssn means any national identification number (SSN, NIN, CPF, codice fiscale...). password covers any
stored credential (hashes, PINs, API tokens, card CVVs). other means data that identifies or describes a
person and fits no other label (passport or licence number, gender, health card number, a subscriber's
device or location). sensitive means special-category data about a person that does not identify them
(salary and pay, health: diagnoses, medication, allergies, blood group, disability; religion,
ethnicity, union membership, sexual orientation, political opinion). none means not personal data
(keys, amounts, codes, currencies, product or category names, an organisation's own address or phone,
timestamps of system events).
Only the columns the rules could not settle are sent: judge each on its own.
Sample values are shape-masked unless the request says otherwise: letters became X/x, digits became 9,
punctuation was kept. Use the column name, its type, the table and the other columns as context.
Answer with one JSON object only, of this form:
{{"columns": [{{"column": "<column name as given>", "pii_type": "<label>", "confidence": <0..1>,
"reason": "<short reason without any sample value>"}}]}}
Include every column of the request exactly once."""


class LLMUnavailableError(Exception):
    """The LLM gave no usable answer for a batch; the message is safe to log (no values)."""


class LLMColumnVerdict(BaseModel):
    pii_type: PIIType
    confidence: float = Field(ge=0.0, le=1.0)
    reason: str = ""


class _AnswerItem(BaseModel):
    column: str
    pii_type: str
    confidence: float = 0.5
    reason: str = ""

    @field_validator("confidence", mode="before")
    @classmethod
    def _scale(cls, value: Any) -> Any:
        # Some models answer 95 meaning 95 %; clamp the rest into [0, 1].
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
            if 1.0 < number <= 100.0:
                number /= 100.0
            return min(1.0, max(0.0, number))
        return value


@dataclass
class LLMTableResult:
    """Verdicts by column name; `errors` says why a requested column got none (safe to show)."""

    verdicts: dict[str, LLMColumnVerdict] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    calls: int = 0  # HTTP requests made for this table, retries included
    cache_hits: int = 0


def mask_value(value: Any) -> str:
    """Shape-preserving mask: letters -> X/x, digits -> 9, everything else kept; at most 64 chars."""
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    out: list[str] = []
    for char in text[:MAX_SAMPLE_CHARS]:
        if char.isdigit():
            out.append("9")
        elif char.isalpha():
            out.append("X" if char.isupper() else "x")
        else:
            out.append(char)
    return "".join(out)


class LLMAnswerCache:
    """Redis cache of per-column verdicts. Redis trouble disables it for this run, never fails it."""

    def __init__(self, client: redis.Redis, *, ttl_seconds: int, prefix: str = CACHE_PREFIX) -> None:
        self.client = client
        self.ttl_seconds = ttl_seconds
        self.prefix = prefix
        self.enabled = True

    def _disable(self, exc: Exception) -> None:
        self.enabled = False
        log.warning("LLM answer cache disabled for this run: Redis error %s", type(exc).__name__)

    def get_many(self, signatures: Sequence[str]) -> dict[str, LLMColumnVerdict]:
        import redis as redis_lib

        if not self.enabled or not signatures:
            return {}
        try:
            raw = self.client.mget([self.prefix + sig for sig in signatures])
        except redis_lib.RedisError as exc:
            self._disable(exc)
            return {}
        found: dict[str, LLMColumnVerdict] = {}
        for sig, payload in zip(signatures, raw, strict=True):
            if payload is None:
                continue
            try:
                found[sig] = LLMColumnVerdict.model_validate_json(payload)
            except ValidationError:
                continue  # written by an older version: ask again
        return found

    def set_many(self, verdicts: Mapping[str, LLMColumnVerdict]) -> None:
        import redis as redis_lib

        if not self.enabled or not verdicts:
            return
        try:
            with self.client.pipeline(transaction=False) as pipe:
                for sig, verdict in verdicts.items():
                    pipe.set(self.prefix + sig, verdict.model_dump_json(), ex=self.ttl_seconds)
                pipe.execute()
        except redis_lib.RedisError as exc:
            self._disable(exc)


class LLMClassifier:
    """Classifies the columns of one table per call. Build with `from_settings()` (None = no LLM)."""

    def __init__(
        self,
        client: OpenAI,
        model: str,
        *,
        provider: str = "openai",
        allow_raw_samples: bool = False,
        samples_per_column: int = 5,
        max_columns_per_call: int = 40,
        max_attempts: int = 4,
        backoff_base_seconds: float = 1.0,
        backoff_max_seconds: float = 30.0,
        temperature: float | None = 0.0,
        cache: LLMAnswerCache | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.client = client
        self.model = model
        self.provider = provider
        self.allow_raw_samples = allow_raw_samples
        self.samples_per_column = samples_per_column
        self.max_columns_per_call = max_columns_per_call
        self.max_attempts = max(1, max_attempts)
        self.backoff_base_seconds = backoff_base_seconds
        self.backoff_max_seconds = backoff_max_seconds
        self.temperature = temperature
        self.cache = cache
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.calls = 0  # HTTP requests over the classifier's life (retries included)
        # Columns asked about (cache hits included): only those the rules are unsure of are asked.
        self.columns_asked = 0

    @classmethod
    def from_settings(
        cls,
        settings: PIISettings | None = None,
        *,
        redis_client: redis.Redis | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> LLMClassifier | None:
        """The configured classifier, or None when no LLM is configured (no-LLM mode)."""
        settings = settings or PIISettings.load()
        provider = settings.llm_provider
        if provider is None:
            return None
        client: OpenAI
        if provider == "azure":
            # Both set: guaranteed by llm_provider.
            assert settings.azure_openai_api_key is not None and settings.azure_openai_endpoint is not None
            client = AzureOpenAI(
                api_key=settings.azure_openai_api_key.get_secret_value(),
                azure_endpoint=settings.azure_openai_endpoint,
                api_version=settings.azure_openai_api_version,
                max_retries=0,  # our own backoff below: bounded, jittered, logged
                timeout=settings.tdm_llm_timeout_seconds,
            )
        else:
            key = settings.tdm_llm_api_key.get_secret_value() if settings.tdm_llm_api_key else "not-needed"
            client = OpenAI(
                api_key=key,
                base_url=settings.tdm_llm_base_url,
                max_retries=0,
                timeout=settings.tdm_llm_timeout_seconds,
            )
        cache = None
        if settings.tdm_llm_cache_enabled:
            if redis_client is None:
                from tdm_cache.client import get_redis

                redis_client = get_redis()
            cache = LLMAnswerCache(redis_client, ttl_seconds=settings.tdm_llm_cache_ttl_seconds)
        return cls(
            client,
            settings.llm_model,
            provider=provider,
            allow_raw_samples=settings.tdm_llm_allow_raw_samples,
            samples_per_column=settings.tdm_llm_samples_per_column,
            max_columns_per_call=settings.tdm_llm_max_columns_per_call,
            max_attempts=settings.tdm_llm_max_attempts,
            backoff_base_seconds=settings.tdm_llm_backoff_base_seconds,
            backoff_max_seconds=settings.tdm_llm_backoff_max_seconds,
            temperature=settings.tdm_llm_temperature,
            cache=cache,
            sleep=sleep,
        )

    # --- public ----------------------------------------------------------------------------------

    def classify_table(
        self,
        columns: Sequence[ColumnInput],
        samples: Mapping[ColumnKey, Sequence[Any]] | None = None,
        *,
        table_columns: Sequence[str] | None = None,
    ) -> LLMTableResult:
        """Verdicts for `columns` (all of one table). `table_columns`: every column name of the table,
        sent as context when only some columns are asked about."""
        result = LLMTableResult()
        if not columns:
            return result
        if len({(c.schema_name, c.table) for c in columns}) > 1:
            raise InvalidInputError(
                "classify_table takes the columns of one table; group them by table first"
            )
        samples = samples or {}
        self.columns_asked += len(columns)
        shown = {c.column: self.shown_samples(c, samples.get(c.key, ())) for c in columns}
        signatures = {c.column: self.signature(c, shown[c.column]) for c in columns}
        cached = self.cache.get_many(list(signatures.values())) if self.cache else {}
        pending: list[ColumnInput] = []
        for column in columns:
            verdict = cached.get(signatures[column.column])
            if verdict is not None:
                result.verdicts[column.column] = verdict
                result.cache_hits += 1
            else:
                pending.append(column)
        context = list(table_columns) if table_columns else [c.column for c in columns]
        for start in range(0, len(pending), self.max_columns_per_call):
            batch = pending[start : start + self.max_columns_per_call]
            self._classify_batch(batch, shown, signatures, context, result)
        return result

    def signature(self, column: ColumnInput, shown: Sequence[str]) -> str:
        """Cache key of a column's answer: everything the model sees about it, plus model and prompt."""
        material = json.dumps(
            [
                PROMPT_VERSION,
                self.model,
                self.allow_raw_samples,
                column.schema_name,
                column.table,
                column.column,
                column.data_type,
                column.is_primary_key,
                column.is_foreign_key,
                list(shown),
            ],
            separators=(",", ":"),
            default=str,
        )
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    # --- internals -------------------------------------------------------------------------------

    def shown_samples(self, column: ColumnInput, values: Sequence[Any]) -> list[str]:
        """The few sample strings the model sees: masked (default) or raw, distinct, in sample order."""
        if self.samples_per_column == 0 or type_family(column.data_type) in UNSAMPLED_FAMILIES:
            return []
        shown: list[str] = []
        for value in values:
            if value is None or isinstance(value, bytes | bytearray | memoryview):
                continue
            text = str(value)[:MAX_SAMPLE_CHARS] if self.allow_raw_samples else mask_value(value)
            if text.strip() and text not in shown:
                shown.append(text)
            if len(shown) >= self.samples_per_column:
                break
        return shown

    def _payload(
        self, batch: Sequence[ColumnInput], shown: Mapping[str, list[str]], context: list[str]
    ) -> str:
        first = batch[0]
        body = {
            "schema": first.schema_name,
            "table": first.table,
            "table_columns": context,
            "sample_encoding": "raw" if self.allow_raw_samples else "shape-masked (letters X/x, digits 9)",
            "columns": [
                {
                    "column": c.column,
                    "type": c.data_type,
                    "primary_key": c.is_primary_key,
                    "foreign_key": c.is_foreign_key,
                    "samples": shown[c.column],
                }
                for c in batch
            ],
        }
        return json.dumps(body, ensure_ascii=False)

    def _classify_batch(
        self,
        batch: Sequence[ColumnInput],
        shown: Mapping[str, list[str]],
        signatures: Mapping[str, str],
        context: list[str],
        result: LLMTableResult,
    ) -> None:
        table = batch[0].table
        try:
            content = self._complete(self._payload(batch, shown, context), result)
            verdicts, dropped = parse_answer(content, [c.column for c in batch])
        except LLMUnavailableError as exc:
            for column in batch:
                result.errors[column.column] = str(exc)
            log.warning(
                "LLM PII classification of table %s failed (%s); %d columns keep their non-LLM labels",
                table, exc, len(batch),
            )  # fmt: skip
            return
        if dropped:
            log.info(
                "LLM PII answer for table %s: %d entries dropped (unknown label or column)", table, dropped
            )
        for column in batch:
            if column.column not in verdicts:
                result.errors[column.column] = "the LLM answer did not cover this column"
        result.verdicts.update(verdicts)
        if self.cache is not None:
            self.cache.set_many({signatures[name]: verdict for name, verdict in verdicts.items()})

    def _complete(self, user_content: str, result: LLMTableResult) -> str:
        """One chat completion in JSON mode, with bounded, jittered retries of transient failures."""
        # Reasoning models reject `temperature`; TDM_LLM_TEMPERATURE= (blank) leaves it out.
        options: dict[str, Any] = {} if self.temperature is None else {"temperature": self.temperature}
        for attempt in range(1, self.max_attempts + 1):
            self.calls += 1
            result.calls += 1
            try:
                response = self.client.chat.completions.create(
                    model=self.model,
                    messages=[
                        {"role": "system", "content": SYSTEM_PROMPT},
                        {"role": "user", "content": user_content},
                    ],
                    response_format={"type": "json_object"},
                    **options,
                )
            except openai.APIStatusError as exc:
                status = exc.status_code
                if status not in _RETRYABLE_STATUS and status < 500:
                    raise LLMUnavailableError(
                        f"LLM endpoint answered HTTP {status} ({type(exc).__name__})"
                    ) from None
                reason = f"HTTP {status}"
                delay = _retry_after_seconds(exc.response.headers)
            except openai.APIConnectionError as exc:  # includes timeouts
                reason, delay = type(exc).__name__, None
            except openai.OpenAIError as exc:  # malformed response and the like: retrying will not help
                raise LLMUnavailableError(f"LLM call failed ({type(exc).__name__})") from None
            else:
                return _completion_text(response)
            if attempt == self.max_attempts:
                raise LLMUnavailableError(f"LLM still failing after {attempt} attempts (last: {reason})")
            if delay is not None and delay > self.backoff_max_seconds:
                raise LLMUnavailableError(f"LLM asked to retry after {delay:.0f}s, beyond the backoff limit")
            wait = self._backoff(attempt, delay)
            log.info(
                "LLM call failed (%s); attempt %d of %d, retrying in %.2fs",
                reason,
                attempt,
                self.max_attempts,
                wait,
            )
            self.sleep(wait)
        raise LLMUnavailableError("LLM retries exhausted")  # pragma: no cover - loop always returns/raises

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            # The server's wish is the floor; a little jitter spreads workers that were told the same.
            return retry_after + self.rng.uniform(0, 0.1 * max(self.backoff_base_seconds, 0.1))
        ceiling = min(self.backoff_max_seconds, self.backoff_base_seconds * 2 ** (attempt - 1))
        return self.rng.uniform(ceiling / 2, ceiling)


def _completion_text(response: object) -> str:
    """The message text of a chat completion. A proxy's HTML page arrives as a plain string (the SDK
    only parses JSON bodies), so check the shape instead of trusting the type annotation."""
    choices = getattr(response, "choices", None)
    if not isinstance(choices, list) or not choices:
        raise LLMUnavailableError("LLM answer is not a chat completion")
    content = getattr(getattr(choices[0], "message", None), "content", None)
    if not isinstance(content, str) or not content.strip():
        raise LLMUnavailableError("LLM answer was empty")
    return content


def _retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """Retry-After (seconds or HTTP date) or Azure/OpenAI's retry-after-ms; None when absent/bad."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _answer_items(document: Any) -> list[Any]:
    """Find the list of per-column answers in the shapes models actually produce."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise LLMUnavailableError("LLM answer is not a JSON object")
    for key in ("columns", "classifications", "results", "items", "pii"):
        if isinstance(document.get(key), list):
            return list(document[key])
    lists = [value for value in document.values() if isinstance(value, list)]
    if len(lists) == 1:
        return lists[0]
    # {"email": "email", "id": {"pii_type": "none", ...}}: a mapping keyed by column name.
    items: list[Any] = []
    for key, value in document.items():
        if isinstance(value, str):
            items.append({"column": key, "pii_type": value})
        elif isinstance(value, dict):
            items.append({"column": key, **value})
    if not items:
        raise LLMUnavailableError("LLM answer holds no column classifications")
    return items


def parse_answer(content: str, requested: Sequence[str]) -> tuple[dict[str, LLMColumnVerdict], int]:
    """Verdicts by requested column name, and how many entries were dropped. Raises LLMUnavailableError
    when the content is not usable JSON at all (the message never quotes the content)."""
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, TypeError) as exc:
        raise LLMUnavailableError(
            f"LLM answer is not valid JSON ({type(exc).__name__} at char {getattr(exc, 'pos', '?')})"
        ) from None
    by_lower = {name.lower(): name for name in requested}
    verdicts: dict[str, LLMColumnVerdict] = {}
    dropped = 0
    for raw in _answer_items(document):
        candidate = raw
        if isinstance(raw, dict):
            candidate = {
                "column": raw.get("column", raw.get("name", raw.get("column_name"))),
                "pii_type": raw.get("pii_type", raw.get("label", raw.get("type"))),
                "confidence": raw.get("confidence", 0.5),
                "reason": raw.get("reason", "") or "",
            }
        try:
            item = _AnswerItem.model_validate(candidate)
        except ValidationError:
            dropped += 1
            continue
        name = by_lower.get(item.column.strip().lower())
        pii_type = parse_pii_type(item.pii_type)
        if name is None or pii_type is None:
            dropped += 1
            continue
        verdicts[name] = LLMColumnVerdict(
            pii_type=pii_type, confidence=item.confidence, reason=item.reason[:MAX_REASON_CHARS]
        )
    return verdicts, dropped

"""Input limits, checked before any endpoint sees a request, with a 4xx problem naming what is wrong.

A pure ASGI middleware (it must see the raw body once, bounded, and hand the same bytes on):
  * body larger than TDM_API_MAX_BODY_BYTES                                  -> 413
  * JSON with NaN / Infinity, nesting deeper than TDM_API_MAX_JSON_DEPTH,
    an integer outside the signed 64-bit range, or a NUL character anywhere  -> 422 at the value's location
  * a NUL character in the path or the query string                          -> 422
PostgreSQL cannot store NUL in text nor integers beyond 64 bits, and Python's JSON parser takes NaN and
arbitrary depth: without these checks such input reached the database or the serializer and came back
as a 500. Field-level limits (lengths, bounds, list sizes) stay in the models, where OpenAPI shows them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tdm_api.errors import problem

INT64 = 2**63 - 1
JSON_TYPES = ("application/json", "application/problem+json")


class _Refused(Exception):  # noqa: N818 - control flow inside the middleware
    def __init__(self, status: int, detail: str, loc: list[str | int] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.loc = loc


def _reject_constant(name: str) -> Any:
    raise _Refused(422, f"{name} is not a JSON number: send a finite number", ["body"])


def _check_json(value: Any, max_depth: int) -> None:
    """Depth, integer range and NUL characters, iteratively (no recursion on hostile input)."""
    stack: list[tuple[Any, list[str | int]]] = [(value, ["body"])]
    while stack:
        item, loc = stack.pop()
        depth = len(loc) - 1
        if isinstance(item, dict):
            if depth >= max_depth:
                raise _Refused(422, f"JSON nested deeper than {max_depth} levels", loc)
            for key, child in item.items():
                if "\x00" in key:
                    raise _Refused(422, "a key contains a NUL character", loc)
                stack.append((child, [*loc, key]))
        elif isinstance(item, list):
            if depth >= max_depth:
                raise _Refused(422, f"JSON nested deeper than {max_depth} levels", loc)
            stack.extend((child, [*loc, index]) for index, child in enumerate(item))
        elif isinstance(item, str):
            if "\x00" in item:
                raise _Refused(422, "text must not contain NUL characters (\\u0000)", loc)
        elif isinstance(item, int) and not isinstance(item, bool) and not -INT64 - 1 <= item <= INT64:
            raise _Refused(422, "integer out of range: the limit is a signed 64-bit integer", loc)


class RequestLimitsMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_json_depth: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_json_depth = max_json_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            self._check_target(scope)
            declared = _header(scope, b"content-length")
            if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
                raise _Refused(413, f"the request body is larger than {self.max_body_bytes} bytes")
            body = await self._read_body(receive)
            if body and _is_json(scope):
                self._check_body(body)
        except _Refused as refused:
            errors = (
                [{"loc": refused.loc, "msg": refused.detail, "type": "value_error"}] if refused.loc else None
            )
            where = ".".join(str(part) for part in refused.loc or []) if refused.loc else ""
            response = problem(
                refused.status,
                detail=f"{where}: {refused.detail}" if where else refused.detail,
                instance=scope.get("path"),
                errors=errors,
            )
            await response(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    def _check_target(self, scope: Scope) -> None:
        raw_path = scope.get("raw_path") or scope.get("path", "").encode()
        if b"\x00" in unquote_to_bytes(raw_path):
            raise _Refused(422, "the path must not contain NUL characters", ["path"])
        query: bytes = scope.get("query_string") or b""
        if query and b"\x00" in unquote_to_bytes(query.replace(b"+", b" ")):
            raise _Refused(422, "query parameters must not contain NUL characters", ["query"])

    async def _read_body(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise _Refused(413, f"the request body is larger than {self.max_body_bytes} bytes")
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    def _check_body(self, body: bytes) -> None:
        try:
            parsed = json.loads(body, parse_constant=_reject_constant)
        except _Refused:
            raise
        except RecursionError:
            raise _Refused(422, f"JSON nested deeper than {self.max_json_depth} levels", ["body"]) from None
        except (ValueError, UnicodeDecodeError):
            return  # not JSON: the endpoint's own parsing reports it (422 json_invalid)
        _check_json(parsed, self.max_json_depth)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _is_json(scope: Scope) -> bool:
    content_type = (_header(scope, b"content-type") or "").split(";", 1)[0].strip().lower()
    return content_type in JSON_TYPES or content_type.endswith("+json")


def _replay(body: bytes, receive: Receive) -> Callable[[], Any]:
    """The body already read, then the client's own messages (a streaming response waits on them to
    notice a disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed

"""A local HTTP server speaking the OpenAI chat-completions protocol, for tests of LLM clients.

DESIGN.md 4: the LLM vendor is the one thing we fake, and we fake it as a real server so the real
`openai` SDK (Azure or plain) runs unchanged. It accepts

    POST /openai/deployments/<deployment>/chat/completions?api-version=...   (Azure OpenAI)
    POST /v1/chat/completions  and  POST /chat/completions                    (OpenAI-compatible)

records every request (method, path, query, headers, body) and answers from a script: queued
responses first, in order, then the default responder. Canned responses cover JSON answers, 429 with
Retry-After, 5xx and garbage.

    with FakeLLMServer() as fake:
        fake.enqueue(FakeResponse.rate_limited(retry_after=0), FakeResponse.chat({"columns": []}))
        client = AzureOpenAI(azure_endpoint=fake.azure_endpoint, api_key="k", api_version="2024-10-21")
        ...
        assert fake.chat_requests[0].deployment == "gpt-4o"
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

_AZURE_CHAT = re.compile(r"^/openai/deployments/(?P<deployment>[^/]+)/chat/completions$")
_OPENAI_CHAT = re.compile(r"^(?:/v1)?/chat/completions$")


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    @property
    def deployment(self) -> str | None:
        match = _AZURE_CHAT.match(self.path)
        return match["deployment"] if match else None

    @property
    def api_version(self) -> str | None:
        values = self.query.get("api-version")
        return values[0] if values else None

    @property
    def is_chat(self) -> bool:
        return bool(_AZURE_CHAT.match(self.path) or _OPENAI_CHAT.match(self.path))

    @property
    def messages(self) -> list[dict[str, Any]]:
        body = self.json
        return list(body.get("messages", [])) if isinstance(body, dict) else []

    def message_text(self, role: str = "user") -> str:
        """Concatenated text content of the messages of one role."""
        parts: list[str] = []
        for message in self.messages:
            if message.get("role") != role:
                continue
            content = message.get("content")
            if isinstance(content, str):
                parts.append(content)
            elif isinstance(content, list):
                parts.extend(str(p.get("text", "")) for p in content if isinstance(p, dict))
        return "\n".join(parts)


@dataclass
class FakeResponse:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_seconds: float = 0.0  # wait before answering (client timeouts)

    @staticmethod
    def completion_body(
        content: str | None, *, model: str = "fake-model", finish_reason: str = "stop"
    ) -> dict[str, Any]:
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": finish_reason,
                    "logprobs": None,
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }

    @classmethod
    def chat(cls, content: str | Mapping[str, Any] | list[Any], **kwargs: Any) -> FakeResponse:
        """A successful completion whose message content is `content` (dicts/lists sent as JSON text)."""
        text = content if isinstance(content, str) else json.dumps(content)
        return cls.json_body(cls.completion_body(text, **kwargs))

    @classmethod
    def json_body(
        cls, document: Any, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> FakeResponse:
        return cls(
            status=status,
            body=json.dumps(document).encode(),
            headers={"content-type": "application/json", **(headers or {})},
        )

    @classmethod
    def rate_limited(
        cls, retry_after: float | None = 1.0, *, retry_after_ms: float | None = None
    ) -> FakeResponse:
        headers: dict[str, str] = {}
        if retry_after is not None:
            headers["retry-after"] = f"{retry_after:g}"
        if retry_after_ms is not None:
            headers["retry-after-ms"] = f"{retry_after_ms:g}"
        error = {
            "error": {
                "code": "429",
                "message": "Rate limit is exceeded. Try again later.",
                "type": "rate_limit",
            }
        }
        return cls.json_body(error, status=429, headers=headers)

    @classmethod
    def server_error(cls, status: int = 500) -> FakeResponse:
        error = {
            "error": {"code": "server_error", "message": "The server had an error.", "type": "server_error"}
        }
        return cls.json_body(error, status=status)

    @classmethod
    def error(cls, status: int, code: str = "error", message: str = "error") -> FakeResponse:
        return cls.json_body({"error": {"code": code, "message": message, "type": code}}, status=status)

    @classmethod
    def garbage(cls) -> FakeResponse:
        """A well-formed completion whose content is not JSON (what a confused model produces)."""
        return cls.chat("Sure! Here are the classifications you asked for: email is an email, probably.")

    @classmethod
    def raw(cls, body: bytes | str, status: int = 200, content_type: str = "text/plain") -> FakeResponse:
        """Any bytes at all, e.g. an HTML error page from a proxy."""
        data = body.encode() if isinstance(body, str) else body
        return cls(status=status, body=data, headers={"content-type": content_type})


Responder = Callable[[RecordedRequest], FakeResponse]


def request_columns(request: RecordedRequest) -> list[str]:
    """Column names asked about, for prompts whose user message is a JSON document with a `columns`
    list of objects carrying `column` (or `name`)."""
    try:
        document = json.loads(request.message_text("user"))
    except json.JSONDecodeError:
        return []
    items = document.get("columns", []) if isinstance(document, dict) else []
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            name = item.get("column", item.get("name"))
            if isinstance(name, str):
                names.append(name)
    return names


def answer_columns(labels: Mapping[str, str], *, default: str = "none", confidence: float = 0.9) -> Responder:
    """A responder labelling each requested column from `labels` (by column name), else `default`."""

    def respond(request: RecordedRequest) -> FakeResponse:
        columns = [
            {
                "column": name,
                "pii_type": labels.get(name, default),
                "confidence": confidence,
                "reason": "fake",
            }
            for name in request_columns(request)
        ]
        return FakeResponse.chat({"columns": columns})

    return respond


class FakeLLMServer:
    """Threaded HTTP server on 127.0.0.1 (random port). Use as a context manager."""

    def __init__(self, default: Responder | None = None, *, api_key: str | None = None) -> None:
        self._default: Responder = default or answer_columns({})
        self._queue: deque[FakeResponse | Responder] = deque()
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self.api_key = api_key  # when set, requests without it get 401 (like the real services)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> FakeLLMServer:
        handler = _make_handler(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True  # keep-alive connections must not hold up stop()
        self._server.block_on_close = False
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-llm", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- addresses -------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeLLMServer is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def azure_endpoint(self) -> str:
        return self.url + "/"

    @property
    def openai_base_url(self) -> str:
        return self.url + "/v1"

    # --- script and records ----------------------------------------------------------------------

    def enqueue(self, *responses: FakeResponse | Responder) -> None:
        """Serve these, in order, to the next chat requests; then fall back to the default responder."""
        with self._lock:
            self._queue.extend(responses)

    def set_default(self, responder: Responder) -> None:
        with self._lock:
            self._default = responder

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.is_chat]

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def reset(self) -> None:
        with self._lock:
            self._requests.clear()
            self._queue.clear()

    def _respond(self, request: RecordedRequest) -> FakeResponse:
        with self._lock:
            self._requests.append(request)
            if not request.is_chat:
                return FakeResponse.error(404, "NotFound", f"no route for {request.method} {request.path}")
            if request.deployment is not None and not request.api_version:
                return FakeResponse.error(404, "404", "Resource not found (api-version missing)")
            if self.api_key is not None and self.api_key not in (
                request.headers.get("api-key"),
                request.headers.get("authorization", "").removeprefix("Bearer "),
            ):
                return FakeResponse.error(
                    401, "invalid_api_key", "Access denied due to invalid subscription key"
                )
            scripted = self._queue.popleft() if self._queue else self._default
        return scripted(request) if callable(scripted) else scripted


def _make_handler(fake: FakeLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            request = RecordedRequest(
                method=self.command,
                path=parts.path,
                query=parse_qs(parts.query),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            response = fake._respond(request)
            if response.delay_seconds:
                time.sleep(response.delay_seconds)
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)

        do_POST = _handle
        do_GET = _handle

        def log_message(self, format: str, *args: Any) -> None:
            return  # keep test output clean

    return Handler

"""Keep credentials out of logs, errors and API responses."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

# scheme://user:password@host -> scheme://user:***@host, anywhere in a text.
_URL_PASSWORD = re.compile(r"(?P<prefix>[a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*:)(?P<secret>[^@\s]*)(?P<at>@)")
# key=value pairs libpq and driver messages use: password=..., secret=..., token=...
_KV_SECRET = re.compile(
    r"(?i)(?P<key>password|passwd|pwd|secret|token|api[_-]?key)(?P<sep>\s*[=:]\s*)(?P<val>[^\s,;&]+)"
)


def redact_url(url: str) -> str:
    """Return the URL with its password replaced; the rest (host, db) stays readable."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact_text(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[-1]}"))


def redact_text(text: str) -> str:
    """Scrub passwords embedded in URLs or key=value pairs from free text (e.g. driver errors)."""
    text = _URL_PASSWORD.sub(lambda m: f"{m['prefix']}***{m['at']}", text)
    return _KV_SECRET.sub(lambda m: f"{m['key']}{m['sep']}***", text)

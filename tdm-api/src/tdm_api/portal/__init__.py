"""The self-service portal (tdm-ui), served by the API at `/ui` so `tdm up` needs no Node.js at run time.

The portal is a single-page app built by `npm ci && npm run build` in `tdm-ui/` into `static/` beside this
file (committed, so an install from the repository serves it as is):

- `/ui/assets/*`: the hashed JavaScript and CSS bundles, cached for a year (`immutable`): a new build has
  new names.
- any other `GET /ui/...`: the file if there is one (favicon), else `index.html`, so a deep link such as
  `/ui/jobs/<id>` loads the app, whose router shows the screen. `index.html` is revalidated on each load
  (`no-cache`), so a new build is picked up at once.
- `GET /` redirects to `/ui/`.

When `static/index.html` is missing (the portal was never built) `/ui` answers 503 with a page that says
how to build it; the API itself is unaffected. None of these routes is in the OpenAPI document.
"""

from __future__ import annotations

import html
import os
from pathlib import Path, PurePosixPath

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

PORTAL_PREFIX = "/ui"
STATIC_DIR = Path(__file__).parent / "static"
INDEX = "index.html"
ASSETS_DIR = "assets"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# A missing path with one of these suffixes is a missing file (404), not a screen of the app.
FILE_SUFFIXES = frozenset(
    {".js", ".mjs", ".css", ".map", ".json", ".txt", ".html", ".svg", ".png", ".jpg", ".ico", ".webp"}
    | {".woff", ".woff2", ".webmanifest"}
)

_NOT_BUILT = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>TDM portal not built</title>
<style>
body {{ font-family: system-ui, sans-serif; color: #1e293b; background: #f8fafc; margin: 0; }}
main {{ max-width: 40rem; margin: 12vh auto; padding: 2rem; background: #fff; border-radius: 0.75rem;
       border: 1px solid #e2e8f0; }}
code {{ background: #f1f5f9; padding: 0.1rem 0.35rem; border-radius: 0.25rem; }}
</style></head>
<body><main>
<h1>The TDM portal is not built</h1>
<p>This API serves the self-service portal from <code>{folder}</code>,
which has no <code>index.html</code>.</p>
<p>Build it once (Node.js 20.19 or later), then reload this page:</p>
<pre><code>cd tdm-ui
npm ci &amp;&amp; npm run build</code></pre>
<p>The API itself works without it: see <a href="/api/v1/docs">/api/v1/docs</a>.</p>
</main></body></html>
"""


class PortalFiles(StaticFiles):
    """StaticFiles with the portal's cache headers and the single-page-app fallback to index.html."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory, check_dir=False)
        self.root = directory

    def built(self) -> bool:
        return (self.root / INDEX).is_file()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self.built():
            response = HTMLResponse(
                _NOT_BUILT.format(folder=html.escape(str(self.root))),
                status_code=503,
                headers={"Cache-Control": "no-store", "Retry-After": "60"},
            )
            await response(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    async def get_response(self, path: str, scope: Scope) -> Response:
        parts = PurePosixPath(path.replace(os.sep, "/")).parts
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            # A missing asset or file (a name with a suffix) stays a 404; anything else is a route of
            # the app, answered by index.html.
            if exc.status_code != 404 or (parts and (parts[0] == ASSETS_DIR or _is_file_name(parts[-1]))):
                raise
            response = await super().get_response(INDEX, scope)
            parts = (INDEX,)
        immutable = len(parts) > 1 and parts[0] == ASSETS_DIR
        response.headers["Cache-Control"] = IMMUTABLE if immutable else REVALIDATE
        return response


def _is_file_name(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in FILE_SUFFIXES


def mount_portal(app: FastAPI, static_dir: Path | None = None) -> None:
    """Serve the built portal at /ui and redirect / to it (no route in the OpenAPI document)."""
    files = PortalFiles(static_dir or STATIC_DIR)

    async def portal_root() -> RedirectResponse:
        return RedirectResponse(f"{PORTAL_PREFIX}/", status_code=307)

    app.add_api_route("/", portal_root, methods=["GET", "HEAD"], include_in_schema=False)
    app.mount(PORTAL_PREFIX, files, name="portal")

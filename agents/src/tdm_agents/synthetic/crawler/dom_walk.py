"""Crawl a web application's pages with headless Chromium and read what data they ask for or show.

`crawl()` drives the system's Chromium through Playwright's sync API (no browser download: the path
comes from the argument, `TDM_CHROMIUM_PATH`, or `chromium` / `chromium-browser` on the PATH). Pages
are visited breadth-first from the start URLs, following links of the start URLs' origins only (unless
`same_origin=False`), within `max_pages` and a wall-clock time limit. Nothing is ever submitted, typed
or clicked: each page is loaded and read by one script (`page.evaluate`) that returns plain JSON in
three phases:

1. forms and inputs: every `<form>` (and the inputs outside any form, as one pseudo-form) with its
   identity (id, name, aria-label, heading, action path) and its fields: name (name attribute, else
   id, else label text, else placeholder / aria-label), label text, tag, input type, required,
   maxlength / minlength / pattern / min / max / step, select options, radio and checkbox groups
   (one field with options), textareas. Hidden, button-like and anti-forgery (CSRF, captcha) fields
   are left out: they are no data a user enters.
2. tables: each `<table>`'s header texts and up to 20 sample cells per column, the evidence for type
   inference.
3. other key elements: headings (h1-h3), labelled values (`dl` dt/dd pairs, `[data-field]`, an
   unassociated `label + span`) and the links to follow.

Links leading nowhere worth loading (`mailto:`, `javascript:`, fragments of a page already seen) are
dropped silently. Reported in `CrawlResult.skipped`, with the reason (`SkipReason`): links to other
origins and redirects off the site (`other_origin`), links that look state-changing (`unsafe_link`:
log out, delete ...; a GET can change state all the same, and a crawler must not), pages beyond
`max_pages` (`limit_reached`) or the time limit (`time_limit`), pages that fail to load or answer
>= 400 (`load_error`) and non-HTML responses (`not_html`). Each page load is bounded (15 s, less when
the time limit is nearer); pictures, media and fonts are not fetched. Turning the result into a
schema is `schema_extractor.extract_schema` (pure, no browser).

Playwright's sync API refuses to run inside a running asyncio loop: call `crawl()` from a thread.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections import deque
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urldefrag, urlsplit

from pydantic import BaseModel, ConfigDict, Field
from tdm_core.errors import ConfigurationError, InvalidInputError
from tdm_core.redaction import redact_text, redact_url

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request, Route

CHROMIUM_ENV = "TDM_CHROMIUM_PATH"
CHROMIUM_NAMES = ("chromium", "chromium-browser")
# One slow page must not eat the whole time budget of the crawl.
PAGE_TIMEOUT_MS = 15_000
# After "load", how long a script-rendered page (SPA) may take to go quiet on the network.
SETTLE_TIMEOUT_MS = 2_000
LAUNCH_TIMEOUT_MS = 30_000
# Pictures, videos and fonts carry no schema: not fetching them keeps the crawl fast.
BLOCKED_RESOURCE_TYPES = frozenset({"image", "media", "font"})
MAX_DETAIL_CHARS = 200
# A GET link can change state all the same (log out, delete ...): such links are not followed.
_UNSAFE_LINK = re.compile(
    r"(?i)(?:^|[/_.=&?-])(log-?out|sign-?out|log-?off|delete|remove|destroy|unsubscribe)(?:$|[/_.=&?-])"
)

SkipReason = Literal["other_origin", "unsafe_link", "limit_reached", "time_limit", "load_error", "not_html"]


class BrowserNotFoundError(ConfigurationError):
    """No Chromium to drive: the crawler never downloads one."""

    title = "Browser not found"


# --- the crawl's result ----------------------------------------------------------------------------


class _Model(BaseModel):
    # The page script's JSON is validated against these models: a key it forgot or misspelled fails
    # loudly instead of silently dropping data.
    model_config = ConfigDict(frozen=True, extra="forbid")


class FormField(_Model):
    """One data field of a form; a radio or checkbox group is one field whose `options` are the values."""

    name: str
    label: str | None = None
    tag: str = "input"  # input, select, textarea
    input_type: str = "text"  # the HTML input type; "select" / "textarea" for those tags
    required: bool = False
    max_length: int | None = None
    min_length: int | None = None
    pattern: str | None = None
    minimum: str | None = None  # the raw min / max / step attributes (numbers, or ISO dates)
    maximum: str | None = None
    step: str | None = None
    options: tuple[str, ...] = ()
    multiple: bool = False
    placeholder: str | None = None
    visible: bool = True


class FormInfo(_Model):
    """A form, or (`orphan`) the page's inputs that sit outside any form."""

    id: str | None = None
    name: str | None = None
    aria_label: str | None = None
    heading: str | None = None  # the form's legend / heading, else the nearest heading before it
    action: str | None = None  # the path of the action URL
    method: str = "get"
    role: str | None = None
    orphan: bool = False
    fields: tuple[FormField, ...] = ()


class HtmlTable(_Model):
    """A data table: its header texts and, per column, sample cell values (at most 20 rows)."""

    id: str | None = None
    caption: str | None = None
    aria_label: str | None = None
    heading: str | None = None
    headers: tuple[str, ...] = ()
    samples: tuple[tuple[str, ...], ...] = ()  # samples[i] are the cells under headers[i]
    row_count: int = 0


class LabelledValue(_Model):
    """A value shown with a label: a `dl` pair, a `[data-field]` element, a `label + span`."""

    label: str
    value: str
    group: str | None = None  # the dl's id / aria-label / heading, or the nearest heading
    kind: Literal["dl", "data-field", "label"] = "dl"


class Heading(_Model):
    level: int
    text: str


class PageInfo(_Model):
    url: str
    title: str = ""
    forms: tuple[FormInfo, ...] = ()
    tables: tuple[HtmlTable, ...] = ()
    headings: tuple[Heading, ...] = ()
    labelled_values: tuple[LabelledValue, ...] = ()
    links: tuple[str, ...] = ()


class SkippedUrl(_Model):
    url: str
    reason: SkipReason
    detail: str | None = None


class CrawlResult(_Model):
    """Pages in visiting order (breadth-first) and the URLs left out, with the reason."""

    start_urls: tuple[str, ...] = ()
    pages: tuple[PageInfo, ...] = ()
    skipped: tuple[SkippedUrl, ...] = ()
    elapsed_seconds: float = Field(default=0.0, ge=0)


# --- the page script -------------------------------------------------------------------------------

# Read-only: it inspects the DOM and returns JSON, it never types, clicks or submits. Attributes are
# read with getAttribute because `form.id`, `form.name` and `form.action` are shadowed by a control
# named "id", "name" or "action".
_WALK_JS = r"""
() => {
  const LIMIT = {forms: 50, fields: 200, options: 200, tables: 20, rows: 20, columns: 50,
                 headings: 50, values: 200, links: 500, text: 200};
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim().slice(0, LIMIT.text);
  const textOf = (el) => {
    if (!el) return "";
    const copy = el.cloneNode(true);
    // A wrapping label would otherwise read as its own text plus the options of its select.
    copy.querySelectorAll("input, select, textarea, button, script, style, template")
      .forEach((n) => n.remove());
    return clean(copy.textContent);
  };
  const attr = (el, name) => {
    const v = el.getAttribute(name);
    return v === null || v.trim() === "" ? null : v.trim();
  };
  const intAttr = (el, name) => {
    const v = el.getAttribute(name);
    if (v === null || !/^\s*\d+\s*$/.test(v)) return null;
    return parseInt(v, 10);
  };
  const byIds = (el, name) => {
    const ids = attr(el, name);
    if (!ids) return null;
    return clean(ids.split(/\s+/).map((id) => textOf(document.getElementById(id))).join(" ")) || null;
  };
  const allHeadings = Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6"));
  const headingBefore = (el) => {
    let found = null;
    for (const h of allHeadings) {
      if (h === el || !(h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
      if (!h.contains(el)) found = h;
    }
    return found ? textOf(found) || null : null;
  };
  const labelOf = (el) => {
    const labelled = byIds(el, "aria-labelledby");
    if (labelled) return labelled;
    if (el.labels && el.labels.length) {
      const t = clean(Array.from(el.labels).map(textOf).join(" "));
      if (t) return t;
    }
    return attr(el, "aria-label");
  };
  const groupLabel = (el) => {
    const box = el.closest("fieldset, [role=radiogroup], [role=group]");
    if (!box) return null;
    const legend = box.tagName === "FIELDSET" ? box.querySelector(":scope > legend") : null;
    return (legend && textOf(legend)) || attr(box, "aria-label") || byIds(box, "aria-labelledby");
  };
  const visible = (el) => el.getClientRects().length > 0;

  const SKIP_TYPES = new Set(["hidden", "submit", "button", "reset", "image"]);
  const NOT_DATA = /csrf|xsrf|authenticity.?token|verification.?token|^_?token$|nonce|captcha|honeypot/i;
  const fieldsOf = (controls) => {
    const fields = [];
    const groups = new Map();
    for (const el of controls) {
      if (fields.length >= LIMIT.fields) break;
      const tag = el.tagName.toLowerCase();
      const type = tag === "input" ? (el.type || "text").toLowerCase() : tag;
      if (SKIP_TYPES.has(type)) continue;
      const nameAttr = attr(el, "name");
      if (NOT_DATA.test(nameAttr || "") || NOT_DATA.test(el.id || "")) continue;
      const label = labelOf(el);
      const placeholder = attr(el, "placeholder");
      if ((type === "radio" || type === "checkbox") && nameAttr) {
        const option = el.getAttribute("value") !== null ? el.value : (label || "on");
        const key = type + "\u0000" + nameAttr;
        const group = groups.get(key);
        if (group) {
          if (group.options.length < LIMIT.options && !group.options.includes(option)) {
            group.options.push(option);
          }
          if (type === "checkbox" && group.options.length === 2) {
            // Several boxes of one name are a multiple choice: the group, not one box, names it.
            group.label = groupLabel(el) || group.name;
            group.multiple = true;
          }
          group.required = group.required || el.required;
          group.visible = group.visible || visible(el);
          continue;
        }
        // A radio's own label is one option's text; the group's label is its fieldset legend.
        const field = {
          name: nameAttr, label: type === "radio" ? (groupLabel(el) || label) : label, tag,
          input_type: type, required: el.required, max_length: null, min_length: null,
          pattern: null, minimum: null, maximum: null, step: null, options: [option],
          multiple: false, placeholder: null, visible: visible(el),
        };
        groups.set(key, field);
        fields.push(field);
        continue;
      }
      let options = [];
      if (tag === "select") {
        // An empty value is the "Choose..." placeholder, not a choice.
        options = Array.from(el.options).map((o) => o.value).filter((v) => v !== "").slice(0, LIMIT.options);
      }
      fields.push({
        name: nameAttr || attr(el, "id") || label || placeholder || attr(el, "aria-label") || "",
        label, tag, input_type: type, required: el.required,
        max_length: intAttr(el, "maxlength"), min_length: intAttr(el, "minlength"),
        pattern: el.getAttribute("pattern") || null, minimum: attr(el, "min"), maximum: attr(el, "max"),
        step: attr(el, "step"), options, multiple: el.multiple === true, placeholder,
        visible: visible(el),
      });
    }
    return fields.filter((f) => f.name !== "");
  };
  const isControl = (el) => el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA";

  // Phase 1: forms, then the inputs outside any form as one pseudo-form.
  const forms = [];
  for (const form of Array.from(document.forms).slice(0, LIMIT.forms)) {
    const controls = Array.from(form.elements).filter(isControl);
    // A legend titles the form only when its fieldset holds every field; else it titles one group
    // of fields (a radio group ...).
    const inner = Array.from(form.querySelectorAll("fieldset > legend"))
      .find((l) => controls.every((c) => l.parentElement.contains(c)))
      || form.querySelector("h1, h2, h3, h4, h5, h6");
    const action = form.getAttribute("action");
    let actionPath = null;
    if (action !== null && action.trim() !== "") {
      try { actionPath = new URL(action, document.baseURI).pathname; } catch (e) { actionPath = null; }
    }
    forms.push({
      id: attr(form, "id"), name: attr(form, "name"),
      aria_label: attr(form, "aria-label") || byIds(form, "aria-labelledby"),
      heading: (inner && textOf(inner)) || headingBefore(form), action: actionPath,
      method: (form.getAttribute("method") || "get").toLowerCase(), role: attr(form, "role"),
      orphan: false, fields: fieldsOf(controls),
    });
  }
  const orphans = Array.from(document.querySelectorAll("input, select, textarea"))
    .filter((el) => !el.form && !el.closest("form"));
  if (orphans.length) {
    const h1 = document.querySelector("h1");
    forms.push({
      id: null, name: null, aria_label: null,
      heading: headingBefore(orphans[0]) || (h1 && textOf(h1)) || null, action: null,
      method: "get", role: null, orphan: true, fields: fieldsOf(orphans),
    });
  }

  // Phase 2: data tables, header texts and sample cells per column.
  const cellValue = (cell) => {
    const time = cell.querySelector("time[datetime]");
    if (time) return clean(time.getAttribute("datetime"));
    const given = cell.getAttribute("data-value");
    if (given !== null) return clean(given);
    const control = cell.querySelector("input:not([type=checkbox]):not([type=radio]), select, textarea");
    if (control) return clean(control.value);
    return textOf(cell);
  };
  const spread = (row) => {
    const out = [];
    for (const cell of Array.from(row.cells)) {
      const span = Math.min(Math.max(cell.colSpan || 1, 1), LIMIT.columns);
      for (let i = 0; i < span && out.length < LIMIT.columns; i++) out.push(cell);
    }
    return out;
  };
  const tables = [];
  for (const table of Array.from(document.querySelectorAll("table"))) {
    if (tables.length >= LIMIT.tables) break;
    const role = (table.getAttribute("role") || "").toLowerCase();
    if (role === "presentation" || role === "none") continue;  // a layout table
    const rows = Array.from(table.rows);
    let headerRow = null;
    if (table.tHead && table.tHead.rows.length) {
      headerRow = table.tHead.rows[table.tHead.rows.length - 1];  // the most specific header row
    } else if (rows.length && Array.from(rows[0].cells).every((c) => c.tagName === "TH")) {
      headerRow = rows[0];
    }
    const headers = headerRow ? spread(headerRow).map(textOf) : [];
    const body = rows.filter((r) => r !== headerRow
      && !(table.tHead && table.tHead.contains(r)) && !(table.tFoot && table.tFoot.contains(r))
      && r.cells.length > 0
      && !Array.from(r.cells).every((c) => c.tagName === "TH")
      && !(r.cells.length === 1 && headers.length > 1));  // "No results" spanning the whole row
    const width = headers.length || (body.length ? spread(body[0]).length : 0);
    const samples = Array.from({length: width}, () => []);
    for (const row of body.slice(0, LIMIT.rows)) {
      const cells = spread(row);
      for (let i = 0; i < width; i++) samples[i].push(i < cells.length ? cellValue(cells[i]) : "");
    }
    tables.push({
      id: attr(table, "id"), caption: table.caption ? textOf(table.caption) || null : null,
      aria_label: attr(table, "aria-label") || byIds(table, "aria-labelledby"),
      heading: headingBefore(table), headers, samples, row_count: body.length,
    });
  }

  // Phase 3: headings, labelled values, links.
  const headings = Array.from(document.querySelectorAll("h1, h2, h3"))
    .map((h) => ({level: parseInt(h.tagName.slice(1), 10), text: textOf(h)}))
    .filter((h) => h.text).slice(0, LIMIT.headings);
  const values = [];
  const addValue = (label, value, group, kind) => {
    if (label && values.length < LIMIT.values) values.push({label, value, group, kind});
  };
  for (const dl of Array.from(document.querySelectorAll("dl"))) {
    const group = attr(dl, "id") || attr(dl, "aria-label") || headingBefore(dl);
    let term = null;
    const items = dl.querySelectorAll(":scope > dt, :scope > dd, :scope > div > dt, :scope > div > dd");
    for (const item of Array.from(items)) {
      if (item.tagName === "DT") term = textOf(item);
      else if (term) addValue(term, textOf(item), group, "dl");
    }
  }
  for (const el of Array.from(document.querySelectorAll("[data-field]"))) {
    if (isControl(el)) continue;  // an input is a form field (phase 1), not a shown value
    addValue(clean(el.getAttribute("data-field")), cellValue(el), headingBefore(el), "data-field");
  }
  for (const span of Array.from(document.querySelectorAll("label + span"))) {
    const label = span.previousElementSibling;
    if (label.control) continue;  // the label of an input, not of a shown value
    addValue(textOf(label), textOf(span), headingBefore(span), "label");
  }
  const links = [];
  const seen = new Set();
  for (const a of Array.from(document.querySelectorAll("a[href], area[href]"))) {
    if (links.length >= LIMIT.links) break;
    if (typeof a.href !== "string" || seen.has(a.href)) continue;  // SVG links have no string href
    seen.add(a.href);
    links.push(a.href);
  }
  return {title: clean(document.title), forms, tables, headings, labelled_values: values, links};
}
"""


# --- the browser ---------------------------------------------------------------------------------


def find_chromium(executable_path: str | None = None) -> str:
    """The Chromium to drive: the given path, else `TDM_CHROMIUM_PATH`, else chromium on the PATH."""
    hint = f"install it (apt-get install chromium) or set {CHROMIUM_ENV} to its path"
    for source, given in (("executable_path", executable_path), (CHROMIUM_ENV, os.environ.get(CHROMIUM_ENV))):
        if given:
            path = Path(given)
            if path.is_file() and os.access(path, os.X_OK):
                return str(path)
            raise BrowserNotFoundError(f"{source} {given!r} is not an executable Chromium: {hint}")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserNotFoundError(f"no Chromium found for the UI crawler: {hint}")


def _short(message: str) -> str:
    # Playwright appends a multi-line call log; the first line says what went wrong.
    first = (message.strip().splitlines() or [""])[0]
    return redact_text(first)[:MAX_DETAIL_CHARS]


# --- URLs and the frontier -------------------------------------------------------------------------


def _origin(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def _page_url(url: str) -> str | None:
    """The URL without its fragment (a fragment is the same page), or None if it is no web page."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return urldefrag(url.strip())[0]


class _Frontier:
    """Breadth-first queue of pages to visit: each URL once, the skipped ones reported once."""

    def __init__(self, start: list[str], *, same_origin: bool) -> None:
        self.same_origin = same_origin
        self.start = list(dict.fromkeys(start))
        self.origins = {_origin(url) for url in start}
        self.queue: deque[str] = deque()
        self.seen: set[str] = set()
        self.skipped: list[SkippedUrl] = []
        for url in start:
            if url not in self.seen:
                self.seen.add(url)
                self.queue.append(url)

    def skip(self, url: str, reason: SkipReason, detail: str | None = None) -> None:
        self.skipped.append(SkippedUrl(url=redact_url(url), reason=reason, detail=detail))

    def allowed_origin(self, url: str) -> bool:
        return not self.same_origin or _origin(url) in self.origins

    def offer(self, link: str) -> None:
        url = _page_url(link)
        if url is None or url in self.seen:  # mailto:, javascript:, tel:, a page already seen
            return
        self.seen.add(url)
        if not self.allowed_origin(url):
            self.skip(url, "other_origin")
        elif _UNSAFE_LINK.search(urlsplit(url).path + "?" + urlsplit(url).query):
            self.skip(url, "unsafe_link", "looks state-changing (log out, delete ...)")
        else:
            self.queue.append(url)


class _Router:
    """Every request of the browser passes here: heavy resources and off-site navigations are refused.

    An HTTP redirect is followed by the browser itself, past the router (Playwright routes only the
    first request of a redirect chain): `on_request` sees it, so that the visit reports it as a
    redirect off the site (the target loads, but it is not read).
    """

    def __init__(self, frontier: _Frontier) -> None:
        self.frontier = frontier
        self.blocked_navigation: str | None = None

    def __call__(self, route: Route) -> None:
        request = route.request
        if request.resource_type in BLOCKED_RESOURCE_TYPES:
            route.abort()
            return
        # A redirect (HTTP or script) to another origin must not load that site at all: the top
        # frame's navigation is refused there. Sub-resources (a CDN's scripts) and iframes still load.
        if (
            request.is_navigation_request()
            and not self.frontier.allowed_origin(request.url)
            and self._top(request)
        ):
            self.blocked_navigation = request.url
            route.abort("blockedbyclient")
            return
        route.continue_()

    def on_request(self, request: Request) -> None:
        if (
            request.redirected_from is not None
            and request.is_navigation_request()
            and not self.frontier.allowed_origin(request.url)
            and self._top(request)
        ):
            self.blocked_navigation = request.url

    @staticmethod
    def _top(request: Request) -> bool:
        from playwright.sync_api import Error as PlaywrightError

        try:
            return request.frame.parent_frame is None
        except PlaywrightError:
            return True  # no frame yet: a new window's first navigation, a top-level one


def _start_urls(urls: list[str]) -> list[str]:
    if not urls:
        raise InvalidInputError("the UI crawler needs at least one start URL")
    start: list[str] = []
    for raw in urls:
        url = _page_url(str(raw))
        if url is None:
            raise InvalidInputError(f"not an http(s) URL to crawl: {redact_url(str(raw))[:MAX_DETAIL_CHARS]}")
        start.append(url)
    return start


# --- the crawl -----------------------------------------------------------------------------------


def crawl(
    urls: list[str],
    *,
    max_pages: int = 20,
    time_limit_seconds: float = 60,
    same_origin: bool = True,
    executable_path: str | None = None,
) -> CrawlResult:
    """Visit up to `max_pages` pages breadth-first from `urls` and read their forms, tables and key
    elements (see the module doc). Raises `BrowserNotFoundError` without a Chromium to drive."""
    started = time.monotonic()
    if max_pages < 1:
        raise InvalidInputError("max_pages must be at least 1")
    if time_limit_seconds <= 0:
        raise InvalidInputError("time_limit_seconds must be positive")
    frontier = _Frontier(_start_urls(urls), same_origin=same_origin)
    browser_path = find_chromium(executable_path)
    deadline = started + time_limit_seconds

    # Imported here: the extractor and the contract import this module's models without a browser.
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    pages: list[PageInfo] = []
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=browser_path, headless=True, args=["--no-sandbox"], timeout=LAUNCH_TIMEOUT_MS
            )
        except PlaywrightError as exc:
            raise BrowserNotFoundError(
                f"Chromium at {browser_path} did not start: {_short(exc.message)}"
            ) from exc
        try:
            context = browser.new_context(accept_downloads=False, service_workers="block")
            router = _Router(frontier)
            context.route("**/*", router)
            page = context.new_page()
            page.on("request", router.on_request)
            # A page that opens windows gets them closed: only the crawler's own tab is read.
            context.on("page", lambda popup: popup.close() if popup is not page else None)
            while frontier.queue:
                url = frontier.queue.popleft()
                if len(pages) >= max_pages:
                    frontier.skip(url, "limit_reached", f"max_pages={max_pages}")
                    continue
                remaining_ms = (deadline - time.monotonic()) * 1000
                if remaining_ms <= 0:
                    frontier.skip(url, "time_limit", f"time_limit_seconds={time_limit_seconds:g}")
                    continue
                info = _visit(page, url, router, remaining_ms)
                if info is not None:
                    pages.append(info)
                    for link in info.links:
                        frontier.offer(link)
        finally:
            browser.close()
    return CrawlResult(
        start_urls=tuple(redact_url(url) for url in frontier.start),
        pages=tuple(pages),
        skipped=tuple(frontier.skipped),
        elapsed_seconds=round(time.monotonic() - started, 3),
    )


def _visit(page: Page, url: str, router: _Router, remaining_ms: float) -> PageInfo | None:
    """Load one page and walk its DOM; None (and a skip) when it cannot be read."""
    from playwright.sync_api import Error as PlaywrightError

    frontier = router.frontier
    router.blocked_navigation = None
    try:
        response = page.goto(url, wait_until="load", timeout=min(PAGE_TIMEOUT_MS, remaining_ms))
    except PlaywrightError as exc:
        blocked = router.blocked_navigation
        if blocked is not None:
            target = _page_url(blocked) or blocked
            frontier.seen.add(target)
            frontier.skip(target, "other_origin", f"redirected from {redact_url(url)}"[:MAX_DETAIL_CHARS])
        else:
            frontier.skip(url, "load_error", _short(exc.message))
        return None
    if response is not None:
        if response.status >= 400:
            frontier.skip(url, "load_error", f"HTTP {response.status}")
            return None
        content_type = response.headers.get("content-type", "")
        if content_type and "html" not in content_type.lower():
            frontier.skip(url, "not_html", content_type.split(";")[0].strip()[:MAX_DETAIL_CHARS])
            return None
    final = _page_url(page.url) or url
    if final != url:
        # Redirected: the target counts as seen, and a page off the site is not read.
        frontier.seen.add(final)
        if not frontier.allowed_origin(final):
            frontier.skip(final, "other_origin", f"redirected from {redact_url(url)}"[:MAX_DETAIL_CHARS])
            return None
    # Script-rendered pages fill the DOM after "load"; a page that never goes quiet is read as is.
    with suppress(PlaywrightError):
        page.wait_for_load_state("networkidle", timeout=min(SETTLE_TIMEOUT_MS, max(remaining_ms, 1)))
    try:
        data: Any = page.evaluate(_WALK_JS)
    except PlaywrightError as exc:
        frontier.skip(url, "load_error", _short(exc.message))
        return None
    return PageInfo.model_validate({**data, "url": redact_url(final)})

"""The UI crawler against a local site (`pages/`) in the system's Chromium: forms, tables, links, limits.

The site is served by `http.server` on 127.0.0.1 (port 0) in a thread; no other service is needed.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from tdm_agents.synthetic.crawler import BrowserNotFoundError, CrawlResult, crawl, extract_schema
from tdm_core.errors import InvalidInputError, TDMError
from tdm_core.schema_model import normalize_snapshot

from tests.support.browser import require_chromium

PAGES = Path(__file__).parent / "pages"
pytestmark = pytest.mark.timeout(60)


REDIRECT_OFF_SITE = "http://localhost:9/offers.html"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/away":  # an HTTP redirect off the site: not to be read
            self.send_response(302)
            self.send_header("Location", REDIRECT_OFF_SITE)
            self.end_headers()
            return
        super().do_GET()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    require_chromium()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(PAGES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def result(site: str) -> CrawlResult:
    return crawl([f"{site}/index.html"], max_pages=10, time_limit_seconds=30)


def test_pages_are_crawled_breadth_first_within_the_origin(site: str, result: CrawlResult) -> None:
    assert [p.url for p in result.pages] == [f"{site}/index.html", f"{site}/orders.html"]
    assert [p.title for p in result.pages] == ["Sign up | Demo Shop", "Orders | Demo Shop"]
    assert result.start_urls == (f"{site}/index.html",)
    assert result.elapsed_seconds < 20


def test_skipped_links_have_their_reason(site: str, result: CrawlResult) -> None:
    skipped = {s.url: (s.reason, s.detail) for s in result.skipped}
    assert skipped == {
        "https://example.com/about": ("other_origin", None),
        "http://localhost:9/elsewhere.html": ("other_origin", None),  # another port, another host name
        f"{site}/logout": ("unsafe_link", "looks state-changing (log out, delete ...)"),
        f"{site}/missing.html": ("load_error", "HTTP 404"),
        REDIRECT_OFF_SITE: ("other_origin", f"redirected from {site}/away"),
    }
    # mailto:, javascript: and fragments of a page already seen are no pages: not even reported.


def test_forms_and_fields(result: CrawlResult) -> None:
    index = result.pages[0]
    register, newsletter = index.forms
    assert (register.id, register.action, register.method, register.orphan) == (
        "register-form",
        "/register",
        "post",
        False,
    )
    assert register.heading == "Create your account"  # the radio group's legend titles the group only
    fields = {f.name: f for f in register.fields}
    assert list(fields) == [
        "first_name",
        "last_name",
        "email",
        "phone",
        "dob",
        "country",
        "plan",
        "household_size",
        "monthly_budget",
        "password",
        "Nickname",  # no name, no id, no label: its placeholder
        "bio",
        "terms",
    ]  # no csrf_token, no hidden referrer, no submit button
    assert fields["first_name"].label == "First name"
    assert fields["first_name"].max_length == 50
    assert fields["email"].label == "Email"  # a wrapping label, without the input
    assert fields["email"].required
    assert fields["phone"].pattern == r"\+?[0-9 ]{7,15}"
    assert (fields["dob"].minimum, fields["dob"].maximum) == ("1900-01-01", "2010-12-31")
    assert fields["country"].options == ("FR", "DE", "GB")  # not the empty "Choose" option
    assert (fields["plan"].input_type, fields["plan"].label) == ("radio", "Plan")
    assert fields["plan"].options == ("basic", "premium", "enterprise")
    assert fields["monthly_budget"].step == "0.01"
    assert fields["password"].min_length == 8
    assert fields["bio"].tag == "textarea"
    assert (fields["terms"].input_type, fields["terms"].required, fields["terms"].multiple) == (
        "checkbox",
        True,
        False,
    )
    assert newsletter.orphan and newsletter.heading == "Newsletter"
    assert [(f.name, f.label, f.input_type) for f in newsletter.fields] == [
        ("newsletter_email", "Newsletter email", "email")
    ]


def test_tables_and_key_elements(result: CrawlResult) -> None:
    orders = result.pages[1]
    (html,) = orders.tables
    assert html.id == "orders-table"
    assert html.heading == "Recent orders"
    assert html.headers == ("Order #", "Date", "Customer email", "Total", "Status", "Items", "Actions")
    assert html.row_count == 3  # the tfoot totals are no order
    assert html.samples[0] == ("1001", "1002", "1003")
    assert html.samples[3] == ("$1,250.00", "$89.90", "$15.5")
    assert [(h.level, h.text) for h in orders.headings] == [(1, "Recent orders"), (2, "Newsletter")]
    assert [(v.label, v.value, v.group, v.kind) for v in orders.labelled_values] == [
        ("Orders this month", "3", "summary", "dl"),
        ("Customer since", "2023-11-02", "summary", "dl"),
        ("loyalty_tier", "Gold", "Recent orders", "data-field"),
    ]


def test_extracted_schema(result: CrawlResult) -> None:
    schema = extract_schema(result)
    normalize_snapshot(schema.snapshot)
    tables = {t["name"]: {c["name"]: c for c in t["columns"]} for t in schema.snapshot["tables"]}
    assert list(tables) == ["newsletter", "order", "registration"]

    reg = tables["registration"]
    expected = {
        # column: (data type, nullable, semantic type, type_details without family)
        "id": ("bigint", False, None, {}),
        "first_name": ("character varying(50)", False, "first_name", {"max_length": 50}),
        "last_name": ("character varying(255)", False, "last_name", {}),
        "email": ("character varying(254)", False, "email", {"format": "email"}),
        "phone": ("character varying(20)", True, "phone", {"pattern": r"\+?[0-9 ]{7,15}"}),
        "dob": (
            "date",
            True,
            "date_of_birth",
            {"minimum": "1900-01-01", "maximum": "2010-12-31", "format": "date"},
        ),
        "country": ("character varying(2)", False, "country_code", {"allowed_values": ["FR", "DE", "GB"]}),
        "plan": ("character varying(10)", True, None, {"allowed_values": ["basic", "premium", "enterprise"]}),
        "household_size": ("integer", True, None, {"minimum": 1, "maximum": 12}),
        "monthly_budget": ("numeric(12,2)", True, None, {"minimum": 0}),
        "password": ("character varying(255)", False, "password", {"min_length": 8, "format": "password"}),
        "nickname": ("character varying(255)", True, "username", {}),
        "bio": ("character varying(500)", True, "description", {"max_length": 500}),
        "terms": ("boolean", False, None, {}),
    }
    actual = {
        name: (
            c["data_type"],
            c["nullable"],
            c["semantic_type"],
            {k: v for k, v in c["type_details"].items() if k != "family"},
        )
        for name, c in reg.items()
    }
    assert actual == expected
    assert reg["id"]["is_primary_key"]

    order = tables["order"]
    assert {n: (c["data_type"], c["semantic_type"]) for n, c in order.items()} == {
        "id": ("bigint", None),
        "order_number": ("integer", None),
        "date": ("date", "date"),
        "customer_email": ("character varying(254)", "email"),
        "total": ("numeric(12,2)", "amount"),
        "status": ("character varying(10)", "status"),
        "items": ("integer", None),
    }  # no "actions" column
    assert list(tables["newsletter"]) == ["id", "newsletter_email"]  # one entity from both pages
    assert "newsletter: merged from 2 forms / tables" in schema.notes


def test_max_pages_one_crawls_only_the_start_page(site: str) -> None:
    result = crawl([f"{site}/index.html"], max_pages=1, time_limit_seconds=30)
    assert [p.url for p in result.pages] == [f"{site}/index.html"]
    limited = [(s.url, s.detail) for s in result.skipped if s.reason == "limit_reached"]
    assert limited == [(f"{site}/orders.html", "max_pages=1")]
    assert [t["name"] for t in extract_schema(result).snapshot["tables"]] == ["newsletter", "registration"]


def test_time_limit_stops_the_crawl(site: str) -> None:
    result = crawl([f"{site}/index.html"], time_limit_seconds=0.001)
    assert result.pages == ()
    assert [(s.url, s.reason) for s in result.skipped] == [(f"{site}/index.html", "time_limit")]


def test_no_browser_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(BrowserNotFoundError, match=r"apt-get install chromium") as caught:
        crawl(["http://127.0.0.1:1/"], executable_path=str(tmp_path / "no-chromium"))
    assert isinstance(caught.value, TDMError)
    monkeypatch.setenv("TDM_CHROMIUM_PATH", str(tmp_path / "nothing-here"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrowserNotFoundError, match="TDM_CHROMIUM_PATH"):
        crawl(["http://127.0.0.1:1/"])
    monkeypatch.delenv("TDM_CHROMIUM_PATH")
    with pytest.raises(BrowserNotFoundError, match=r"no Chromium found .*apt-get install chromium"):
        crawl(["http://127.0.0.1:1/"])


@pytest.mark.parametrize("urls", [[], ["ftp://example.com/"], ["not a url"]])
def test_start_urls_are_checked(urls: list[str]) -> None:
    with pytest.raises(InvalidInputError):
        crawl(urls)

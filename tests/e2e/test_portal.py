"""The self-service portal in headless Debian Chromium against the real stack (`tdm up`: the API serving
the portal at /ui and a worker, over this session's PostgreSQL, Redis and S3), as a user drives it:
sign in; discover Pagila and follow the job live; classify PII, see the badges and override one; build
and save a masking rule set; subset -> mask -> provision, each job followed to the end on its page; the
lineage graph of the masked dataset. Then a viewer, who sees no run action anywhere.

Screenshots of every module go to test-artifacts/portal/ (the README shows a few, from docs/screenshots/).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.portal_stack import ARTIFACTS, PortalStack, portal_stack
from tests.support.browser import require_chromium
from tests.support.services import ServiceEndpoints

pytestmark = pytest.mark.timeout(900)

JOB_TIMEOUT = 120_000  # ms: a job followed live on its page
UI_TIMEOUT = 20_000
JOB_URL = re.compile(r"/ui/jobs/([0-9a-f-]{36})$")
TERMINAL = re.compile(r"^(Completed|Failed|Cancelled)$")
expect.set_options(timeout=UI_TIMEOUT)


@pytest.fixture(scope="module")
def stack(service_env: dict[str, str], services: ServiceEndpoints) -> Iterator[PortalStack]:
    with portal_stack(service_env, services.postgres_url) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox"]
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(UI_TIMEOUT)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


def _api(stack: PortalStack, path: str) -> Any:
    answer = httpx.get(f"{stack.api}{path}", headers=stack.headers(), timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _shot(page: Page, name: str) -> None:
    """A screenshot of the screen as it settled: toasts dismissed, wide tables scrolled back left."""
    page.wait_for_load_state("networkidle")
    dismiss = page.get_by_role("button", name="Dismiss")
    while dismiss.count():
        dismiss.first.click()
    page.evaluate("document.querySelectorAll('*').forEach((e) => { if (e.scrollLeft) e.scrollLeft = 0; })")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _sign_in(page: Page, stack: PortalStack, role: str) -> None:
    page.goto(stack.url)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert "/ui/signin" in page.url
    page.get_by_label("API key").fill(stack.keys[role])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("banner").get_by_text(f"portal-{role}", exact=True)).to_be_visible()
    expect(page.get_by_role("banner").get_by_text(role.capitalize(), exact=True)).to_be_visible()


def _nav(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=label).click()


def _follow_job(page: Page, stack: PortalStack, title: str) -> dict[str, Any]:
    """On a job's page: its heading, then its status live until it ends; the job as the API has it."""
    page.wait_for_url(JOB_URL)
    match = JOB_URL.search(page.url)
    assert match is not None, page.url
    job_id = match.group(1)
    heading = page.get_by_role("heading", level=1, name=title)
    expect(heading).to_be_visible()
    status = heading.locator("xpath=..").get_by_text(TERMINAL)
    expect(status).to_be_visible(timeout=JOB_TIMEOUT)
    job: dict[str, Any] = _api(stack, f"/job/{job_id}")
    assert status.inner_text() == "Completed", job
    assert job["status"] == "completed", job
    return job


def _dataset_of(job: dict[str, Any]) -> str:
    result = job.get("result") or {}
    dataset = result.get("dataset_version_id")
    assert dataset, job
    return str(dataset)


def test_operator_discovers_masks_subsets_and_provisions(page: Page, stack: PortalStack) -> None:
    # 1. Sign in: the portal sends a visitor to sign-in; the header shows the key's name and role.
    _sign_in(page, stack, "operator")
    expect(page.get_by_role("heading", name="Welcome, portal-operator")).to_be_visible()
    _shot(page, "dashboard-empty")

    # 2. Schema Explorer: discover Pagila through the saved connection, follow the job live.
    _nav(page, "Schema Explorer")
    expect(page.get_by_role("heading", level=1, name="Schema Explorer")).to_be_visible()
    page.get_by_role("button", name="Discover a database").click()
    dialog = page.get_by_role("dialog", name="Discover a database")
    dialog.get_by_label("Connection").select_option(label=stack.connection_name)
    dialog.get_by_role("button", name="Discover").click()
    page.wait_for_url(JOB_URL)
    # node names arrive over the event stream while the job runs
    expect(page.get_by_text("save_metadata", exact=True)).to_be_visible(timeout=JOB_TIMEOUT)
    _follow_job(page, stack, "Schema discovery")
    _shot(page, "job-discovery")

    # The schema discovered through the saved connection (other tests of the session may have theirs).
    connection = next(
        c for c in _api(stack, "/connections?limit=100")["items"] if c["name"] == stack.connection_name
    )
    schemas = [
        s for s in _api(stack, "/schemas?limit=100")["items"] if s["source_connection_id"] == connection["id"]
    ]
    assert len(schemas) == 1, schemas
    schema = schemas[0]

    # 3. The schema: classify PII, see the badges, override one label.
    _nav(page, "Schema Explorer")
    expect(page.get_by_role("link", name=schema["name"])).to_be_visible()
    _shot(page, "schemas")
    page.get_by_role("link", name=schema["name"]).click()
    expect(page.get_by_role("heading", level=1, name=schema["name"])).to_be_visible()
    page.get_by_role("button", name="Classify PII").click()
    _follow_job(page, stack, "PII classification")
    _shot(page, "job-monitor")
    # back through the navigation: what the job made shows without a reload
    _nav(page, "Schema Explorer")
    page.get_by_role("link", name=schema["name"]).click()
    expect(page.get_by_role("heading", level=1, name=schema["name"])).to_be_visible()
    tables = page.get_by_role("list", name="Tables")
    tables.get_by_role("button", name=re.compile(r"^(public\.)?customer(?![_a-z])")).click()
    expect(page.get_by_role("button", name="PII label of email: Email")).to_be_visible()
    last_name = page.get_by_role("button", name=re.compile(r"^PII label of last_name: "))
    expect(last_name).to_be_visible()
    before = last_name.get_attribute("title") or last_name.inner_text()
    relabel = ("last_name", "Last name") if "Person name" in before else ("person_name", "Person name")
    new_type, new_label = relabel
    page.get_by_role("button", name="Edit the PII label of last_name").click()
    override = page.get_by_role("dialog", name="Set the PII label")
    override.get_by_label("PII type").select_option(new_type)
    override.get_by_role("button", name="Save label").click()
    expect(override).to_be_hidden()
    relabelled = page.get_by_role("button", name=f"PII label of last_name: {new_label}")
    expect(relabelled).to_be_visible()
    expect(relabelled).to_contain_text("reviewed")
    _shot(page, "schema-explorer")
    page.get_by_role("tab", name="Diagram").click()
    page.wait_for_timeout(500)
    _shot(page, "schema-diagram")

    # 4. Masking Rule Builder: rules proposed from the PII map, saved as a named rule set.
    _nav(page, "Masking Rules")
    expect(page.get_by_role("heading", level=1, name="Masking Rule Builder")).to_be_visible()
    page.get_by_label("Schema", exact=True).select_option(schema["id"])
    auto = page.get_by_role("button", name="Auto from PII")
    expect(auto).to_be_enabled()
    auto.click()
    expect(page.get_by_text(re.compile(r"^Proposed \d+ rules? from the PII map$"))).to_be_visible()
    save_form = page.get_by_role("form", name="Save the rule set")
    save_form.get_by_label("Rule set name").fill("portal-rules")
    save_form.get_by_role("button", name="Save rule set").click()
    saved = page.get_by_role("list", name="Saved rule sets")
    expect(saved.get_by_text("portal-rules", exact=True)).to_be_visible()
    _shot(page, "masking")

    # 5. Subset Builder: customers of store 1, sampled, so it stays small.
    _nav(page, "Subset Builder")
    expect(page.get_by_role("heading", level=1, name="Subset Builder")).to_be_visible()
    page.get_by_role("combobox", name=re.compile("^Schema")).select_option(schema["id"])
    expect(page.get_by_role("combobox", name=re.compile("^Connection"))).not_to_have_value("")
    expect(page.get_by_role("combobox", name=re.compile("^Version"))).not_to_have_value("")
    page.get_by_role("combobox", name=re.compile("^Root table")).select_option("customer")
    page.get_by_role("button", name="Add a filter").click()
    first = page.get_by_role("group", name="Filter 1")
    first.get_by_role("combobox", name="Table").select_option("customer")
    first.get_by_role("combobox", name="Column").select_option("store_id")
    first.get_by_role("combobox", name="Operator").select_option("in")
    first.get_by_role("textbox", name="Values").fill("1")
    page.get_by_role("spinbutton", name="Sampling (%)").fill("10")
    page.get_by_role("textbox", name="Dataset name").fill("portal subset")
    _shot(page, "subset")
    page.get_by_role("button", name="Run subset").click()
    subset = _follow_job(page, stack, "Subset")
    subset_id = _dataset_of(subset)

    # 6. Masking: the subset, masked with the saved rule set (the Run panel).
    _nav(page, "Masking Rules")
    page.get_by_label("Schema", exact=True).select_option(schema["id"])
    run = page.get_by_role("form", name="Run masking")
    run.get_by_label("Dataset version").select_option(subset_id)
    run.get_by_label("Rules").select_option(label="portal-rules v1")
    run.get_by_label("Dataset name").fill("portal masked")
    run.get_by_role("button", name="Run masking").click()
    masked = _follow_job(page, stack, "Mask")
    masked_id = _dataset_of(masked)
    assert masked_id != subset_id

    # 7. Provisioning Console: the masked dataset into the environment; the rows are there.
    _nav(page, "Provisioning")
    expect(page.get_by_role("heading", level=1, name="Provisioning Console")).to_be_visible()
    page.get_by_role("radio", name=re.compile("portal masked")).check()
    page.get_by_role("radio", name=re.compile(f"^{re.escape(stack.environment_name)}")).check()
    _shot(page, "provision")
    page.get_by_role("button", name="Provision", exact=True).click()
    _follow_job(page, stack, "Provision")
    _shot(page, "job-provision")
    with psycopg.connect(stack.environment_url) as conn:
        row = conn.execute("SELECT count(*) FROM customer").fetchone()
    assert row is not None and row[0] > 0

    # 8. Dataset Catalog: the masked dataset's lineage, from the schema version to the environment.
    _nav(page, "Dataset Catalog")
    catalog = page.get_by_role("table", name="Dataset versions")
    masked_row = catalog.get_by_role("row", name=re.compile("portal masked"))
    expect(masked_row.get_by_role("cell", name="Masked", exact=True)).to_be_visible()
    expect(catalog.get_by_role("row", name=re.compile("portal subset"))).to_be_visible()
    _shot(page, "datasets")
    masked_row.get_by_role("link", name=masked_id[:8]).click()
    expect(page.get_by_role("heading", level=1, name="portal masked")).to_be_visible()
    page.get_by_role("tab", name=re.compile("Lineage")).click()
    graph = page.get_by_role("group", name=re.compile(r"^Lineage graph: \d+ nodes"))
    expect(graph).to_be_visible()
    expect(graph.get_by_role("button", name=re.compile("^Schema version"))).to_be_visible()
    expect(graph.get_by_role("button", name=f"Dataset version {subset_id[:8]}")).to_be_visible()
    expect(graph.get_by_role("button", name="Dataset version portal masked (this dataset)")).to_be_visible()
    expect(graph.get_by_role("button", name=f"Environment {stack.environment_name}")).to_be_visible()
    _shot(page, "lineage")

    # 9. The remaining modules, for the record.
    _nav(page, "Synthetic Generator")
    expect(page.get_by_role("heading", level=1, name="Synthetic Data Generator")).to_be_visible()
    _shot(page, "synthetic")
    _nav(page, "Job Monitor")
    expect(page.get_by_role("heading", level=1, name="Job Monitor")).to_be_visible()
    jobs = page.get_by_role("table", name="Jobs")
    for operation in ("Schema discovery", "PII classification", "Subset", "Mask", "Provision"):
        # .first: other tests of the session may have run jobs of the same operation
        expect(jobs.get_by_text(operation, exact=True).first).to_be_visible()
    _shot(page, "jobs")
    _nav(page, "Dashboard")
    expect(page.get_by_role("heading", name="Welcome, portal-operator")).to_be_visible()
    recent = page.locator("section", has=page.get_by_role("heading", name="Recent jobs"))
    expect(recent.get_by_role("link", name=re.compile("^Provision")).first).to_be_visible()
    _shot(page, "dashboard")
    # docs/screenshots holds copies of dashboard, schema-explorer, job-monitor and lineage (for the README).
    for name in ("dashboard", "schema-explorer", "job-monitor", "lineage"):
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000


def _some_job(stack: PortalStack) -> str:
    """A job's id: the operator's scenario leaves several; run alone, a discovery through the API."""
    jobs = _api(stack, "/jobs?limit=1")["items"]
    if jobs:
        return str(jobs[0]["id"])
    connections = _api(stack, "/connections")["items"]
    connection = next(c for c in connections if c["name"] == stack.connection_name)
    accepted = httpx.post(
        f"{stack.api}/discover-schema",
        headers=stack.headers(),
        json={"connection_id": connection["id"]},
        timeout=30,
    )
    assert accepted.status_code == 202, accepted.text
    job_id = str(accepted.json()["job_id"])
    deadline = time.monotonic() + JOB_TIMEOUT / 1000
    while _api(stack, f"/job/{job_id}")["status"] != "completed":
        assert time.monotonic() < deadline, _api(stack, f"/job/{job_id}")
        time.sleep(0.5)
    return job_id


def test_viewer_sees_no_run_actions(page: Page, stack: PortalStack) -> None:
    job_id = _some_job(stack)  # a schema to show, and a job
    _sign_in(page, stack, "viewer")

    _nav(page, "Schema Explorer")
    expect(page.get_by_role("heading", level=1, name="Schema Explorer")).to_be_visible()
    expect(page.get_by_role("button", name="Refresh")).to_be_visible()
    expect(page.get_by_role("button", name="Discover a database")).to_have_count(0)

    _nav(page, "Subset Builder")
    expect(page.get_by_role("heading", level=1, name="Subset Builder")).to_be_visible()
    expect(page.get_by_role("button", name="Run subset")).to_have_count(0)

    _nav(page, "Masking Rules")
    expect(page.get_by_role("heading", level=1, name="Masking Rule Builder")).to_be_visible()
    expect(page.get_by_role("heading", name="Saved rule sets")).to_be_visible()
    expect(page.get_by_role("button", name="Save rule set")).to_have_count(0)
    expect(page.get_by_role("button", name="Run masking")).to_have_count(0)
    expect(page.get_by_role("button", name="Auto from PII")).to_have_count(0)

    job_id = _some_job(stack)
    page.goto(f"{stack.url}jobs/{job_id}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("tab", name="Progress")).to_be_visible()
    for action in ("Cancel", "Approve", "Reject"):
        expect(page.get_by_role("button", name=re.compile(f"^{action}"))).to_have_count(0)
    _shot(page, "viewer-job")

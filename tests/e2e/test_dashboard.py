"""The dashboard in a real headless Chromium against `percorsi demo` on the small dataset.

One demo server for the module (seeding takes seconds); each test opens its own page and ends by
checking the browser console has no errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import sync_playwright

from infra.bootstrap import build
from infra.settings import Settings
from infra.synthetic import personal_values
from projections.queries import AnalyticsReader, Filters, referrals_by_year

from .test_dashboard_support import (
    ANALYTICS_PAGES,
    AUDITOR,
    CHROMIUM_ARGS,
    MANAGER,
    TOGGLES,
    Console,
    DemoServer,
    demo_server,
    show_tables,
    sign_in,
    wait_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("dashboard")]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    with demo_server(tmp_path_factory.mktemp("dash") / "var", "--no-follow") as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


def a_case_id(data_dir: Path) -> str:
    runtime = build(Settings(data_dir=data_dir), reveal=False, load_catalogue=False)
    try:
        page = runtime.app.recorder.select_notifications(
            0, 1, topics=["domain.case.aggregate:Case.Referred"]
        )
        return str(page[0].originator_id)
    finally:
        runtime.close()


def a_long_case_id(data_dir: Path) -> str:
    """The case with the most events: its history runs over several screens."""
    runtime = build(Settings(data_dir=data_dir), reveal=False, load_catalogue=False)
    try:
        counts: dict[str, int] = {}
        after = 0
        while page := runtime.app.recorder.select_notifications(
            after, 5000, inclusive_of_start=False
        ):
            after = page[-1].id
            for n in page:
                if n.topic.startswith("domain.case.aggregate:Case."):
                    key = str(n.originator_id)
                    counts[key] = counts.get(key, 0) + 1
        return max(counts, key=lambda k: counts[k])
    finally:
        runtime.close()


TABLE_ONLY = {"indicators"}


def test_every_page_loads_without_console_errors(server: DemoServer, page: Any) -> None:
    console = Console(page)
    sign_in(page, server.url, MANAGER)
    for path, name in ANALYTICS_PAGES.items():
        page.goto(server.url + path)
        wait_page(page, name)
        assert page.locator(f"#{name}-body .page-blocked").count() == 0, name
        assert "aggiornati all'evento" in page.inner_text(f"#{name}-position")
        if name in TABLE_ONLY:  # the funders' table: no chart to title
            continue
        page.wait_for_selector(f"#{name}-body .gtitle")
        titles = page.locator(f"#{name}-body .gtitle").all_text_contents()
        assert titles and all("n = " in title for title in titles), (name, titles)
    assert console.errors == []


def test_audit_page_for_auditors_only(server: DemoServer, page: Any) -> None:
    console = Console(page)
    sign_in(page, server.url, MANAGER)
    assert page.locator("text=Audit").count() == 0 or not page.is_visible("text=Audit")
    page.goto(server.url + "/audit")
    page.wait_for_selector("#audit-chain .page-blocked")
    assert "ruolo" in page.inner_text("#audit-chain")

    sign_in(page, server.url, AUDITOR)
    page.goto(server.url + "/audit")
    # The quick check from the last verified checkpoint (ADR 0014); with no mark yet the page
    # answers "checking" at once and polls while the full check runs behind (ADR 0024), which
    # under a loaded CI can take longer than Playwright's default 30 s.
    page.wait_for_selector("#audit-chain-status", timeout=180_000)
    assert "integri" in page.inner_text("#audit-chain-status")
    assert page.is_visible("#audit-chain-full")  # auditors may ask for the full check
    page.fill("#audit-case", a_case_id(server.data_dir))
    page.click("#audit-load")
    page.wait_for_selector("#audit-v1")
    versions = page.locator("#audit-timeline .list-group-item").count()
    assert versions >= 3
    assert "Stato alla versione" in page.inner_text("#audit-state")
    page.fill("#audit-date", "2000-01-01")  # before the case existed: a clear message
    page.press("#audit-date", "Enter")
    page.wait_for_selector("#audit-error")
    assert "non esisteva ancora" in page.inner_text("#audit-error")  # Italian, not the domain's
    assert console.errors == []


def _overview_n(page: Any) -> int:
    page.wait_for_selector("#overview-body .gtitle")
    title = page.locator("#overview-body .gtitle").first.text_content() or ""
    return int(re.sub(r"\D", "", title.split("n =")[1]))


def test_filters_change_figures_and_live_in_the_url(server: DemoServer, page: Any) -> None:
    console = Console(page)
    sign_in(page, server.url, MANAGER)
    page.goto(server.url + "/")
    wait_page(page, "overview")
    everything = _overview_n(page)
    women = page.inner_text("#overview-women_supported")
    page.click("#filter-programmes")
    page.keyboard.type("Les Femmes")
    # Under load the first keys can arrive before the search box has focus, and Enter then
    # picks the first programme: choose the option once it is the one on offer.
    page.get_by_role("option", name=re.compile("Les Femmes")).first.click()
    page.wait_for_function("() => location.search.includes('prog=')")
    wait_page(page, "overview")
    page.wait_for_function(
        "w => { const e = document.getElementById('overview-women_supported');"
        " return e !== null && e.textContent !== w; }",
        arg=women,
    )
    assert parse_qs(urlparse(page.url).query)["prog"] == ["LESFEMMES"]
    assert _overview_n(page) < everything
    shared = page.url  # the same view, opened afresh from its link
    page.goto(shared)
    wait_page(page, "overview")
    assert page.inner_text("#filter-programmes").strip().startswith("Les Femmes")
    assert console.errors == []


def test_language_switch(server: DemoServer, page: Any) -> None:
    console = Console(page)
    sign_in(page, server.url, MANAGER)
    page.goto(server.url + "/outcomes")
    wait_page(page, "outcomes")
    assert page.inner_text("#outcomes-page h1") == "Esiti"
    assert page.evaluate("document.documentElement.lang") == "it"  # what screen readers speak
    page.click("#shell-lang label:has-text('EN')")
    page.wait_for_function("() => location.search.includes('lang=en')")
    page.wait_for_function(
        "() => document.querySelector('#outcomes-page h1').textContent === 'Outcomes'"
    )
    wait_page(page, "outcomes")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    assert "Figures as of event no." in page.inner_text("#outcomes-position")
    assert "Programmes" in page.inner_text("#filter-bar")
    assert console.errors == []


def test_csv_download(server: DemoServer, page: Any, tmp_path: Path) -> None:
    console = Console(page)
    sign_in(page, server.url, MANAGER)
    page.goto(server.url + "/")
    wait_page(page, "overview")
    with page.expect_download() as info:
        page.click("text=Scarica CSV")
    target = tmp_path / "referrals.csv"
    info.value.save_as(target)
    lines = target.read_text(encoding="utf-8-sig").strip().splitlines()
    assert lines[0].replace('"', "").split(",") == ["Anno", "Progetto", "Invii"]
    assert len(lines) > 10
    assert any("soppresso" in line for line in lines[1:])
    assert console.errors == []


def test_tables_wait_until_asked_and_the_csv_needs_no_grid(
    server: DemoServer, page: Any, tmp_path: Path
) -> None:
    """A page draws its charts and no grid; "Mostra tabella" draws one card's grid (and says it
    is open), the tab keeps it open across a redraw, and the CSV holds the rows the grid
    shows, written without the grid."""
    console = Console(page)
    sign_in(page, server.url, MANAGER)
    page.goto(server.url + "/activities")
    wait_page(page, "activities")
    toggles = page.locator(TOGGLES)
    assert toggles.count() == 4
    assert page.locator(".ag-root-wrapper").count() == 0
    assert set(toggles.all_inner_texts()) == {"Mostra tabella"}
    described = page.evaluate(  # each button says which chart it belongs to
        "sel => [...document.querySelectorAll(sel)].map(b => document.getElementById("
        "b.getAttribute('aria-describedby')).textContent)",
        TOGGLES,
    )
    assert described == [
        "Tipi di attività",
        "Invii ad altri servizi",
        "Gruppi: incontri per anno",
        "Spazio di ascolto: colloqui per anno",
    ]
    wrap = "#activities-referrals-table-wrap"
    with page.expect_download() as info:
        page.click(f"{wrap} button:has-text('Scarica CSV')")
    assert info.value.suggested_filename == "activities-referrals-table.csv"
    target = tmp_path / "referrals.csv"
    info.value.save_as(target)
    lines = target.read_text(encoding="utf-8-sig").strip().splitlines()
    assert lines[0].replace('"', "").split(",")[:2] == ["Anno", "Servizio"], lines[0]
    assert page.locator(".ag-root-wrapper").count() == 0  # still no grid drawn

    toggle = page.locator(f"{wrap} {TOGGLES}")
    toggle.click()
    page.wait_for_selector(f"{wrap} .ag-row")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert toggle.inner_text() == "Nascondi tabella"
    controlled = page.evaluate(  # aria-controls names the element that holds the grid
        "id => document.getElementById(id).querySelectorAll('.ag-root-wrapper').length",
        toggle.get_attribute("aria-controls"),
    )
    assert controlled == 1
    assert page.locator(".ag-root-wrapper").count() == 1
    rows = page.evaluate(
        "() => dash_ag_grid.getApi('activities-referrals-table-grid').getDisplayedRowCount()"
    )
    assert rows == len(lines) - 1 and rows > 10
    first = page.locator(f"{wrap} .ag-row[row-index='0'] .ag-cell").all_inner_texts()
    assert [c.strip() for c in first] == lines[1].strip('"').split('","')

    page.goto(server.url + "/activities?lang=en")  # a redraw: the tab remembers what it opened
    wait_page(page, "activities")
    page.wait_for_selector(f"{wrap} .ag-row")
    assert toggle.inner_text() == "Hide table"
    assert page.locator(".ag-root-wrapper").count() == 1
    toggle.click()
    page.wait_for_selector(f"{wrap} .ag-root-wrapper", state="detached")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.inner_text() == "Show table"
    assert show_tables(page) == 4
    assert console.errors == []


def test_suppressed_cells_are_marked(server: DemoServer, page: Any) -> None:
    reader = AnalyticsReader.beside(Settings(data_dir=server.data_dir).duckdb_path)
    hidden = referrals_by_year(reader, Filters(), 10).frame
    reader.close()
    assert hidden["suppressed"].sum() > 0  # the small dataset has small cells to hide
    console = Console(page)
    sign_in(page, server.url, MANAGER)
    page.goto(server.url + "/")
    wait_page(page, "overview")
    show_tables(page)
    cells = page.locator("#overview-body .cell-suppressed")
    assert cells.count() > 0
    assert cells.first.inner_text().strip() == "soppresso"
    assert page.locator("#overview-referrals .legendtext:has-text('soppresso')").count() == 1
    assert "cella soppressa" in page.inner_text("#overview-referrals-note")
    assert console.errors == []


def test_no_personal_value_reaches_any_page(server: DemoServer, page: Any) -> None:
    runtime = build(Settings(data_dir=server.data_dir), load_catalogue=False)
    try:
        secrets = personal_values(runtime)
    finally:
        runtime.close()
    assert len(secrets) > 100
    sign_in(page, server.url, AUDITOR)
    seen: dict[str, str] = {}
    for path, name in ANALYTICS_PAGES.items():
        page.goto(server.url + path)
        wait_page(page, name)
        seen[path] = page.content()
    page.goto(server.url + "/audit")
    page.fill("#audit-case", a_case_id(server.data_dir))
    page.click("#audit-load")
    page.wait_for_selector("#audit-v1")
    seen["/audit"] = page.content()
    leaks = {(path, value) for path, html in seen.items() for value in secrets if value in html}
    assert leaks == set()


def test_as_of_an_earlier_log_position(server: DemoServer, page: Any) -> None:
    reader = AnalyticsReader.beside(Settings(data_dir=server.data_dir).duckdb_path)
    live = reader.position
    reader.close()
    console = Console(page)
    sign_in(page, server.url, MANAGER)
    page.goto(server.url + "/")
    wait_page(page, "overview")
    now = _overview_n(page)
    page.goto(f"{server.url}/?pos={live // 2}")
    wait_page(page, "overview", timeout=90_000)
    position = int(re.sub(r"\D", "", page.inner_text("#overview-position")))
    assert position <= live // 2
    assert _overview_n(page) < now
    assert page.input_value("#filter-pos") == str(live // 2)
    assert console.errors == []


def test_audit_filters_event_types_keeps_the_state_in_view_and_checks_fully_on_demand(
    server: DemoServer, browser: Any
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 600})
    page = context.new_page()
    page.set_default_timeout(30_000)
    console = Console(page)
    sign_in(page, server.url, AUDITOR)
    page.goto(server.url + "/audit")
    page.wait_for_selector("#audit-chain-mode")
    assert re.search(r"Verifica (rapida|completa)", page.inner_text("#audit-chain-mode"))
    page.fill("#audit-case", a_long_case_id(server.data_dir))
    page.click("#audit-load")
    page.wait_for_selector("#audit-v1")
    items = page.locator("#audit-timeline .list-group-item")
    every = items.count()
    assert every >= 8

    # The event-type filter: only referrals (and any correction of them) remain.
    page.check("#audit-kinds-wrap label:has-text('Segnalazione al programma')")
    page.wait_for_function(
        f"document.querySelectorAll('#audit-timeline .list-group-item').length < {every}"
    )
    shown = items.evaluate_all("els => els.map(e => [e.id, e.className])")
    assert shown[0][0] == "audit-v1"
    assert all("audit-correction" in css for _, css in shown[1:]), shown
    page.uncheck("#audit-kinds-wrap label:has-text('Segnalazione al programma')")
    page.wait_for_function(
        f"document.querySelectorAll('#audit-timeline .list-group-item').length == {every}"
    )

    # The state panel stays in view while the history scrolls.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("window.scrollY > 300")
    panel = page.locator("#audit-state")
    assert panel.evaluate("e => getComputedStyle(e).position") == "sticky"
    top = panel.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < 100, top
    assert "Stato alla versione" in panel.inner_text()

    # The full verification on demand recomputes the whole log.
    page.evaluate("window.scrollTo(0, 0)")
    page.click("#audit-chain-full")
    page.wait_for_function(
        "(document.querySelector('#audit-chain-mode') || {})"
        ".innerText?.includes('Verifica completa')"
    )
    assert "integri" in page.inner_text("#audit-chain-status")
    assert console.errors == []
    context.close()

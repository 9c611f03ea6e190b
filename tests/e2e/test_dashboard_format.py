"""What the dashboard prints, read in a real headless Chromium against `percorsi demo` (small).

Tables, CSVs, legends and axes in both languages: suppressed cells read "soppresso"/"suppressed"
(never AG Grid's "Invalid Number"), headers are words (never a query column's name), programmes
go by their names (never their codes), Italian pages write Italian numbers, and the sign-in page
says nothing before a token is tried. Screenshots of every page (both languages, desktop and
phone) land in var/screenshots/ for people and CI artefacts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect, sync_playwright

from dashboard.i18n import COLUMNS

from .test_dashboard_support import (
    ANALYTICS_PAGES,
    CHROMIUM_ARGS,
    MANAGER,
    ROOT,
    Console,
    DemoServer,
    demo_server,
    show_tables,
    sign_in,
    wait_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("dashboard_format")]

SHOTS = ROOT / "var" / "screenshots"
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
# a column whose header would read the same as its name ("n") is not a leak
RAW_NAMES = {name for name, pair in COLUMNS.items() if name not in pair}
CODES = re.compile(r"\b(LESFEMMES|AZIONI1516|BILLAN2?|SOSTENGO)\b")
CHART_TEXT = ".legendtext, .xtick, .ytick, .gtitle, .g-xtitle, .g-ytitle"
GRID_ENGLISH = ("No Rows To Show", "Equals", "Contains", "Filter...", "Loading...")
THOUSANDS = {"it": re.compile(r"^\d{1,3}(\.\d{3})+$"), "en": re.compile(r"^\d{1,3}(,\d{3})+$")}
SHARE = {"it": re.compile(r"\d,\d\u00a0%"), "en": re.compile(r"\d\.\d%")}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    with demo_server(tmp_path_factory.mktemp("dashfmt") / "var", "--no-follow") as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _tab(browser: Any) -> tuple[Any, Any]:
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    return context, tab


def _shoot(page: Any, name: str, lang: str) -> None:
    """A full-page screenshot at desktop size, then at phone size (the grid and plots reflow)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{lang}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / f"{name}-{lang}-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def test_sign_in_says_nothing_before_a_token_is_tried(server: DemoServer, browser: Any) -> None:
    context, page = _tab(browser)
    try:
        console = Console(page)
        for lang in ("it", "en"):
            page.goto(server.url + "/signin" + ("?lang=en" if lang == "en" else ""))
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
            assert page.inner_text("#signin-message").strip() == ""
            _shoot(page, "signin", lang)
        page.click("#signin-submit")  # an empty field is no attempt either
        page.wait_for_timeout(500)
        assert page.inner_text("#signin-message").strip() == ""
        page.fill("#signin-token", "not-a-token")
        page.click("#signin-submit")
        page.wait_for_selector("#signin-message .alert-danger")
        assert "Unknown or revoked token." in page.inner_text("#signin-message")
        assert console.errors == []
    finally:
        context.close()


HTML_TABLE_PAGES = {"indicators", "impact"}  # plain HTML tables (ADR 0025)
"""Pages whose table is a plain HTML table in the funder's layout, not an AG Grid."""


def _check_page(page: Any, name: str, lang: str) -> None:
    assert show_tables(page) > 0, name
    headers = [h.strip() for h in page.locator(".ag-header-cell-text").all_text_contents()]
    assert headers and not RAW_NAMES & set(headers), (name, lang, headers)
    grids = " ".join(page.locator(".ag-root-wrapper").all_text_contents())
    assert "Invalid Number" not in grids, (name, lang)
    charts = " ".join(page.locator(CHART_TEXT).all_text_contents())
    assert not CODES.search(grids + " " + charts), (name, lang, CODES.findall(grids + charts))
    if lang == "it":
        assert not [w for w in GRID_ENGLISH if w in grids], (name, grids[:300])


def test_tables_charts_and_numbers_read_in_each_language(server: DemoServer, browser: Any) -> None:
    for lang in ("it", "en"):
        context, page = _tab(browser)
        try:
            console = Console(page)
            sign_in(page, server.url, MANAGER)
            query = "?lang=en" if lang == "en" else ""
            for path, name in ANALYTICS_PAGES.items():
                page.goto(server.url + path + query)
                wait_page(page, name)
                if name in HTML_TABLE_PAGES:
                    continue  # no grid: its table is checked by test_dashboard_indicators/design
                _check_page(page, name, lang)
                if name == "privacy":  # log positions past 10 000, shares as percentages
                    position = page.inner_text("#privacy-status-position").strip()
                    assert THOUSANDS[lang].match(position), position
                    shares = page.locator("#privacy-completeness-table-wrap .ag-row")
                    assert SHARE[lang].search(" ".join(shares.all_text_contents()))
                _shoot(page, name, lang)
            page.goto(server.url + "/outcomes" + query)
            wait_page(page, "outcomes")
            show_tables(page)  # already open: the tab remembers the tables it opened
            suppressed = page.locator("#outcomes-follow-table-wrap .cell-suppressed")
            assert suppressed.count() > 0
            # the grid fills its cells after drawing them: wait for the text, then compare
            expect(suppressed.first).to_have_text("suppressed" if lang == "en" else "soppresso")
            assert console.errors == [], (lang, console.errors)
        finally:
            context.close()


def test_italian_grid_speaks_italian_and_csv_says_soppresso(
    server: DemoServer, browser: Any, tmp_path: Path
) -> None:
    context, page = _tab(browser)
    try:
        console = Console(page)
        sign_in(page, server.url, MANAGER)
        page.goto(server.url + "/?prog=SOSTENGO&years=2006-2008")  # Sostengo began later
        wait_page(page, "overview")
        show_tables(page)
        assert page.inner_text(".ag-overlay-no-rows-center").strip() == "Nessuna riga da mostrare"
        page.goto(server.url + "/outcomes")
        wait_page(page, "outcomes")
        show_tables(page)
        page.locator("#outcomes-follow-table-wrap .ag-header-cell-filter-button").first.click()
        menu = page.wait_for_selector(".ag-filter")
        assert "Uguale a" in menu.inner_text()
        with page.expect_download() as info:
            page.click("#outcomes-follow-table-wrap button:has-text('Scarica CSV')")
        target = tmp_path / "follow.csv"
        info.value.save_as(target)
        lines = target.read_text(encoding="utf-8-sig").strip().splitlines()
        header = lines[0].replace('"', "").split(",")
        assert header[:3] == ["Coorte", "Momento", "Dovute"] and not RAW_NAMES & set(header)
        body = "\n".join(lines[1:])
        assert "soppresso" in body and "Invalid Number" not in body and "NaN" not in body
        assert console.errors == []
    finally:
        context.close()

"""The design system checked in a real Chromium against `percorsi demo` (issue 16).

Every analytics page, in both languages and at desktop (1366×900) and phone (390×844) size:
axe-core finds no serious or critical violation, no tick label sticks out of its chart, nothing
scrolls sideways on a phone, Italian pages hold no English sentence from the catalogue, and
screenshots land in var/screenshots/dashboard/ (CI keeps them as artefacts). Then every page
under each single filter: no console error, and no chart left as bare axes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from dashboard.components.style import PROGRAMME_COLOURS
from dashboard.i18n import COLUMNS, TEXT
from dashboard.i18n_impact import IMPACT_NAMES

from .test_dashboard import a_case_id
from .test_dashboard_support import (
    ANALYTICS_PAGES,
    AUDITOR,
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

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("dashboard_design")]

SHOTS = ROOT / "var" / "screenshots" / "dashboard"
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
RAW_NAMES = {name for name, pair in COLUMNS.items() if name not in pair}
# Codes that must never be a table cell a person reads: programme codes and model estimands.
RAW_CELLS = {
    *PROGRAMME_COLOURS,
    *(name for name in IMPACT_NAMES if "_" in name),  # "programme" is also a plain word
}
# Every profile filter, under several noise draws, is drawn in-process without a browser
# (tests/integration/test_pages_under_any_noise.py: no error, no bare axes); the browser
# takes one profile filter and the two "as of" views, which only a running server builds.
SINGLE_FILTERS = ("household=alone", "pos=2000", "date=2012-06-30")
# Each chart's tick labels must sit inside its own drawing (a clipped label sticks out).
TICKS_OUTSIDE = """() => {
  const out = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const box = plot.querySelector('.main-svg').getBoundingClientRect();
    for (const tick of plot.querySelectorAll('.xtick text, .ytick text')) {
      const r = tick.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 ||
          r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        out.push((plot.id || '?') + ': ' + tick.textContent);
      }
    }
  }
  return out;
}"""
# A chart with nothing to draw must say so (meta.insufficient), never show bare axes.
BARE = """() => {
  const bare = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const meta = (plot.layout && plot.layout.meta) || {};
    if (meta.insufficient) continue;
    const drawn = (plot.data || []).some(t =>
      ['x', 'y', 'z', 'values'].some(k => Array.isArray(t[k]) && t[k].some(v => v !== null)) ||
      (t.node && t.node.label && t.node.label.length));
    if (!drawn) bare.push(plot.closest('.dash-graph').id);
  }
  return bare;
}"""


def english_sentences() -> list[str]:
    """Literal English fragments of the catalogue that an Italian page must never show."""
    italian = " ".join(pair[0] for pair in (*TEXT.values(), *COLUMNS.values()))
    found = set()
    for _, english in (*TEXT.values(), *COLUMNS.values()):
        for part in re.split(r"\{[^}]*\}|<br>|[()]", english):
            part = part.strip(" .,:;—–-")
            if len(part) >= 8 and part not in italian:
                found.add(part)
    return [*sorted(found), "No Rows To Show", "Invalid Number", "programme"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    with demo_server(tmp_path_factory.mktemp("dashdesign") / "var", "--no-follow") as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def settle(page: Any) -> None:
    """Until every chart has drawn and every table has rows or its empty message."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.dash-graph')].every(g => g.querySelector("
        "'.main-svg')) && [...document.querySelectorAll('.ag-root-wrapper')].every(g => "
        "g.querySelector('.ag-row, .ag-overlay-no-rows-center'))"
    )
    page.wait_for_timeout(300)


def _serious(axe: Axe, page: Any) -> list[str]:
    result = axe.run(page).response
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _look(page: Any, axe: Axe, english: list[str], where: str) -> list[str]:
    """Screenshot one page as shown and list what reads badly on it (see the module doc)."""
    name, lang, size = where.split("/")
    show_tables(page)  # the tables are read and shown too, not only the charts
    settle(page)
    page.screenshot(path=str(SHOTS / f"{name}-{lang}-{size}.png"), full_page=True)
    problems = [f"{where} clipped {x}" for x in page.evaluate(TICKS_OUTSIDE)]
    text = page.inner_text("body")
    headers = page.locator(".ag-header-cell-text").all_text_contents()
    problems += [f"{where} raw header {h}" for h in headers if h in RAW_NAMES]
    problems += [f"{where} raw name {c}" for c in RAW_CELLS if c in _cells(page)]
    if "Invalid Number" in text:
        problems.append(f"{where} Invalid Number")
    if name == "impact":  # its tables draw at once, wherever they sit on the page
        empty = page.evaluate(
            "() => [...document.querySelectorAll('#impact-body table')]"
            ".filter(t => !t.querySelector('tbody tr td, tbody tr th')).length"
        )
        if empty or page.locator("#impact-dose tbody tr").count() == 0:
            problems.append(f"{where} impact table without rows")
    if size == "phone":
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:
            problems.append(f"{where} scrolls sideways by {wide}px")
        if page.locator(".modebar-container").first.is_visible():
            problems.append(f"{where} chart toolbar visible on a phone")
        return problems
    if lang == "it":
        problems += [f"{where} English: {e!r}" for e in english if e in text]
    return problems + [f"{where} axe {v}" for v in _serious(axe, page)]


def _cells(page: Any) -> set[str]:
    """The text of every table cell on the page (AG Grid and plain tables)."""
    found = page.evaluate(
        "() => [...document.querySelectorAll('.ag-cell, td, th')].map(c => c.innerText.trim())"
    )
    return {str(c) for c in found}


@contextmanager
def signed_in(
    browser: Any, server: DemoServer, token: str, viewport: dict[str, int]
) -> Iterator[Any]:
    """A fresh browser context at `viewport`, signed in with `token`; on leaving, the page's
    console must hold no error."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(30_000)
    console = Console(page)
    try:
        sign_in(page, server.url, token)
        yield page
        assert console.errors == [], (viewport, console.errors)
    finally:
        context.close()


def test_every_page_reads_well_in_each_language_and_size(server: DemoServer, browser: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    axe = Axe()
    english = english_sentences()
    problems: list[str] = []
    for size, viewport in VIEWPORTS.items():
        with signed_in(browser, server, MANAGER, viewport) as page:
            for lang in ("it", "en"):
                for path, name in ANALYTICS_PAGES.items():
                    page.goto(server.url + path + ("?lang=en" if lang == "en" else ""))
                    wait_page(page, name)
                    problems += _look(page, axe, english, f"{name}/{lang}/{size}")
    assert problems == []


def test_the_audit_page_reads_well_with_a_case_loaded(server: DemoServer, browser: Any) -> None:
    """Audit is for auditors and shows one case at a time: signed in as one, with a case."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    axe, english, case = Axe(), english_sentences(), a_case_id(server.data_dir)
    problems: list[str] = []
    for size, viewport in VIEWPORTS.items():
        with signed_in(browser, server, AUDITOR, viewport) as page:
            for lang in ("it", "en"):
                page.goto(server.url + "/audit" + ("?lang=en" if lang == "en" else ""))
                page.wait_for_selector("#audit-chain-status")
                page.fill("#audit-case", case)
                page.click("#audit-load")
                page.wait_for_selector("#audit-v1", state="attached")
                problems += _look(page, axe, english, f"audit/{lang}/{size}")
    assert problems == []


def test_no_console_error_and_no_bare_axes_under_any_single_filter(
    server: DemoServer, browser: Any
) -> None:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.set_default_timeout(30_000)
    console = Console(page)
    bare: list[str] = []
    try:
        sign_in(page, server.url, MANAGER)
        for query in SINGLE_FILTERS:
            for path, name in ANALYTICS_PAGES.items():
                page.goto(f"{server.url}{path}?{query}")
                wait_page(page, name)
                assert page.locator(f"#{name}-body .page-blocked").count() == 0, (name, query)
                bare += [f"{name}?{query}: {plot}" for plot in page.evaluate(BARE)]
                assert console.errors == [], (name, query, console.errors)
    finally:
        context.close()
    assert bare == []


def test_filters_explain_themselves_and_the_phone_shows_figures_first(
    server: DemoServer, browser: Any
) -> None:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.set_default_timeout(30_000)
    console = Console(page)
    try:
        sign_in(page, server.url, MANAGER)
        page.goto(server.url + "/network?age=25-29&prog=EMP")
        wait_page(page, "network")
        page.wait_for_function(
            "() => document.getElementById('filter-toggle').textContent === 'Filtri (2)'"
        )
        assert "Fascia d'età" in page.inner_text("#filter-summary")
        assert page.get_attribute("#filter-age_bands-wrap", "title").startswith(
            "Questa pagina conta organizzazioni"
        )
        assert page.locator("#filter-age_bands[disabled]").count() == 1
        assert page.locator("#filter-programmes[disabled]").count() == 0
        assert page.inner_text("#filter-replay-label") == "Riprodurre un report passato"
        assert re.search(r"Eventi da 1 a \d", page.inner_text("#filter-range"))
        # referrals stop with the lineage; follow-ups after closure run past it (to 2023)
        assert "Donne inviate dal 2006 al 2021" in page.inner_text("#filter-range")
        assert "(gg/mm/aaaa)" in page.inner_text("#filter-date-label")
        assert "posizione del log" not in page.inner_text("body")
        page.wait_for_selector("#network-growth .main-svg")
        growth_end = page.evaluate(
            "() => document.querySelector('#network-growth .js-plotly-plot')"
            "._fullLayout.xaxis.range[1]"
        )
        assert growth_end < 2022  # the growth axis stops with the 2006–2021 slider
        page.click("#filter-toggle")  # open on a desktop, closed after one click
        page.wait_for_selector("#filter-collapse", state="hidden")
        page.set_viewport_size(VIEWPORTS["phone"])
        page.goto(server.url + "/outcomes?lang=en")
        wait_page(page, "outcomes")
        assert not page.is_visible("#filter-programmes")  # collapsed: figures come first
        assert not page.is_visible("#nav-collapse a")  # the menu too, behind its toggler
        page.click("#nav-toggle")
        page.wait_for_selector("#nav-collapse a", state="visible")
        assert page.inner_text("#filter-toggle") == "Filters"
        first_chart = page.locator("#outcomes-follow").bounding_box()
        assert first_chart is not None and first_chart["y"] < 900 + 844  # within two screens
        assert console.errors == []
    finally:
        context.close()

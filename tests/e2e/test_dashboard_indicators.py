"""The Indicators page in a real headless Chromium against `percorsi demo` on `small`.

The funders' table in both languages, its CSV and XLSX downloads, and the signed report,
which must verify against the store's audit key. Ends with no console errors.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import sync_playwright

from infra.report import store_public_key, verify
from infra.settings import Settings

from .test_dashboard_support import (
    CHROMIUM_ARGS,
    MANAGER,
    Console,
    DemoServer,
    demo_server,
    sign_in,
    wait_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("dashboard")]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    with demo_server(tmp_path_factory.mktemp("dash-ind") / "var", "--no-follow") as running:
        yield running


@pytest.fixture
def page(server: DemoServer) -> Iterator[Any]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        yield tab
        context.close()
        browser.close()


def _download(page: Any, button: str, target: Path, timeout: float = 30_000) -> Path:
    with page.expect_download(timeout=timeout) as info:
        page.click(button)
    info.value.save_as(target)
    return target


def test_funders_table_downloads_and_signed_report(
    server: DemoServer, page: Any, tmp_path: Path
) -> None:
    console = Console(page)
    sign_in(page, server.url, MANAGER)
    page.goto(server.url + "/indicators?lang=en")
    wait_page(page, "indicators")
    table = page.inner_text("#indicators-table")
    assert "CO15" in table and "CR06" in table and "not recorded" in table
    headers = page.locator("#indicators-table thead th").all_inner_texts()
    assert "Les Femmes 2017" in headers and not any(h.startswith("LESFEMMES") for h in headers)
    assert page.locator("#indicators-table th[scope=row]").count() == 34

    csv = _download(page, "#indicators-csv", tmp_path / "esf.csv").read_text(encoding="utf-8")
    assert csv.startswith("Code,Indicator,") and "not recorded" in csv
    book = load_workbook(_download(page, "#indicators-xlsx", tmp_path / "esf.xlsx"))
    assert book.active is not None and book.active["A3"].value == "TOT"

    page.goto(server.url + "/indicators?lang=it&prog=EMP")
    wait_page(page, "indicators")
    assert "non rilevato" in page.inner_text("#indicators-table")
    assert "Scarica il rapporto firmato" in page.inner_text("#indicators-page + div")
    bundle = _download(page, "#indicators-report", tmp_path / "report.zip", timeout=180_000)
    folder = tmp_path / "report"
    with zipfile.ZipFile(io.BytesIO(bundle.read_bytes())) as archive:
        names = sorted(archive.namelist())
        archive.extractall(folder)
    assert len(names) == 4 and {Path(n).suffix for n in names} == {".html", ".pdf", ".json", ".sig"}
    manifest = next(folder.glob("*.manifest.json"))
    assert manifest.name.startswith("percorsi-report-EMP-") and manifest.name.endswith(
        "-it.manifest.json"
    )
    assert verify(manifest, store_public_key(Settings(data_dir=server.data_dir))) == []
    assert console.errors == []

"""Helpers for the workspace's browser tests: Chromium, sign-in, filling forms, axe, the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe

from infra.bootstrap import build
from infra.settings import Settings

from .test_dashboard_support import CHROMIUM_ARGS, Console

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots" / "workspace"
SCORES = ("work", "language", "housing", "money", "services", "network", "family", "wellbeing")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

__all__ = ["CHROMIUM_ARGS", "Console"]


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


@contextmanager
def tab(
    browser: Any, viewport: dict[str, int] | None = None, locale: str = "en-US"
) -> Iterator[Any]:
    context = browser.new_context(viewport=viewport or DESKTOP, locale=locale)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        yield page
    finally:
        context.close()


def sign_in(page: Any, url: str, user: str, lang: str = "it") -> None:
    page.goto(f"{url}/workspace/signin?lang={lang}")
    page.fill("#token", f"tok-{user}")
    page.click("button[type=submit]")
    page.wait_for_url("**/workspace/caseload")


def submit(page: Any) -> None:
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")


def flash(page: Any) -> str:
    return str(page.inner_text(".flash")) if page.locator(".flash").count() else ""


def fill(page: Any, values: dict[str, Any]) -> None:
    """Fill controls by name: str → text/select, list → checkboxes, bool → a checkbox."""
    form = page.locator("main form[method=post]")
    for name, value in values.items():
        control = form.locator(f"[name='{name}']")
        if isinstance(value, list):
            for code in value:
                form.locator(f"input[name='{name}'][value='{code}']").check()
        elif isinstance(value, bool):
            (control.check if value else control.uncheck)()
        elif control.first.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)


def record(page: Any, url: str, case_id: str, form: str, values: dict[str, Any]) -> str:
    """Open a case form, fill it, submit; return the confirmation shown."""
    page.goto(f"{url}/workspace/cases/{case_id}/{form}")
    fill(page, values)
    submit(page)
    errors = page.locator(".error, .error-summary, #conflict").all_inner_texts()
    assert not errors, (form, errors)
    return flash(page)


def serious_violations(page: Any) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def case_kinds(settings: Settings, case_id: str) -> list[str]:
    """The kinds of the case's stored events, read from the store itself."""
    from uuid import UUID

    runtime = build(settings, load_catalogue=False)
    try:
        return [type(e).__name__ for e in runtime.app.events.get(UUID(case_id))]
    finally:
        runtime.close()


def access_log_whats(settings: Settings, subject: str) -> list[str]:
    from infra.audit.access_log import entries

    runtime = build(settings, load_catalogue=False)
    try:
        return [e.what for e in entries(runtime, subject_id=subject)]
    finally:
        runtime.close()


def console_errors(console: Console) -> list[str]:
    """Console errors, less the browser's own note on a form answered 409 or 422 on purpose
    (a refused or conflicting submit is re-rendered with that status)."""
    expected = ("status of 409", "status of 422")
    return [e for e in console.errors if not any(x in e for x in expected)]


def analytic_row(settings: Settings, case_id: str) -> dict[str, Any]:
    """After the projection catches up: her case's anonymised row, found by its keyed pseudonym."""
    from uuid import UUID

    import duckdb

    from infra.analytics.runner import project
    from infra.secrets import pseudonym_secret
    from projections.anonymise import Pseudonymiser

    project(settings, progress=False)
    case_key = Pseudonymiser(pseudonym_secret(settings)).key("case", UUID(case_id))
    columns = (
        "programme",
        "year",
        "status",
        "closure_reason",
        "employment_intake",
        "employment_exit",
        "employment_6",
        "activities",
        "hours",
    )
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as db:
        row = db.execute(
            f"SELECT {', '.join(columns)} FROM case_facts WHERE case_key = ?", [case_key]
        ).fetchone()
    assert row is not None, "the case is not in the analytics"
    return dict(zip(columns, row, strict=True))

"""Fixtures' plumbing for the dashboard's browser tests: `percorsi demo` in a subprocess, Chromium.

The demo command itself seeds the small dataset, projects it and serves API + dashboard with
uvicorn on free 127.0.0.1 ports, so these tests also exercise `percorsi demo` end to end.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ANALYTICS_PAGES = {
    "/": "overview",
    "/lineage": "lineage",
    "/outcomes": "outcomes",
    "/distance": "distance",
    "/impact": "impact",
    "/activities": "activities",
    "/network": "network",
    "/privacy": "privacy",
    "/indicators": "indicators",
}
MANAGER, AUDITOR = "demo-token-manager", "demo-token-auditor"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class DemoServer:
    url: str
    api_url: str
    data_dir: Path
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def demo_server(data_dir: Path, *extra: str, timeout: float = 240.0) -> Iterator[DemoServer]:
    """Run `percorsi demo --size small` until the dashboard answers; stop it afterwards."""
    port, api_port = free_port(), free_port()
    env = {
        **os.environ,
        "PERCORSI_DATA_DIR": str(data_dir),
        "PERCORSI_HOST": "127.0.0.1",
        "PERCORSI_DASHBOARD_PORT": str(port),
        "PERCORSI_API_PORT": str(api_port),
    }
    env.pop("PERCORSI_DATABASE_URL", None)
    log_path = data_dir.parent / f"demo-{port}.log"
    command = [
        sys.executable,
        "-c",
        "from infra.cli import main; main()",
        "demo",
        "--size",
        "small",
        "--no-progress",
        *extra,
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    server = DemoServer(
        f"http://127.0.0.1:{port}", f"http://127.0.0.1:{api_port}", data_dir, log_path
    )
    try:
        _wait(server, process, timeout)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait(server: DemoServer, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"percorsi demo exited early:\n{server.log()[-3000:]}")
        try:
            if httpx.get(server.url + "/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"dashboard not up after {timeout} s:\n{server.log()[-3000:]}")


class Console:
    """Collects browser console errors and uncaught page errors."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


def sign_in(page: Any, base: str, token: str) -> None:
    page.goto(base + "/signin")
    page.fill("#signin-token", token)
    page.click("#signin-submit")
    # attached, not visible: on a phone the menu holding the user's name is collapsed
    page.wait_for_selector("#shell-user:not(:empty)", state="attached", timeout=20_000)


def wait_page(page: Any, name: str, timeout: float = 60_000) -> None:
    """Until the page's body callback has answered: a log position, or a blocking message."""
    try:
        _wait_for_body(page, name, timeout)
    except Exception as error:
        body = page.inner_text("body")[-1500:] if page.locator("body").count() else ""
        raise AssertionError(f"page {name} did not render: {error}\n{body}") from None
    page.wait_for_load_state("networkidle")


def _wait_for_body(page: Any, name: str, timeout: float) -> None:
    page.wait_for_function(
        "name => { const p = document.getElementById(name + '-position');"
        " const body = document.getElementById(name + '-body');"
        " return (p && p.textContent.length > 0) ||"
        " (body && body.querySelector('.page-blocked')); }",
        arg=name,
        timeout=timeout,
    )


TOGGLES = "button[id*='\"table-toggle\"']"
"""Each card's "Mostra tabella" button: its table is drawn only when asked (ADR 0029)."""


def show_tables(page: Any) -> int:
    """Open every table on the page and wait until each grid has rows or its empty message;
    returns how many tables the page has."""
    closed = page.eval_on_selector_all(
        TOGGLES + "[aria-expanded='false']", "els => els.map(e => e.id)"
    )
    for toggle in closed:
        page.click(f"[id='{toggle}']")
    total = page.locator(TOGGLES).count()
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel + \"[aria-expanded='true']\").length === n"
        " && document.querySelectorAll('.ag-root-wrapper').length >= n"
        " && [...document.querySelectorAll('.ag-root-wrapper')].every(g =>"
        " g.querySelector('.ag-row, .ag-overlay-no-rows-center'))",
        arg=[TOGGLES, total],
    )
    return int(total)

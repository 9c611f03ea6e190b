"""The dashboard factory: a tiny multi-page Dash app wired to injected ports (DESIGN §6)."""

from __future__ import annotations

import importlib
import sys

import dash
import plotly.io

from . import callbacks, filterbar
from .components import shell
from .ports import DashboardPorts, install

PAGE_MODULES = (
    "overview",
    "lineage",
    "outcomes",
    "distance",
    "impact",
    "activities",
    "network",
    "privacy",
    "indicators",
    "audit",
    "signin",
)


def _load_pages() -> None:
    """Import (or re-import, for a second app in one process) every page module.

    Each page calls `dash.register_page` and declares its callbacks with `dash.callback`, which
    the next app created collects; a re-import registers them again for that app.
    """
    for name in PAGE_MODULES:
        module = f"dashboard.pages.{name}"
        if module in sys.modules:
            importlib.reload(sys.modules[module])
        else:
            importlib.import_module(module)


def create_dashboard(ports: DashboardPorts, *, requests_pathname_prefix: str = "/") -> dash.Dash:
    """Build the app; nothing is read until a page is requested.

    Bootstrap 5 is served from `assets/` (Debian's libjs-bootstrap5, MIT): no CDN is reachable.
    """
    install(ports)
    plotly.io.templates.default = "none"  # figures carry their own light style (figures.WHITE)
    app = dash.Dash(
        "dashboard",
        use_pages=True,
        pages_folder="",
        suppress_callback_exceptions=True,
        title="Percorsi",
        update_title=None,  # type: ignore[arg-type]  # None turns the "Updating…" title off
        requests_pathname_prefix=requests_pathname_prefix,
    )
    _load_pages()
    app.layout = shell.layout
    # Screen readers pick their voice from <html lang>: Italian unless the page says ?lang=en.
    app.index_string = app.index_string.replace("<html>", '<html lang="it">', 1)
    app.clientside_callback(
        "function (search) { var en = /(?:^|[?&])lang=en(?:&|$)/.test(search || '');"
        " document.documentElement.lang = en ? 'en' : 'it'; return en ? 'en' : 'it'; }",
        dash.Output("page-lang", "data"),
        dash.Input("url", "search"),
    )
    callbacks.register(app)
    filterbar.register(app)
    return app

"""`percorsi demo` (the README's `make demo`): seed once, project, serve API and dashboard.

The first run seeds the demo dataset through the application services and builds the analytics;
later runs find the seed complete (the simulator appends nothing twice) and only catch up. The
projection worker keeps following the log in a thread while the servers run, so commands sent
to the API show up on the dashboard within seconds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from ..bootstrap import Runtime, build
from ..settings import Settings
from .errors import friendly

console = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


@dataclass
class Demo:
    """What a demo run has running; `stop()` ends it all (servers, worker, stores)."""

    runtime: Runtime
    tokens: dict[str, str]
    servers: list[Any] = field(default_factory=list)
    threads: list[threading.Thread] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def stop(self, seconds: float = 3.0) -> None:
        """Ask everything to stop and wait at most `seconds` in all (not per thread).

        The projection thread stops between pages (its batch is one DuckDB transaction, so an
        unfinished one is simply not there); a server busy with a long request is not waited
        for past the deadline — the process exits and takes its thread along.
        """
        self.stopping.set()
        for server in self.servers:
            server.should_exit = True
        deadline = time.monotonic() + seconds
        for thread in self.threads:
            thread.join(timeout=max(deadline - time.monotonic(), 0.05))
        with contextlib.suppress(Exception):  # a busy request may still hold a connection
            self.runtime.close()


def seed_demo(runtime: Runtime, size: str, progress: bool) -> None:
    """Seed through the application services; a complete earlier seed makes this a no-op."""
    from ..synthetic import seed

    started = time.perf_counter()
    report = seed(runtime, size=size, progress=progress)
    console.print(f"dati / data: {report}  ({time.perf_counter() - started:.1f} s)")


def prepare(settings: Settings, size: str, progress: bool = True) -> tuple[Runtime, dict[str, str]]:
    """Seed (first run only), project to the head, create the demo users; return their tokens."""
    from ..analytics.runner import project
    from ..api.users import open_user_store

    runtime = build(settings)
    seed_demo(runtime, size, progress)
    started = time.perf_counter()
    status = project(settings, progress=progress)
    console.print(
        f"analisi / analytics: posizione {status.position} ({time.perf_counter() - started:.1f} s)"
    )
    tokens = open_user_store(settings).ensure_demo_users()
    return runtime, tokens


def _thread(target: Any, name: str) -> threading.Thread:
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread


def start(
    settings: Settings, runtime: Runtime, tokens: dict[str, str], follow: bool = True
) -> Demo:
    """Serve the API and the dashboard (uvicorn, in threads) and follow the log."""
    import uvicorn

    from ..analytics.runner import WorkerBusy, project
    from ..api.main import create_app
    from ..dashboard_server import dashboard_server

    demo = Demo(runtime, tokens)
    api = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, runtime),
            host=settings.host,
            port=settings.api_port,
            log_level="warning",
            access_log=False,
        )
    )
    board = dashboard_server(runtime)
    for name, server in (("api", api), ("dashboard", board)):
        demo.servers.append(server)
        demo.threads.append(_thread(server.run, name))

    def keep_following() -> None:
        try:
            project(
                settings, follow=True, progress=False, poll_seconds=2.0, stop=demo.stopping.is_set
            )
        except WorkerBusy:
            console.print(
                "[yellow]un altro processo proietta già il log / another projection "
                "worker is already following the log[/yellow]"
            )

    if follow:
        demo.threads.append(_thread(keep_following, "projection"))
    return demo


def wait_until_up(demo: Demo, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(server.started for server in demo.servers):
            return True
        time.sleep(0.1)
    return False


def banner(settings: Settings, tokens: dict[str, str]) -> Table:
    base = f"http://{settings.host}"
    table = Table(title="Percorsi demo", show_lines=False)
    table.add_column("cosa / what")
    table.add_column("dove / where")
    table.add_row("Dashboard", f"{base}:{settings.dashboard_port}/")
    table.add_row("API (OpenAPI)", f"{base}:{settings.api_port}/docs")
    table.add_row("Area operatori / Workspace", f"{base}:{settings.api_port}/workspace")
    for user_id, token in tokens.items():
        table.add_row(f"accesso / sign-in: {user_id}", token)
    return table


def _interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def _exit_now(code: int) -> None:
    """Leave without waiting for worker threads: a request still computing (uvicorn's WSGI
    pool threads are joined at interpreter exit) must not keep a stopped demo alive."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


@friendly
def demo(
    size: str = typer.Option("demo", help="dataset size on first run: small | demo | large"),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="serve API and dashboard"),
    follow: bool = typer.Option(
        True, "--follow/--no-follow", help="keep projections following the log while serving"
    ),
    serve_first: bool = typer.Option(
        True,
        "--serve-first/--seed-first",
        help="serve at once and seed behind, the figures growing as the worker follows the log "
        "(with --follow); --seed-first serves only once data and analytics are complete",
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress"),
) -> None:
    """Seed the demo data (first run), build analytics, serve API + dashboard on localhost."""
    from ..api.users import open_user_store

    settings = Settings()
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    early = serve and follow and serve_first
    if early:
        runtime = build(settings)
        tokens = open_user_store(settings).ensure_demo_users()
    else:
        runtime, tokens = prepare(settings, size, progress)
    if not serve:
        console.print(banner(settings, tokens))
        runtime.close()
        return
    running = start(settings, runtime, tokens, follow)
    try:
        if not wait_until_up(running):
            raise ValueError("the servers did not start (is a port already in use?)")
        console.print(banner(settings, tokens))
        if early:
            seed_demo(runtime, size, progress)
        console.print("pronto: Ctrl-C per fermare / ready: Ctrl-C to stop")
        while all(t.is_alive() for t in running.threads[:2]):
            time.sleep(0.5)
    except KeyboardInterrupt:  # SIGTERM or Ctrl-C: the demo's normal end
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        running.stop()
        console.print("fermato / stopped")
        _exit_now(0)
    finally:
        running.stop()

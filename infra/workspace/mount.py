"""Adds the workspace to the API's FastAPI app: same process, users, indexes and services."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

from . import case_pages, correction_pages, group_pages, pages, people_pages
from .render import BASE, HERE

_STATIC = {"workspace.css": "text/css", "workspace.js": "text/javascript"}


def mount(app: FastAPI) -> None:
    app.include_router(pages.router)
    app.include_router(people_pages.router)
    app.include_router(group_pages.router)
    app.include_router(correction_pages.router)  # before the generic /{case_id}/{name}
    app.include_router(case_pages.router)

    @app.get(f"{BASE}/static/{{name}}", include_in_schema=False)
    def static(name: str) -> FileResponse:
        if name not in _STATIC:
            raise HTTPException(404)
        return FileResponse(
            HERE / "static" / name,
            media_type=_STATIC[name],
            headers={"Cache-Control": "max-age=300"},
        )

"""Direct SQL on the event table, bypassing the application: what an intruder would do."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg

from infra.bootstrap import Runtime


class RawLog:
    """Direct SQL on the event table, bypassing the application (what an intruder would do)."""

    def __init__(self, runtime: Runtime) -> None:
        self.pg = runtime.settings.is_postgres
        self.table, self.nid = (
            ("percorsi_events", "notification_id") if self.pg else ("stored_events", "rowid")
        )
        self.conn: Any = (
            psycopg.connect(runtime.settings.database, autocommit=True)
            if self.pg
            else sqlite3.connect(runtime.settings.sqlite_path, isolation_level=None)
        )

    def sql(self, statement: str, *params: Any) -> list[Any]:
        statement = statement.format(t=self.table, n=self.nid)
        cur = self.conn.execute(statement.replace("?", "%s") if self.pg else statement, params)
        return list(cur.fetchall()) if cur.description else []

    def close(self) -> None:
        self.conn.close()

"""The caseworkers' workspace: server-rendered pages beside the API (ADR 0015)."""

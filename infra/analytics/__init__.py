"""DuckDB plumbing for analytics: projection worker, tracking, rebuild-and-swap, snapshots."""

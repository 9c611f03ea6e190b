"""Infrastructure: settings, event store, crypto and key store, DuckDB plumbing, API, CLI."""

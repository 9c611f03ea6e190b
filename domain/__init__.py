"""Percorsi's domain: aggregates, events, vocabularies and rules; pure Python + eventsourcing."""

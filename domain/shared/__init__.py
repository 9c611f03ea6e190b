"""Concepts shared by every aggregate: vocabularies, value objects, metadata, errors."""

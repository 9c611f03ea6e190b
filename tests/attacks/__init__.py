"""Attacks on the published analytics (issue 10, item 4); see tests/attacks/harness.py."""

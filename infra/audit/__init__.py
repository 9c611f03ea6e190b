"""Audit trail and data-subject rights: hash chain, signed checkpoints, access log, GDPR."""

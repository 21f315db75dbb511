"""Fakes of network APIs that cannot run here, written from their published documents."""

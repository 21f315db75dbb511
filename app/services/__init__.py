"""Async use cases joining networks, store and core. No widgets."""

"""Tests against real servers (snac2) and a real keychain, installed by the tests themselves."""

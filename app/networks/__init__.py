"""One adapter per protocol, one protocol (base.NetworkAdapter) for all adapters. No Qt here."""

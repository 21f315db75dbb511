"""Tests of the embedded sandbox networks and the services that run over them."""

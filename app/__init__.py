"""Kizuna (絆): the public timeline and the closed friends feed side by side,
one composer for both."""

__version__ = "0.1.0"

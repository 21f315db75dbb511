"""Pure domain types and functions: no I/O, no Qt, nothing of ours imported from outside core."""

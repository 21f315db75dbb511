"""Qt widgets, models and delegates. Talks to services only."""

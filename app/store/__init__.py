"""SQLite persistence: schema and migrations, settings, drafts, timeline cache. No Qt."""

"""The embedded local sandbox: a Mastodon-API public network and a Misskey-API friends network
on 127.0.0.1, over SQLite, for first run, demos and tests."""

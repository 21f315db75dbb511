"""Sign-in flows (OAuth 2 + PKCE with a loopback redirect, MiAuth) and the credential store."""

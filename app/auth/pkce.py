"""PKCE (RFC 7636) and the OAuth ``state``: random secrets for one sign-in attempt.

The verifier never leaves this machine except in the token request; the S256 challenge
goes in the authorization URL. ``state`` ties the redirect back to this attempt.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field

_VERIFIER_BYTES = 64  # → 86 base64url characters, inside RFC 7636's 43–128


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def new_verifier(nbytes: int = _VERIFIER_BYTES) -> str:
    """A code verifier of 43–128 unreserved characters from a cryptographic source."""
    if not 32 <= nbytes <= 96:
        raise ValueError("nbytes must be 32..96 so the verifier has 43..128 characters")
    return _b64url(secrets.token_bytes(nbytes))


def s256_challenge(verifier: str) -> str:
    """BASE64URL(SHA256(ASCII(verifier))) without padding."""
    if not 43 <= len(verifier) <= 128:
        raise ValueError("a PKCE verifier has 43..128 characters")
    return _b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def new_state() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class PkcePair:
    """One attempt's verifier, its challenge and the state to expect back."""

    verifier: str = field(default_factory=new_verifier, repr=False)
    state: str = field(default_factory=new_state, repr=False)

    @property
    def challenge(self) -> str:
        return s256_challenge(self.verifier)

    @property
    def method(self) -> str:
        return "S256"

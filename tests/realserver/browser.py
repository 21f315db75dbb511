"""A tiny stand-in for the user's browser on a server's sign-in page.

It does what a person does on snac's ``/oauth/authorize`` page: reads the HTML form,
types the login and password into its text and password fields, keeps the hidden fields
as the page gave them, submits it to the form's ``action`` and follows where the server
sends it (the app's loopback receiver). Nothing is assumed about field names beyond the
input types, so a changed page breaks the test loudly instead of being bypassed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx

from app.auth.loopback import SignInError

TIMEOUT = 15.0


@dataclass
class Form:
    action: str = ""
    method: str = "get"
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (type, name, value)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        elif tag == "input" and self.forms and a.get("name"):
            self.forms[-1].fields.append(
                (a.get("type", "text").lower(), a["name"], a.get("value", ""))
            )

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(data.strip())


def parse_page(html: str) -> tuple[list[Form], str]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms, " ".join(parser.text)


class PasswordBrowser:
    """``await browser(url)`` signs ``login`` in on the page at ``url``.

    ``last_page`` keeps the text of the page the server answered with when it did not
    redirect (the out-of-band code page, or the form again after a wrong password).
    """

    def __init__(self, login: str, password: str) -> None:
        self.login = login
        self.password = password
        self.last_page = ""

    async def __call__(self, url: str) -> None:
        async with httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False) as http:
            page = await http.get(url)
            page.raise_for_status()
            forms, _ = parse_page(page.text)
            form = next((f for f in forms if any(t == "password" for t, _, _ in f.fields)), None)
            if form is None:
                raise SignInError("the sign-in page has no password form")
            data: dict[str, str] = {}
            for kind, name, value in form.fields:
                if kind == "password":
                    data[name] = self.password
                elif kind in ("text", "email"):
                    data[name] = self.login
                elif kind == "hidden":
                    data[name] = value
            action = urljoin(str(page.url), form.action or str(page.url))
            reply = await http.request(form.method.upper(), action, data=data)
            hops = 0
            while reply.is_redirect and hops < 5:
                target = urljoin(str(reply.url), reply.headers["location"])
                if urlsplit(target).hostname != "127.0.0.1":
                    raise SignInError(f"redirected off this machine: {target}")
                reply = await http.get(target)
                hops += 1
            if hops == 0:
                _, self.last_page = parse_page(reply.text)
                if "<form" in reply.text:
                    raise SignInError(f"the server did not accept the sign-in: {self.last_page}")

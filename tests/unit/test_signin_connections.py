"""Sign-in clients open a new connection for every request.

A server that closes an idle keep-alive connection just as the client reuses it (snac
does, now and then) made the next request of a sign-in fail with a read error.
``make_client(keepalive=False)`` is what the sign-in flows use.
"""

from __future__ import annotations

import asyncio

from app.networks.http import make_client


def test_a_sign_in_client_never_reuses_a_connection() -> None:
    async def scenario() -> tuple[int, list[int]]:
        handlers: list[asyncio.Task[None]] = []

        async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readuntil(b"\r\n\r\n")
            # HTTP/1.1 keeps the connection open by default, and so does this server …
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
            await writer.drain()
            # … until a second request comes on it: then it drops it unanswered, as a
            # server does that closes an idle connection just as the client reuses it.
            try:
                await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                pass  # the client closed it: the right thing
            writer.close()
            await writer.wait_closed()

        def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            handlers.append(asyncio.ensure_future(answer(reader, writer)))

        server = await asyncio.start_server(accept, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        codes = []
        async with server:
            async with make_client(keepalive=False) as http:
                for _ in range(3):
                    codes.append((await http.get(f"http://127.0.0.1:{port}/")).status_code)
            await asyncio.wait_for(asyncio.gather(*handlers), 10)
        return len(handlers), codes

    connections, codes = asyncio.run(scenario())
    assert codes == [200, 200, 200]
    assert connections == 3

"""A TCP proxy on loopback that cuts connections on cue: between the bot and Dovecot, or the SMTP server.

    with FaultProxy(("127.0.0.1", imap_port)) as proxy:
        proxy.cut_on(b"FETCH")                       # the bot's first FETCH never reaches the server
        proxy.cut_on(b"FETCH", nth=2, after=500)     # the second one's answer breaks off after 500 bytes
        proxy.cut_on(b" MOVE ", forward=True)         # the server moves the mail, the bot never hears so
        proxy.down()                                  # every connection is cut, new ones closed at once
        proxy.up()

A rule watches what the client sends. On the `nth` chunk that contains `pattern` (counted over all
connections) it fires: without `forward`, that chunk is dropped and the connection cut at once, so
the server never sees the command; with `forward` (implied by `after`), the chunk goes to the server
and the server's answer is relayed for `after` bytes, then the connection is cut the moment the
server sends more. `after=0` with `forward` therefore means "the server did it, the client never
heard". Each rule fires once; `cuts` lists what fired, for the figures.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from dataclasses import dataclass, field
from types import TracebackType

_CHUNK = 65536


@dataclass
class Rule:
    pattern: bytes
    nth: int = 1
    after: int | None = None  # server bytes relayed after the command before the cut; None: cut at once
    seen: int = 0
    fired: bool = False

    def describe(self) -> str:
        where = (
            "before the server saw it" if self.after is None else f"after {self.after} bytes of the answer"
        )
        return f"{self.pattern.decode(errors='replace').strip()} #{self.nth}, {where}"


@dataclass
class _Link:
    client: socket.socket
    server: socket.socket
    budget: int | None = None  # set once a forwarding rule fired: server bytes still to relay
    closed: bool = False
    tail: bytes = b""  # the end of the previous client chunk, for patterns split across writes
    rules: list[Rule] = field(default_factory=list)


class FaultProxy:
    def __init__(self, target: tuple[str, int], host: str = "127.0.0.1") -> None:
        self.target = target
        self._listener = socket.create_server((host, 0))
        self.host = host
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._rules: list[Rule] = []
        self._links: list[_Link] = []
        self._down = False
        self._stopped = threading.Event()
        self.cuts: list[str] = []
        self.connections = 0
        self._thread = threading.Thread(target=self._accept_loop, name="faultproxy", daemon=True)
        self._thread.start()

    # ---- control -------------------------------------------------------------------------------

    def cut_on(
        self, pattern: bytes, *, nth: int = 1, after: int | None = None, forward: bool = False
    ) -> Rule:
        rule = Rule(pattern, nth, after if after is not None else (0 if forward else None))
        with self._lock:
            self._rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def down(self) -> None:
        """The server is gone: cut every open connection and close new ones at once."""
        with self._lock:
            self._down = True
            links = list(self._links)
        for link in links:
            self._cut(link, "server down")

    def up(self) -> None:
        with self._lock:
            self._down = False

    @property
    def pending(self) -> list[Rule]:
        with self._lock:
            return [r for r in self._rules if not r.fired]

    def close(self) -> None:
        self._stopped.set()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() of the loop (Linux)
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            links = list(self._links)
        for link in links:
            self._close(link)
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ---- relaying ------------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _addr = self._listener.accept()
            except OSError:
                return
            with self._lock:
                down = self._down
            if down:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()
                continue
            link = _Link(client, server)
            with self._lock:
                self._links.append(link)
                self.connections += 1
            threading.Thread(target=self._relay, args=(link,), name="faultproxy-link", daemon=True).start()

    def _relay(self, link: _Link) -> None:
        try:
            while self._step(link):
                pass
        except (OSError, ValueError):  # a socket closed under us by cut() or close()
            pass
        self._close(link)

    def _step(self, link: _Link) -> bool:
        """Relay what is ready in either direction; False once the link is gone."""
        readable, _, _ = select.select([link.client, link.server], [], [], 0.5)
        for sock in readable:
            data = sock.recv(_CHUNK)
            if not data or link.closed:
                return False
            if sock is link.client:
                self._from_client(link, data)
            else:
                self._from_server(link, data)
        return not link.closed

    def _from_client(self, link: _Link, data: bytes) -> None:
        window, skip = link.tail + data, len(link.tail)
        link.tail = window[-64:]
        rule = self._match(window, skip) if link.budget is None else None
        if rule is None:
            link.server.sendall(data)
            return
        if rule.after is None:
            self._cut(link, rule.describe())
            return
        link.server.sendall(data)
        link.budget = rule.after
        link.rules.append(rule)

    def _from_server(self, link: _Link, data: bytes) -> None:
        if link.budget is None:
            link.client.sendall(data)
            return
        relay = data[: link.budget]
        if relay:
            link.client.sendall(relay)
            link.budget -= len(relay)
        if len(data) > len(relay):  # the server goes on beyond what the rule lets through
            self._cut(link, link.rules[-1].describe())

    def _match(self, window: bytes, skip: int) -> Rule | None:
        """The rule that fires on this chunk; `skip` bytes at the start were seen with the last one."""
        with self._lock:
            for rule in self._rules:
                start = max(0, skip - len(rule.pattern) + 1)
                if rule.fired or window.find(rule.pattern, start) < 0:
                    continue
                rule.seen += 1
                if rule.seen == rule.nth:
                    rule.fired = True
                    return rule
        return None

    def _cut(self, link: _Link, why: str) -> None:
        with self._lock:
            self.cuts.append(why)
        self._close(link)

    def _close(self, link: _Link) -> None:
        link.closed = True
        for sock in (link.client, link.server):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()
        with self._lock, contextlib.suppress(ValueError):
            self._links.remove(link)

"""The dev SMTP server: aiosmtpd on loopback, delivering into Dovecot over LMTP.

Each accepted message is handed to Dovecot's LMTP socket *before* DATA is answered with 250, so
a client that got 250 can read the mail over IMAP at once.  One LMTP transaction per recipient:
smtplib.LMTP expects one reply to DATA, but LMTP sends one per recipient.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from itertools import count
from pathlib import Path
from typing import Any, Literal

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

from devmail.errors import DevmailError
from devmail.faults import FaultControl, Stage

log = logging.getLogger(__name__)

# Called for each new recipient; returns the normalised address or raises DevmailError.
Provisioner = Callable[[str], str]


def deliver_via_lmtp(
    lmtp_socket: Path, mail_from: str, recipients: list[str], data: bytes
) -> list[tuple[str, int]]:
    """Deliver to each recipient in its own LMTP transaction; returns the failures (text, code)."""
    failures: list[tuple[str, int]] = []
    lmtp = smtplib.LMTP(str(lmtp_socket))
    try:
        for rcpt in recipients:
            try:
                lmtp.sendmail(mail_from, [rcpt], data)
            except smtplib.SMTPException as exc:
                failures.append((f"{rcpt}: {exc}", _lmtp_code(exc)))
    finally:
        try:
            lmtp.quit()
        except smtplib.SMTPException:
            lmtp.close()
    return failures


def _lmtp_code(exc: smtplib.SMTPException) -> int:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return max((code for code, _text in exc.recipients.values()), default=451)
    code = getattr(exc, "smtp_code", 451)
    return code if isinstance(code, int) else 451


class DevHandler:
    """aiosmtpd hooks: fault injection, auto-provisioning, LMTP delivery."""

    def __init__(self, faults: FaultControl, provision: Provisioner, lmtp_socket: Path) -> None:
        self.faults = faults
        self._provision = provision
        self._lmtp_socket = lmtp_socket
        self._transactions = count(1)

    async def _fault(self, server: Any, stage: Stage, transaction: int, recipients: list[str]) -> str | None:
        rule = self.faults.match(stage, transaction, recipients)
        if rule is None:
            return None
        if rule.delay:
            await asyncio.sleep(rule.delay)
        if rule.drop:
            server.transport.abort()  # no reply at all; aiosmtpd's write afterwards is discarded
            return "421 4.4.2 connection dropped (devmail fault)"
        if rule.code == 421:
            # Close after the reply is written: push() writes synchronously, close() flushes.
            asyncio.get_running_loop().call_soon(server.transport.close)
        return rule.reply

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, mail_options: list[str]
    ) -> str:
        envelope.devmail_transaction = next(self._transactions)
        reply = await self._fault(server, "mail", envelope.devmail_transaction, [])
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        reply = await self._fault(server, "rcpt", envelope.devmail_transaction, [address])
        if reply:
            return reply
        try:
            envelope.rcpt_tos.append(self._provision(address))
        except DevmailError as exc:
            return f"553 5.1.3 {exc}"
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = await self._fault(server, "data", envelope.devmail_transaction, list(envelope.rcpt_tos))
        if reply:
            return reply
        data: bytes = envelope.original_content or envelope.content
        loop = asyncio.get_running_loop()
        try:
            failures = await loop.run_in_executor(
                None, deliver_via_lmtp, self._lmtp_socket, envelope.mail_from, list(envelope.rcpt_tos), data
            )
        except OSError as exc:
            log.warning("LMTP delivery failed: %s", exc)
            return f"451 4.3.0 local delivery unavailable: {exc}"
        if failures:
            text = "; ".join(failure for failure, _code in failures)
            log.error("LMTP delivery failed: %s", text)
            if all(500 <= code < 600 for _failure, code in failures):
                # Dovecot refused for good (e.g. 550 for a name it does not take): permanent, as a
                # real server says it, so the client gives up instead of retrying for hours.
                return f"550 5.1.1 delivery refused for {text}"[:500]
            return f"451 4.3.0 delivery failed for {text}"[:500]
        return "250 OK delivered"


def make_authenticator(check: Callable[[str, str], bool]) -> Callable[..., AuthResult]:
    """AUTH PLAIN/LOGIN, so clients configured with credentials work too (never required)."""

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            ok = check(auth_data.login.decode(errors="replace"), auth_data.password.decode(errors="replace"))
            return AuthResult(success=ok, handled=False)
        return AuthResult(success=False, handled=False)

    return authenticate


# Listener kinds: "plain" never offers STARTTLS (clients such as aiosmtplib upgrade on their own
# when offered, and would then fail to verify the throw-away CA); "starttls" offers it, like a
# submission port; "tls" is implicit TLS from the first byte, like port 465.
ListenerKind = Literal["plain", "starttls", "tls"]


class SmtpServer:
    """aiosmtpd on its own event loop in a daemon thread (so sync tests can use it)."""

    def __init__(
        self,
        handler: DevHandler,
        *,
        host: str,
        tls_context: ssl.SSLContext,
        authenticator: Callable[..., AuthResult] | None = None,
    ) -> None:
        self._handler = handler
        self._host = host
        self._tls = tls_context
        self._authenticator = authenticator
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="devmail-smtp", daemon=True)
        self._sessions: weakref.WeakSet[SMTP] = weakref.WeakSet()  # open ones, to abort at stop
        self._servers: list[asyncio.Server] = []

    def _new_session(self, kind: ListenerKind) -> SMTP:
        session = SMTP(
            self._handler,
            hostname="devmail.test",
            ident="devmail",
            enable_SMTPUTF8=True,
            tls_context=self._tls if kind == "starttls" else None,
            authenticator=self._authenticator,
            auth_require_tls=False,  # loopback; plain AUTH keeps client configs simple
            loop=self._loop,
        )
        self._sessions.add(session)
        return session

    def listen(self, kind: ListenerKind, port: int = 0) -> int:
        """Open one more listening port (0: a free one) and return its number."""
        if not self._thread.is_alive():
            self._thread.start()
        create = self._loop.create_server(
            lambda: self._new_session(kind), self._host, port, ssl=self._tls if kind == "tls" else None
        )
        try:
            server: asyncio.Server = self._run(create)
        except OSError as exc:
            raise DevmailError(f"SMTP server cannot listen on {self._host}:{port}: {exc}") from exc
        self._servers.append(server)
        bound: int = server.sockets[0].getsockname()[1]
        return bound

    def _run(self, coro: Any) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return future.result(timeout=10)

    async def _shutdown(self) -> None:
        for server in self._servers:
            server.close()
        for session in list(self._sessions):
            if isinstance(session.transport, asyncio.Transport):
                session.transport.abort()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def stop(self) -> None:
        if self._loop.is_closed():
            return
        if self._thread.is_alive():
            try:
                self._run(self._shutdown())
            except Exception:  # stopping must go on; the loop is stopped regardless
                log.exception("SMTP server shutdown")
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        if not self._thread.is_alive():
            self._loop.close()

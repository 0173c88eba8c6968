"""The SMTP edge: the only module that imports aiosmtplib.

One connection is opened per flush and reused for every mail. Each mail goes out as its own
transaction (MAIL, RCPT, DATA) so that `before_data` can record, just before the point of no return,
that the mail is on its way (see outbox.py). Every failure leaves here as a `SendFailure`, a plain
value that outbox.sort_failure() turns into "retry" or "give up".
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import Callable
from dataclasses import dataclass

import aiosmtplib

from bot.config import SmtpConfig


@dataclass(frozen=True, slots=True)
class SendFailure(Exception):
    """Why a mail did not go out. `code` is the SMTP reply code, 0 when there was none."""

    stage: str  # "connect", "login", "mail", "rcpt", "data"
    code: int
    text: str
    disconnected: bool = False  # the connection is gone; reconnect before the next mail

    def __str__(self) -> str:
        code = f"{self.code} " if self.code else ""
        return f"SMTP {self.stage}: {code}{self.text}".strip()


def _failure(stage: str, exc: BaseException) -> SendFailure:
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        gone = exc.code == 421  # 421: the server closes the channel after saying so
        return SendFailure(stage, exc.code, _oneline(exc.message), disconnected=gone)
    if isinstance(exc, aiosmtplib.SMTPServerDisconnected | ConnectionError):
        return SendFailure(stage, 0, f"connection lost ({_oneline(str(exc))})", disconnected=True)
    if isinstance(exc, aiosmtplib.SMTPTimeoutError | asyncio.TimeoutError | TimeoutError):
        return SendFailure(stage, 0, "timed out", disconnected=True)
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return SendFailure(stage, exc.code, _oneline(exc.message))
    return SendFailure(stage, 0, _oneline(str(exc)) or type(exc).__name__, disconnected=True)


def _oneline(text: str) -> str:
    return " ".join(text.split())[:300]


class Sender:
    """An SMTP session; use `async with Sender(...) as s: await s.send(...)`."""

    def __init__(self, config: SmtpConfig, password: str | None) -> None:
        self.config = config
        self._password = password
        self._smtp: aiosmtplib.SMTP | None = None

    async def __aenter__(self) -> Sender:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _tls_context(self) -> ssl.SSLContext:
        if self.config.ca_file:
            return ssl.create_default_context(cafile=self.config.ca_file)
        return ssl.create_default_context()

    async def connect(self) -> None:
        config = self.config
        use_tls = config.security == "tls"
        smtp = aiosmtplib.SMTP(
            hostname=config.host,
            port=config.port,
            use_tls=use_tls,
            start_tls=config.security == "starttls",
            tls_context=self._tls_context() if config.security != "none" else None,
            timeout=config.timeout,
        )
        try:
            await smtp.connect()
        except (TimeoutError, aiosmtplib.SMTPException, OSError) as exc:
            raise _failure("connect", exc) from None
        if config.username:
            try:
                await smtp.login(config.username, self._password or "")
            except (aiosmtplib.SMTPException, OSError) as exc:
                await _quiet_close(smtp)
                raise _failure("login", exc) from None
        self._smtp = smtp

    async def close(self) -> None:
        if self._smtp is not None:
            smtp, self._smtp = self._smtp, None
            try:
                await asyncio.wait_for(smtp.quit(), timeout=5)
            except (TimeoutError, aiosmtplib.SMTPException, OSError):
                await _quiet_close(smtp)

    @property
    def connected(self) -> bool:
        return self._smtp is not None and self._smtp.is_connected

    async def send(self, envelope_from: str, to: str, raw: bytes, before_data: Callable[[], None]) -> None:
        """Send one message to one recipient. Raises SendFailure."""
        if not self.connected:
            await self.close()
            await self.connect()
        smtp = self._smtp
        assert smtp is not None
        stage = "mail"
        try:
            await smtp.mail(envelope_from)
            stage = "rcpt"
            await smtp.rcpt(to)
            stage = "data"
            before_data()
            await smtp.data(raw)
        except UnicodeEncodeError:
            # An address that is not ASCII (a mangled header, or one that needs SMTPUTF8, which we
            # do not speak): aiosmtplib cannot even write the command. No later try can succeed, so
            # it is a refusal like the server's 553, before anything of the mail went out.
            await self._reset()
            raise SendFailure(stage, 553, f"address not sendable (not ASCII): {to!r}"[:300]) from None
        except (TimeoutError, aiosmtplib.SMTPException, OSError) as exc:
            failure = _failure(stage, exc)
            if failure.disconnected:
                await self.close()
            else:
                await self._reset()
            raise failure from None

    async def _reset(self) -> None:
        # After a refused MAIL/RCPT the transaction must be reset before the next mail.
        if self._smtp is None:
            return
        try:
            await self._smtp.rset()
        except (TimeoutError, aiosmtplib.SMTPException, OSError):
            await self.close()


async def _quiet_close(smtp: aiosmtplib.SMTP) -> None:
    with contextlib.suppress(aiosmtplib.SMTPException, OSError):
        smtp.close()

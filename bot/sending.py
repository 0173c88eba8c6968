"""Sending while reading: the worker's second thread.

Sending is mostly waiting for the SMTP server (three round trips a mail); reading and planning a
batch is mostly work for the CPU. So the worker hands the mails of each committed batch to one
thread of their own, which sends them over one SMTP connection kept open for the whole step, while
the main thread fetches, reads and plans the next batch. The outbox does the sending exactly as in
a plain flush (bot/outbox.py): every mail is journaled `sending` before DATA and `sent` after it.

What keeps this safe: a mail is handed over only after the transaction that queued it has
committed (`submit` takes the purposes of a committed batch, and `flush(only=...)` sends nothing
else, however many mails an open transaction has queued meanwhile); and `finish` waits for the
thread, so nothing else sends while it runs (the final flush, the reports).

Stage boundaries stay points where the world is consistent: the worker logs a stage
("stage=stored", ...) inside `quiet()`, which waits while a mail is between MAIL and the server's
answer to DATA. So what a stage line says was stored or sent is exactly what the servers hold, which
is what the kill and fault tests hook into (a mail server stopped at such a line never dies in the
middle of taking one of our mails).

What keeps the overlap real:
* the caller waits for batch k to be sent before it hands over batch k+2 (`wait`; a deadline
  job's parts, which cost about as much to write as to send, k+3), so it is at most a batch or two
  ahead: memory stays bounded, and a slow or rate-limited server paces the cycle as it did before;
* while the thread runs, the interpreter's switch interval is 0.2 ms instead of 5 ms. Every SMTP
  reply (and every journal write) wakes the sending thread, which then waits up to the interval for
  the reading thread to let go of the GIL. Measured on the benchmark machine, one loopback round
  trip next to a CPU-bound thread: 5.2 ms at 5 ms, 0.63 ms at 0.5 ms, 0.37 ms at 0.2 ms, 0.25 ms at
  0.1 ms, with the CPU-bound thread as fast at 0.2 ms as at 5 ms (slower at 0.1 ms).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bot.clock import Clock
from bot.outbox import FlushReport, RateLimit, SendSession, SessionFactory, flush
from bot.store import Store

log = logging.getLogger(__name__)

SWITCH_INTERVAL = 0.0002  # seconds; see the module docstring


class _KeptOpen:
    """One SMTP session for every flush of the thread: flush's close() leaves it open.

    Each mail's SMTP transaction runs under `busy`, which `BackgroundSender.quiet` waits for.
    """

    def __init__(self, connect: SessionFactory) -> None:
        self._connect = connect
        self._session: SendSession | None = None
        self.busy = threading.Lock()

    async def connect(self) -> SendSession:
        if self._session is None:
            self._session = await self._connect()
        return self

    async def send(self, envelope_from: str, to: str, raw: bytes, before_data: Callable[[], None]) -> None:
        assert self._session is not None
        with self.busy:  # only this thread's loop runs here: holding it across the await is safe
            await self._session.send(envelope_from, to, raw, before_data)

    async def close(self) -> None:
        return None

    async def close_for_good(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()


@dataclass
class SendSettings:
    store: Store
    connect: SessionFactory
    clock: Clock
    envelope_from: str
    max_attempts: int
    rate: RateLimit


class BackgroundSender:
    """`start()`; `submit(purposes)` after each commit and `wait(ticket)`; `finish()` for the reports."""

    def __init__(self, settings: SendSettings, on_sent: Callable[[FlushReport], None]) -> None:
        self.settings = settings
        self.on_sent = on_sent
        self._session = _KeptOpen(settings.connect)
        self._handover: queue.Queue[list[str] | None] = queue.Queue()
        self._submitted = 0
        self._done = 0  # batches sent (or given up on): tickets up to this one are through
        self._progress = threading.Condition()
        self._reports: list[FlushReport] = []
        self._error: Exception | None = None
        self._thread = threading.Thread(target=self._run, name="anmeldebot-send", daemon=True)
        self._switch = sys.getswitchinterval()

    def start(self) -> None:
        sys.setswitchinterval(SWITCH_INTERVAL)
        self._thread.start()

    def submit(self, purposes: list[str]) -> int:
        """Send these committed mails; returns a ticket for `wait`."""
        self._submitted += 1
        self._handover.put(purposes)
        return self._submitted

    @contextlib.contextmanager
    def quiet(self) -> Iterator[None]:
        """No mail in the middle of its SMTP transaction until the block ends."""
        with self._session.busy:
            yield

    def wait(self, ticket: int | None = None) -> None:
        """Until the batch with this ticket (default: every batch submitted) has been sent."""
        target = self._submitted if ticket is None else ticket
        with self._progress:
            self._progress.wait_for(lambda: self._done >= target or not self._thread.is_alive())

    def finish(self) -> list[FlushReport]:
        """Wait until everything submitted is sent (or has failed); the thread's error, if any."""
        self._handover.put(None)
        self._thread.join()
        sys.setswitchinterval(self._switch)
        if self._error is not None:
            raise self._error
        return self._reports

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        try:
            while (purposes := self._handover.get()) is not None:
                if self._error is None and purposes:  # after an error, only count the batches
                    self._send(loop, purposes)
                with self._progress:
                    self._done += 1
                    self._progress.notify_all()
            loop.run_until_complete(self._session.close_for_good())
        except Exception as exc:  # handed to the main thread by finish()
            self._error = self._error or exc
        finally:
            loop.close()
            with self._progress:  # a waiter must not outlive the thread
                self._progress.notify_all()

    def _send(self, loop: asyncio.AbstractEventLoop, purposes: list[str]) -> None:
        s = self.settings
        try:
            report = loop.run_until_complete(
                flush(
                    s.store,
                    self._session.connect,
                    s.clock,
                    s.envelope_from,
                    s.max_attempts,
                    s.rate,
                    only=frozenset(purposes),
                )
            )
        except Exception as exc:
            log.error("sending stopped: %s", exc)
            self._error = exc
            return
        self._reports.append(report)
        self.on_sent(report)

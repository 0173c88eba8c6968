"""`anmeldebot run` without --once: cycles until SIGTERM or SIGINT.

APScheduler (3.x, a BackgroundScheduler) keeps the timetable: a poll every `poll_seconds`, and one
date job per deadline of config (access data, reminders). Its jobs only *wake* the main thread; every
cycle runs in the main thread, one at a time, so the store and the IMAP session are never shared
between threads. The scheduler holds no state of its own: it is rebuilt from config and the store at
every start, and a deadline that passed while the worker was down is simply due at the first cycle.

Between cycles the main thread waits in IMAP IDLE (when the server offers it), so a new reply is
handled within seconds, or sleeps. A lost IMAP connection is re-opened with backoff.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from types import FrameType

from apscheduler.schedulers.background import BackgroundScheduler

from bot.errors import BotError, MailboxError
from bot.jobs import planned_jobs
from bot.mailbox import Mailbox
from bot.worker import Worker

log = logging.getLogger("bot.service")
WAIT_SLICE = 1.0  # seconds; how quickly a stop request is noticed while waiting
MAX_BACKOFF = 300.0


class Service:
    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.stop = threading.Event()
        self.wake = threading.Event()
        self.backoff = 0.0

    def request_cycle(self) -> None:
        self.wake.set()

    def handle_signal(self, signum: int, _frame: FrameType | None) -> None:
        log.info("signal %s: stopping after the current step", signal.Signals(signum).name)
        self.stop.set()
        self.wake.set()

    def scheduler(self) -> BackgroundScheduler:
        config = self.worker.config
        scheduler = BackgroundScheduler(timezone=config.timezone)
        poll = config.require_mailbox().poll_seconds
        scheduler.add_job(self.request_cycle, "interval", seconds=poll, id="poll")
        now = self.worker.clock.now()
        for job in planned_jobs(config):
            if job.at > now:
                scheduler.add_job(self.request_cycle, "date", run_date=job.at, id=job.name)
        # Daily housekeeping (digest, purge) falls due at fixed hours; a cycle each hour catches it.
        scheduler.add_job(self.request_cycle, "cron", minute=0, id="hourly")
        return scheduler

    def run(self) -> int:
        scheduler = self.scheduler()
        scheduler.start()
        log.info("worker started; %d scheduled job(s)", len(scheduler.get_jobs()))
        try:
            while not self.stop.is_set():
                self.one_cycle()
                self.wait()
        finally:
            scheduler.shutdown(wait=False)
            self.worker.disconnect()
            log.info("worker stopped")
        return 0

    def one_cycle(self) -> None:
        self.wake.clear()
        try:
            self.worker.cycle()
            self.backoff = 0.0
        except MailboxError as exc:
            self.worker.disconnect()
            self.backoff = min(max(self.backoff * 2, 2.0), MAX_BACKOFF)
            log.warning("%s; next try in %.0f s", exc, self.backoff)
        except BotError as exc:
            self.backoff = min(max(self.backoff * 2, 5.0), MAX_BACKOFF)
            log.error("%s; next try in %.0f s", exc, self.backoff)

    def wait(self) -> None:
        if self.backoff:
            self._sleep(self.backoff)
            return
        mailbox = self.worker.mailbox
        config = self.worker.config.require_mailbox()
        if mailbox is not None and config.idle:
            try:
                if mailbox.supports_idle():
                    self._idle(mailbox)
                    return
            except MailboxError as exc:
                log.warning("IDLE failed (%s); reconnecting", exc)
                self.worker.disconnect()
                return
        self._sleep(float(config.poll_seconds))

    def _idle(self, mailbox: Mailbox) -> None:
        # Servers drop IDLE after ~30 minutes; renew well before. Poll in short slices to notice
        # a stop request or a scheduler wake-up quickly.
        deadline = time.monotonic() + 25 * 60
        mailbox.idle_start()
        try:
            while not self.stop.is_set() and not self.wake.is_set() and time.monotonic() < deadline:
                if mailbox.idle_poll(WAIT_SLICE):
                    return
        finally:
            mailbox.idle_stop()

    def _sleep(self, seconds: float) -> None:
        self.wake.wait(timeout=seconds)


def serve(worker: Worker) -> int:
    service = Service(worker)
    previous = {s: signal.signal(s, service.handle_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        return service.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

"""Deadline jobs, derived from config and the store every time: nothing is remembered elsewhere.

A job is due when its moment has passed and the store has no record of it. Running a job queues one
mail per recipient, keyed by purpose (mails.py), and records the job as done in the same transaction,
so a job runs once and every person gets its mail once, even when the worker was down at the moment
and catches up later. A reminder that would arrive after the meeting has begun is skipped, and the
skip is recorded for the digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.config import Config, Event
from bot.mails import MailFactory
from bot.records import JobRun, RegStatus
from bot.store import Store, Transaction

DEFAULT_REMINDERS = (timedelta(days=1), timedelta(hours=2))  # the day before, and on the morning


def offset_name(offset: timedelta) -> str:
    hours = int(offset.total_seconds() // 3600)
    minutes = int(offset.total_seconds() % 3600 // 60)
    if hours and hours % 24 == 0 and not minutes:
        return f"{hours // 24}d"
    return f"{hours}h{minutes:02d}" if minutes else f"{hours}h"


@dataclass(frozen=True)
class Job:
    name: str
    kind: str  # "access_data" | "reminder"
    event: Event
    at: datetime
    offset: str = ""
    skip: str = ""  # why the job will not send anything, if so

    def describe(self) -> str:
        if self.skip:
            return f"übersprungen: {self.skip}"
        what = "Zugangsdaten" if self.kind == "access_data" else f"Erinnerung ({self.offset} vorher)"
        return f"{what} an alle Angemeldeten von {self.event.id}"

    def run(self, store: Store, tx: Transaction, mails: MailFactory, now: datetime) -> None:
        queued = 0
        if not self.skip:
            for reg in store.registrations(self.event.id):
                if reg.status is not RegStatus.REGISTERED:
                    continue
                if self.kind == "access_data":
                    mail = mails.access_data(self.event, reg, now)
                else:
                    mail = mails.reminder(self.event, reg, self.offset, now)
                if mail is not None and tx.queue_mail(mail):
                    queued += 1
        note = self.skip or f"{queued} Mail(s) eingereiht"
        tx.mark_job_done(JobRun(job=self.name, done_at=now, note=note))


def planned_jobs(config: Config) -> list[Job]:
    """Every deadline job of the config, due or not, in time order."""
    jobs: list[Job] = []
    for event in config.events:
        if event.access_data_at is not None and event.access is not None and event.access.url:
            jobs.append(Job(f"access_data:{event.id}", "access_data", event, event.access_data_at))
        for offset in event.reminders or DEFAULT_REMINDERS:
            name = offset_name(offset)
            jobs.append(
                Job(f"reminder:{event.id}:{name}", "reminder", event, event.starts - offset, offset=name)
            )
    jobs.sort(key=lambda j: (j.at, j.name))
    return jobs


def due_jobs(config: Config, store: Store, now: datetime) -> list[Job]:
    """The jobs to run now, with reminders that lost their point marked to skip."""
    due = [j for j in planned_jobs(config) if j.at <= now and not store.job_done(j.name)]
    latest_reminder: dict[str, Job] = {}
    for job in due:
        if job.kind == "reminder":
            latest_reminder[job.event.id] = job
    out: list[Job] = []
    for job in due:
        skip = ""
        if job.kind == "reminder" and now >= job.event.starts:
            skip = "das Treffen hatte schon begonnen"
        elif job.kind == "reminder" and latest_reminder[job.event.id] is not job:
            skip = "eine spätere Erinnerung ist ebenfalls fällig"
        elif job.kind == "access_data" and now >= job.event.ends:
            skip = "das Treffen war schon vorbei"
        out.append(Job(job.name, job.kind, job.event, job.at, job.offset, skip))
    return out

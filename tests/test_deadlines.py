"""The deadline scenario of issue 5, run as the real `anmeldebot run --once --now ...` sequence.

Replies on 5 and 10 June, a cancellation on 11 June, the deadline on 12 June, a late reply on
15 June; the worker is down from 18 to 20 June, so the access data (due 19 June, 9:00) are caught up
on 20 June, when one more person registers; reminders on 21 June (1 day before) and on the morning
of 22 June (2 hours before). Every mailbox must hold exactly its mails, once each.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from devmail.server import MailServer
from tests.botenv import ROOT, BotEnv
from tests.mailmaker import make

pytestmark = pytest.mark.mailserver


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Europe/Berlin"))


def kinds(bot: BotEnv, address: str) -> list[str]:
    return [str(m["X-Anmeldebot-Kind"]) for m in bot.mails(address)]


def attendees(bot: BotEnv, event: str = "2020-06-22-zoom") -> set[str]:
    code, out, err = bot.run("attendees", "--event", event, "--format", "json")
    assert code == 0, err
    return {row["email"] for row in json.loads(out)}


def test_the_june_scenario(mailserver: MailServer, mail_users: Callable[[str], str], tmp_path: Path) -> None:
    bot = BotEnv(mailserver, mail_users("info"), tmp_path)
    a, b, c, d, e = (mail_users(n) for n in ("ada", "ben", "cem", "dina", "eva"))

    bot.deliver(make("Ich melde mich an.", sender=a, message_id="<a1@x.test>", date=at("2020-06-05T08:00")))
    bot.deliver(
        make("Gerne nehme ich teil.", sender=b, message_id="<b1@x.test>", date=at("2020-06-05T09:00"))
    )
    bot.cycle("2020-06-05T10:00")
    bot.deliver(make("Bin dabei!", sender=c, message_id="<c1@x.test>", date=at("2020-06-10T09:00")))
    bot.cycle("2020-06-10T10:00")
    bot.deliver(
        make("Leider muss ich doch absagen.", sender=b, message_id="<b2@x.test>", date=at("2020-06-11T09:00"))
    )
    bot.cycle("2020-06-11T10:00")
    bot.cycle("2020-06-12T23:59")  # the deadline passes: nothing to send
    bot.deliver(
        make(
            "Ich weiß, die Frist ist vorbei, aber ich würde gern teilnehmen.",
            sender=d,
            message_id="<d1@x.test>",
            date=at("2020-06-15T09:00"),
        )
    )
    bot.cycle("2020-06-15T10:00")
    bot.cycle("2020-06-17T10:00")
    # down from 18 to 20 June: the access data of 19 June, 9:00 are caught up, and a newcomer gets them at once
    bot.deliver(
        make(
            "Ich möchte mich noch anmelden.", sender=e, message_id="<e1@x.test>", date=at("2020-06-20T09:00")
        )
    )
    out = bot.cycle("2020-06-20T10:00")
    assert "access_data:2020-06-22-zoom" in out
    bot.cycle("2020-06-21T09:30")
    bot.cycle("2020-06-22T07:30")
    for _ in range(2):  # running again sends nothing twice
        bot.cycle("2020-06-22T07:31")

    everyone = ["confirmation", "access_data", "reminder", "reminder"]
    assert kinds(bot, a) == everyone
    assert kinds(bot, b) == ["confirmation", "cancellation"]
    assert kinds(bot, c) == everyone
    assert kinds(bot, d) == everyone
    assert kinds(bot, e) == everyone
    assert attendees(bot) == {a, c, d, e}

    late = bot.mails(d)[0].get_body(("plain",))
    assert late is not None and "Anmeldeschluss" in late.get_content()
    access = bot.mails(a)[1]
    text = access.get_body(("plain",))
    assert text is not None
    body = text.get_content()
    assert "https://zoom.us/j/93847561234" in body and "246810" in body and "8:45" in body
    assert access["Auto-Submitted"] == "auto-generated"
    reminders = [m["Subject"] for m in bot.mails(a)[2:]]
    assert all(s.startswith("Erinnerung:") for s in reminders)


def test_a_reminder_after_the_start_is_skipped(
    mailserver: MailServer, mail_users: Callable[[str], str], tmp_path: Path
) -> None:
    bot = BotEnv(mailserver, mail_users("info"), tmp_path)
    a = mail_users("fred")
    bot.deliver(make("Ich melde mich an.", sender=a, message_id="<f1@x.test>", date=at("2020-06-19T09:30")))
    bot.cycle("2020-06-19T10:00")  # registers after the access data went out: gets them at once
    out = bot.cycle("2020-06-22T10:00")  # down until the meeting had begun
    assert "reminder:2020-06-22-zoom:1d" in out and "reminder:2020-06-22-zoom:2h" in out
    assert kinds(bot, a) == ["confirmation", "access_data"]
    from bot.store import Store

    notes = {run.job: run.note for run in Store(bot.store_path).job_runs()}
    assert "begonnen" in notes["reminder:2020-06-22-zoom:2h"]


def test_capacity_waitlist_and_moving_up(
    mailserver: MailServer, mail_users: Callable[[str], str], tmp_path: Path
) -> None:
    bot = BotEnv(mailserver, mail_users("info"), tmp_path, extra={"capacity = 30": "capacity = 2"})
    first, second, third = (mail_users(n) for n in ("gus", "hanna", "ivo"))
    for n, who in enumerate((first, second, third)):
        bot.deliver(
            make(
                "Für Göttingen melde ich mich an.",
                sender=who,
                message_id=f"<g{n}@x.test>",
                date=at(f"2020-07-01T0{n + 1}:00"),
            )
        )
    bot.cycle("2020-07-01T10:00")
    assert attendees(bot, "2020-09-04-goettingen") == {first, second}
    bot.deliver(
        make(
            "Ich muss meine Anmeldung für Göttingen leider zurückziehen.",
            sender=second,
            message_id="<g9@x.test>",
            date=at("2020-07-02T09:00"),
        )
    )
    bot.cycle("2020-07-02T10:00")
    bot.cycle("2020-07-02T10:05")
    assert attendees(bot, "2020-09-04-goettingen") == {first, third}
    assert kinds(bot, third) == ["waitlisted", "moved_up"]
    assert kinds(bot, first) == ["confirmation"]
    assert kinds(bot, second) == ["confirmation", "cancellation"]


def test_changing_a_deadline_in_config_and_restarting_does_the_right_thing(
    mailserver: MailServer, mail_users: Callable[[str], str], tmp_path: Path
) -> None:
    bot = BotEnv(mailserver, mail_users("info"), tmp_path)
    a = mail_users("jo")
    bot.deliver(make("Ich melde mich an.", sender=a, message_id="<j1@x.test>"))
    bot.cycle("2020-06-10T10:00")
    bot.write_config(**{"access_data_at = 2020-06-19T09:00:00": "access_data_at = 2020-06-18T09:00:00"})
    bot.cycle("2020-06-18T10:00")
    assert kinds(bot, a) == ["confirmation", "access_data"]


def test_long_running_worker_answers_within_seconds_and_stops_on_sigterm(
    mailserver: MailServer, mail_users: Callable[[str], str], tmp_path: Path
) -> None:
    bot = BotEnv(mailserver, mail_users("info"), tmp_path)
    member = mail_users("kai")
    env = {**os.environ, **bot.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "bot",
        "run",
        "--config",
        str(bot.config_path),
        "--now",
        "2020-06-05T10:00",
    ]
    worker = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        _wait_for(bot.store_path.exists, 15)
        time.sleep(1.0)  # let it settle into IDLE
        second = bot.subprocess("run", "--now", "2020-06-05T10:00", timeout=30)
        assert second.returncode == 1
        assert "another worker" in second.stderr and "Traceback" not in second.stderr

        bot.deliver(make("Bin dabei!", sender=member, message_id="<k1@x.test>"))
        started = time.monotonic()
        _wait_for(lambda: len(bot.mails(member)) == 1, 10)
        print(f"confirmed after {time.monotonic() - started:.2f} s")

        worker.send_signal(signal.SIGTERM)
        stopping = time.monotonic()
        worker.wait(timeout=5)
        print(f"stopped {time.monotonic() - stopping:.2f} s after SIGTERM")
        assert worker.returncode == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def _wait_for(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s")


def test_systemd_unit_verifies(tmp_path: Path) -> None:
    analyze = Path("/usr/bin/systemd-analyze")
    if not analyze.exists():
        pytest.skip("systemd-analyze is not installed")
    unit = (ROOT / "deploy" / "anmeldebot.service").read_text()
    script = Path(sys.prefix) / "bin" / "anmeldebot"
    assert script.exists(), "the console script is installed by `pip install -e .`"
    # verify checks that ExecStart exists: point it at this checkout's installed script.
    unit = unit.replace("/opt/anmeldebot/.venv/bin/anmeldebot", str(script))
    path = tmp_path / "anmeldebot.service"
    path.write_text(unit)
    result = subprocess.run([str(analyze), "verify", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr

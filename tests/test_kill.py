"""SIGKILL at each step of a cycle, then a normal run: nothing lost, nothing sent twice."""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from devmail.server import MailServer
from tests.botenv import BotEnv
from tests.mailmaker import make

pytestmark = pytest.mark.mailserver
KILLPOINT = str(Path(__file__).with_name("killpoint.py"))

POINTS = {
    "after fetch": ("bot.worker", "stage=fetched"),
    "after store": ("bot.worker", "stage=stored"),
    "during send": ("bot.outbox", "sent "),
    "after send, before marking": ("bot.worker", "stage=sent"),
}


@pytest.mark.parametrize("point", list(POINTS))
def test_kill_then_rerun_loses_nothing_and_sends_nothing_twice(
    point: str, mailserver: MailServer, mail_users: Callable[[str], str], tmp_path: Path
) -> None:
    bot = BotEnv(mailserver, mail_users("info"), tmp_path)
    members = [mail_users(name) for name in ("kim", "lea", "max")]
    bot.deliver(
        *(make("Ich melde mich an.", sender=m, message_id=f"<k{i}@x.test>") for i, m in enumerate(members))
    )

    logger, prefix = POINTS[point]
    killed = bot.subprocess(
        "run", "--once", "--now", "2020-06-05T10:00", wrapper=[KILLPOINT, logger, prefix, "--"]
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    for _ in range(2):  # the worker works again by itself, and a further run changes nothing
        done = bot.subprocess("run", "--once", "--now", "2020-06-05T10:05")
        assert done.returncode == 0, done.stderr

    _code, listing, _ = bot.run("attendees", "--event", "2020-06-22-zoom", "--format", "json")
    assert sorted(r["email"] for r in json.loads(listing)) == sorted(members)
    for member in members:
        kinds = [m["X-Anmeldebot-Kind"] for m in bot.mails(member)]
        assert kinds == ["confirmation"], (member, kinds)
    assert bot.mails(bot.info) == []
    assert len(bot.mails(bot.info, "Anmeldebot.Erledigt")) == 3

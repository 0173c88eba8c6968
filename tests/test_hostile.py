"""Bad input through the real worker path (issue 7): appended to the INBOX, then `anmeldebot run --once`.

Every file of ../shared/corpora, 5,000 mutations drawn by hypothesis (tests/mutate.py, fixed seed),
and the hostile specials (a 25 MB attachment, a 100,000-line body, multiparts nested 100 deep, a
1 MB header, ...). The worker runs as its own process with a time limit: it must exit 0 (no crash),
within the limit (no hang), and leave the invariant of tests/reliability.py (no mail lost, the
unreadable set aside for staff with their error, effects once, access data only to registered).

`scripts/fuzz` runs `test_long_fuzz_run` with ANMELDEBOT_FUZZ_MESSAGES (e.g. 50,000) and a seed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot import worker as worker_module
from bot.classify import Classifier
from bot.models import ParsedMail
from bot.records import Outcome
from bot.store import Store
from bot.worker import MessageTimeout, time_cap
from devmail.errors import DevmailError
from devmail.pytest_plugin import MailUsers
from devmail.server import MailServer
from tests.botenv import BotEnv
from tests.mailmaker import make
from tests.mutate import AUTH, corpus, generate, slow_mail, specials
from tests.reliability import FIGURES, Tally, check, newest, reliability_report

pytestmark = [pytest.mark.mailserver, pytest.mark.usefixtures(reliability_report.__name__)]

NOW = "2020-06-05T10:00"
ACCESS_AT = "2020-06-19T10:00"  # the access data of the Zoom meeting are due at 9:00
CYCLE_LIMIT = 600  # seconds for one `run --once`; far above what a healthy cycle takes
LONG_RUN = bool(os.environ.get("ANMELDEBOT_FUZZ_MESSAGES"))  # scripts/fuzz
MUTATIONS = 5000
SEGMENT = 5000  # mutations per mailbox and store
PER_CYCLE = 1000  # mutations appended, then handled by one `run --once`


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[MailServer]:
    """A server of this module's own: the bot answers thousands of made-up senders, each a mailbox."""
    with MailServer() as server:
        yield server


def fuzz_bot(server: MailServer, folder: Path) -> BotEnv:
    folder.mkdir(parents=True, exist_ok=True)
    return BotEnv(server, MailUsers(server)("info"), folder)


def deliver(bot: BotEnv, raws: list[bytes]) -> list[bytes]:
    """Append in bulk; returns the mails as the server holds them, to be found again at the end.

    A mail Dovecot refuses to store (MULTIAPPEND is all or nothing) is kept out: no worker can see it.
    """
    try:
        bot.deliver(*raws)
        kept = len(raws)
    except DevmailError:
        kept = 0
        for raw in raws:
            try:
                bot.deliver(raw)
                kept += 1
            except DevmailError:
                FIGURES.refused_by_server += 1
    return newest(bot.server, bot.info, kept)


def cycle(bot: BotEnv, what: str, now: str = NOW) -> float:
    """One `run --once` as its own process: it must finish in time and exit 0."""
    started = time.monotonic()
    done = bot.subprocess("run", "--once", "--now", now, timeout=CYCLE_LIMIT)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    FIGURES.note_slow(seconds, f"one cycle of {what}")
    return seconds


def checked(bot: BotEnv, start: list[bytes], source: str) -> Tally:
    tally = check(bot, start)
    assert tally.lost == 0
    FIGURES.inputs[source] += len(start)
    FIGURES.set_aside += tally.review
    return tally


@pytest.mark.skipif(not corpus(), reason="../shared/corpora not found")
def test_every_corpus_file(fuzz_server: MailServer, tmp_path: Path) -> None:
    bot = fuzz_bot(fuzz_server, tmp_path)
    start = deliver(bot, list(corpus()))
    cycle(bot, f"{len(start)} corpus files")
    cycle(bot, "the access-data job", now=ACCESS_AT)
    tally = checked(bot, start, "corpus files")
    print(
        f"corpus: {tally.mails} files, {tally.review} set aside, {tally.done} filed, {tally.left_flagged} left"
    )


def test_mutations(fuzz_server: MailServer, tmp_path: Path) -> None:
    run_mutations(fuzz_server, tmp_path, MUTATIONS, seed=7)


def run_mutations(server: MailServer, folder: Path, count: int, seed: int) -> None:
    """`count` mutations in segments of 5,000, each with a fresh mailbox and store, checked at its end.

    A segment is about a busy year of an info@ mailbox; the long run is many such years, not one
    store with 50,000 handled mails.
    """
    for first in range(0, count, SEGMENT):
        bot = fuzz_bot(server, folder / f"segment-{first // SEGMENT}")
        size = min(SEGMENT, count - first)
        start: list[bytes] = []
        for offset in range(0, size, PER_CYCLE):
            n = first + offset
            batch = deliver(bot, generate(min(PER_CYCLE, size - offset), seed=seed * 1_000_003 + n, start=n))
            start += batch
            cycle(bot, f"{len(batch)} mutations")
        cycle(bot, "the access-data job", now=ACCESS_AT)  # to whoever the mutations registered
        tally = checked(bot, start, "hypothesis mutations")
        print(
            f"mutations {first}-{first + size}: {tally.review} set aside, {tally.done} filed, {tally.left_flagged} left"
        )


def test_hostile_specials(fuzz_server: MailServer, tmp_path: Path) -> None:
    bot = fuzz_bot(fuzz_server, tmp_path)
    named = specials()
    if LONG_RUN:  # 20 s of the time cap: worth it in the long run, not in every CI run
        named.append(
            ("8,000 colleague addresses (minutes to read)", slow_mail("Slow <hostile99@b-b-e.test>"))
        )
    start = deliver(bot, [raw for _name, raw in named])
    assert len(start) == len(named), "Dovecot refused a special"
    seconds = cycle(bot, f"{len(start)} hostile specials")
    cycle(bot, "the access-data job", now=ACCESS_AT)
    tally = checked(bot, start, "hostile specials")
    store = Store(bot.store_path)
    outcomes = {
        rec.message_id: f"{rec.outcome.value} {rec.error or rec.reasons[-1:]}" for rec in store.messages()
    }
    for name, raw in named:
        print(f"{name}: {outcomes.get(f'<hostile-{_number(raw)}@x.test>', '?')}")
    print(f"specials: {len(start)} in {seconds:.1f} s; {tally.review} set aside")
    if LONG_RUN:
        # Once it took minutes and met the 20 s cap; the reading now caps the addresses per clause, so
        # it is read in time, and with thousands of colleagues it is staff's to decide.
        [slow] = [rec for rec in store.messages() if rec.message_id == "<slow-8000@x.test>"]
        assert slow.outcome is Outcome.REVIEW and slow.target_folder == "Anmeldebot/Prüfen", slow
        assert "MessageTimeout" not in slow.error, slow
    # The registration in the 25 MB mail is read, and since it was read only in part, staff decide.
    [big] = [rec for rec in store.messages() if rec.message_id == "<hostile-1@x.test>"]
    assert big.outcome is Outcome.REVIEW and big.intent == "register", big


def _number(raw: bytes) -> str:
    at = raw.find(b"<hostile-")
    return raw[at + 9 : raw.find(b"@", at)].decode(errors="replace") if at >= 0 else "?"


def test_a_reply_from_an_address_smtp_cannot_take_stops_no_sending(
    mailserver: MailServer, mail_users: Callable[[str], str], tmp_path: Path
) -> None:
    """Found by the fuzz run: one answer to a non-ASCII address crashed every cycle from then on."""
    bot = BotEnv(mailserver, mail_users("info"), tmp_path)
    members = [mail_users(n) for n in ("rita", "sven")]
    auth = {"Authentication-Results": "mx01.b-b-e.de; spf=pass smtp.mailfrom=b-b-e.test"}
    start = [
        make("Ich melde mich an.", sender=members[0], message_id="<r@x.test>", headers=auth),
        # 8-bit in the header, as in mangled or EAI mail: a domain that is not ASCII
        make(
            "Ich melde mich an.", sender="Jörg <joerg@koeln.test>", message_id="<j@x.test>", headers=auth
        ).replace(b"<joerg@koeln.test>", "<joerg@köln.test>".encode()),
        make("Ich melde mich an.", sender=members[1], message_id="<s@x.test>", headers=auth),
    ]
    bot.deliver(*start)
    for now in (NOW, "2020-06-05T12:00"):
        code, _out, err = bot.run("run", "--once", "--now", now)
        assert code == 0, err[-2000:]
    failed = [m for m in Store(bot.store_path).outbox() if m.status.value == "failed"]
    assert [(m.to, "553" in m.last_error) for m in failed] == [("joerg@köln.test", True)]
    check(bot, start, kinds={m: ["confirmation"] for m in members})


# ---- the time cap per message ------------------------------------------------------------------


def test_time_cap_interrupts_pure_python_work() -> None:
    started = time.monotonic()
    with pytest.raises(MessageTimeout), time_cap(0.2):
        while True:
            pass
    assert time.monotonic() - started < 2


def test_time_cap_interrupts_a_runaway_regular_expression() -> None:
    import re

    started = time.monotonic()
    with pytest.raises(MessageTimeout), time_cap(0.2):
        re.match(r"(a+)+$", "a" * 64 + "b")  # catastrophic backtracking: hours without the cap
    assert time.monotonic() - started < 2


def test_a_mail_that_takes_too_long_is_set_aside(
    mailserver: MailServer, mail_users: Callable[[str], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker path with a mail whose reading does not end: the cap stops it and the mail goes to
    staff; the mails around it are handled. Reading is made endless for one sender here (no real
    mail is known to be that slow any more), and the cap is 1 s instead of 20 s."""
    bot = BotEnv(mailserver, mail_users("info"), tmp_path)
    members = [mail_users(n) for n in ("olga", "paul")]
    slow_sender = mail_users("slow")
    start = [
        make("Ich melde mich an.", sender=members[0], message_id="<o@x.test>", headers=AUTH),
        make("Ich melde mich an.", sender=slow_sender, message_id="<s@x.test>", headers=AUTH),
        make("Ich melde mich an.", sender=members[1], message_id="<p@x.test>", headers=AUTH),
    ]
    bot.deliver(*start)
    real_classify = Classifier.classify

    def endless(self: Classifier, mail: ParsedMail, *args: Any, **kwargs: Any) -> Any:
        while mail.sender is not None and mail.sender.email == slow_sender:
            sum(range(10_000))  # pure Python work, as a pathological regex or parser would do
        return real_classify(self, mail, *args, **kwargs)

    monkeypatch.setattr(Classifier, "classify", endless)
    monkeypatch.setattr(worker_module, "MESSAGE_TIME_CAP", 1.0)
    started = time.monotonic()
    code, out, err = bot.run("run", "--once", "--now", NOW)
    assert code == 0, err
    assert time.monotonic() - started < 30
    assert "1 Fehler" in out, out
    tally = check(bot, start, registrations=dict.fromkeys(members, "registered"))
    assert tally.review == 1
    [rec] = [r for r in Store(bot.store_path).messages() if r.outcome is Outcome.REVIEW]
    assert "MessageTimeout" in rec.error and rec.review_open


def test_thousands_of_addresses_are_read_quickly_and_go_to_staff() -> None:
    """A mail naming 8,000 colleagues is read in well under the cap and put before staff."""
    from tests.test_classify import classify

    raw = slow_mail("slow@x.test")
    started = time.monotonic()
    result = classify(raw)
    print(f"8,000 addresses read in {time.monotonic() - started:.2f} s")
    assert result.needs_review


# ---- the long run (scripts/fuzz) ------------------------------------------------------------------


@pytest.mark.skipif(not LONG_RUN, reason="the long run: scripts/fuzz")
def test_long_fuzz_run(fuzz_server: MailServer, tmp_path: Path) -> None:
    count = int(os.environ["ANMELDEBOT_FUZZ_MESSAGES"])
    seed = int(os.environ.get("ANMELDEBOT_FUZZ_SEED", "1"))
    run_mutations(fuzz_server, tmp_path, count, seed)

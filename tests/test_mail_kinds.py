"""Every mail the bot writes, through the real local SMTP server into the recipients' Dovecot mailboxes.

The acceptance list of issue 4: a registration, a colleague registration, a late registration under
each late policy, a cancellation and a review case each produce exactly the expected mails in the
right mailboxes, threaded, with a valid .ics where promised, and nothing for out-of-office or bounce
mails; SMTP answering 421/451 for a while, then recovering (time driven by --now), and 550; a display
name that tries to add a Bcc; the dry run.
"""

from __future__ import annotations

import asyncio
import base64
import email
import email.policy
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from bot import samples
from bot.clock import FixedClock
from bot.compose import LANGUAGES, Templates, default_templates_dir
from bot.config import load_config
from bot.mails import MailFactory
from bot.outbox import RateLimit, SendSession, flush
from bot.records import MailStatus, OutgoingMail
from bot.sender import Sender
from bot.store import Store
from devmail.faults import FaultControl
from devmail.mailbox import logged_in
from devmail.server import MailServer
from tests.botenv import BotEnv
from tests.mailmaker import INVITATION_ID, INVITATION_SUBJECT, make

pytestmark = pytest.mark.mailserver

ROOT = Path(__file__).resolve().parents[1]
BERLIN = ZoneInfo("Europe/Berlin")
ZOOM = "2020-06-22-zoom"
NOW = "2020-06-05T10:00"
DONE, REVIEW = "Anmeldebot.Erledigt", "Anmeldebot.Prüfen"

Users = Callable[[str], str]


@pytest.fixture
def bot(mailserver: MailServer, mail_users: Users, tmp_path: Path) -> BotEnv:
    return BotEnv(mailserver, mail_users("info"), tmp_path)


def reply(sender: str, text: str, n: int, name: str = "Anna Beispiel", **kw: object) -> bytes:
    domain = sender.rpartition("@")[2]
    return make(text, sender=f"{name} <{sender}>", message_id=f"<reply-{n}@{domain}>", **kw)  # type: ignore[arg-type]


def kinds(bot: BotEnv, address: str) -> list[str]:
    return [str(m["X-Anmeldebot-Kind"]) for m in bot.mails(address)]


def text_of(msg: EmailMessage) -> str:
    body = msg.get_body(("plain",))
    assert body is not None
    return str(body.get_content()).replace("\r\n", "\n")


def calendar_of(msg: EmailMessage) -> icalendar.Calendar | None:
    found = [p for p in msg.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(found) <= 1
    return icalendar.Calendar.from_ical(found[0].get_content()) if found else None


def assert_threaded(msg: EmailMessage, member_id: str) -> None:
    assert msg["In-Reply-To"] == member_id
    assert msg["References"].split()[-1] == member_id
    assert msg["Subject"] == "AW: " + INVITATION_SUBJECT
    assert msg["Auto-Submitted"] == "auto-replied"


def assert_calendar(msg: EmailMessage, method: str, member: str) -> icalendar.Calendar:
    cal = calendar_of(msg)
    assert cal is not None, "a calendar entry was promised"
    assert str(cal["method"]) == method
    [vevent] = cal.walk("VEVENT")
    assert vevent.decoded("dtstart") == datetime(2020, 6, 22, 9, tzinfo=BERLIN)
    assert str(vevent["uid"]).startswith(f"{ZOOM}.{member.replace('@', '=')}@")
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    return cal


def outbox(bot: BotEnv) -> list[OutgoingMail]:
    store = Store(bot.store_path)
    try:
        return store.outbox()
    finally:
        store.close()


# ---- each kind, sent through SMTP and read back --------------------------------------------------


def test_each_kind_arrives_in_the_recipients_mailbox_as_it_was_built(bot: BotEnv, mail_users: Users) -> None:
    member = mail_users("anna")
    config = load_config(bot.config_path)
    factory = MailFactory(config, Templates(default_templates_dir(config.path)), lambda _s: "246810")
    built = [
        replace(mail, to=member, purpose=f"{i}:{mail.purpose}")
        for i, (variant, lang) in enumerate((v, lang) for v in samples.VARIANTS for lang in LANGUAGES)
        if (mail := variant.build(factory, config.event(ZOOM), lang)) is not None
    ]
    store = Store(bot.store_path)
    with store.transaction() as tx:
        for mail in built:
            assert tx.queue_mail(mail)
    smtp = config.require_smtp()

    async def connect() -> SendSession:
        sender = Sender(smtp, None)
        await sender.connect()
        return sender

    clock = FixedClock(datetime(2020, 6, 5, 10, tzinfo=BERLIN))
    report = asyncio.run(flush(store, connect, clock, smtp.sender_email, 3, RateLimit(0)))
    assert len(report.sent) == len(built) == 2 * len(samples.VARIANTS)

    arrived = bot.mails(member)
    assert len(arrived) == len(built)
    unmatched = list(built)
    for got in arrived:
        # Variants of one kind share a Message-ID (it is derived from the purpose): match by text too.
        mail = next(
            m
            for m in unmatched
            if m.message_id == got["Message-ID"] and text_of(_parse(m.raw)) == text_of(got)
        )
        unmatched.remove(mail)
        sent = _parse(mail.raw)
        for header in (
            "Subject",
            "From",
            "To",
            "In-Reply-To",
            "References",
            "Auto-Submitted",
            "Content-Language",
        ):
            assert got[header] == sent[header], (mail.purpose, header)
        assert text_of(got) == text_of(sent)
        got_cal, sent_cal = calendar_of(got), calendar_of(sent)
        assert (got_cal is None) == (sent_cal is None)
        if got_cal is not None and sent_cal is not None:
            assert got_cal.to_ical() == sent_cal.to_ical()


def _parse(raw: str) -> EmailMessage:
    msg = email.message_from_string(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


# ---- the acceptance list, through the worker -----------------------------------------------------


def test_a_registration_gets_a_threaded_confirmation_with_calendar(bot: BotEnv, mail_users: Users) -> None:
    anna = mail_users("anna")
    bot.deliver(reply(anna, "Hiermit melde ich mich für das Treffen an.", 1))
    bot.cycle(NOW)
    [confirmation] = bot.mails(anna)
    assert confirmation["X-Anmeldebot-Kind"] == "confirmation"
    assert_threaded(confirmation, f"<reply-1@{anna.partition('@')[2]}>")
    assert confirmation["References"].split()[0] == INVITATION_ID
    assert_calendar(confirmation, "PUBLISH", anna)
    assert "spätestens am Freitag, 19. Juni, per E-Mail" in text_of(confirmation)
    assert len(bot.mails(bot.info, DONE)) == 1


def test_a_colleague_registration_answers_the_sender_and_confirms_the_colleague(
    bot: BotEnv, mail_users: Users
) -> None:
    anna, bernd = mail_users("anna"), mail_users("bernd")
    text = f"Hiermit melde ich meinen Kollegen Bernd Muster ({bernd}) für das Treffen an."
    bot.deliver(reply(anna, text, 1))
    bot.cycle(NOW)
    assert kinds(bot, anna) == ["registered_others"]
    assert kinds(bot, bernd) == ["confirmation"]
    [to_anna], [to_bernd] = bot.mails(anna), bot.mails(bernd)
    assert_threaded(to_anna, f"<reply-1@{anna.partition('@')[2]}>")
    assert f"Bernd Muster ({bernd}): angemeldet" in text_of(to_anna)
    assert to_bernd["In-Reply-To"] is None and to_bernd["Subject"].startswith("Anmeldebestätigung: ")
    assert "Anna Beispiel hat Sie für das folgende Treffen angemeldet" in text_of(to_bernd)
    assert_calendar(to_bernd, "PUBLISH", bernd)


def test_registering_oneself_and_a_colleague(bot: BotEnv, mail_users: Users) -> None:
    anna, bernd = mail_users("anna"), mail_users("bernd")
    bot.deliver(reply(anna, f"Ich melde mich an, und meinen Kollegen Bernd Muster ({bernd}) bitte auch.", 1))
    bot.cycle(NOW)
    assert (kinds(bot, anna), kinds(bot, bernd)) == (["confirmation"], ["confirmation"])
    assert f"Außerdem haben Sie angemeldet:\n\n  - Bernd Muster ({bernd})" in text_of(bot.mails(anna)[0])


def test_one_sentence_registering_for_two_meetings_gets_a_confirmation_for_each(
    bot: BotEnv, mail_users: Users
) -> None:
    anna = mail_users("anna")
    bot.deliver(reply(anna, "Ich bin am 22. dabei und in Göttingen im September auch.", 1))
    bot.cycle(NOW)
    confirmations = bot.mails(anna)
    assert [m["X-Anmeldebot-Kind"] for m in confirmations] == ["confirmation", "confirmation"]
    june, goettingen = sorted(confirmations, key=lambda m: "Göttingen" in text_of(m))
    assert_threaded(june, f"<reply-1@{anna.partition('@')[2]}>")
    assert_calendar(june, "PUBLISH", anna)
    # the other meeting's confirmation answers the same mail under that meeting's own subject
    assert goettingen["In-Reply-To"] == f"<reply-1@{anna.partition('@')[2]}>"
    assert "Göttingen" in text_of(goettingen) and goettingen["Subject"].startswith("Anmeldebestätigung: ")
    cal = calendar_of(goettingen)
    assert cal is not None
    [vevent] = cal.walk("VEVENT")
    assert vevent.decoded("dtstart").date() == date(2020, 9, 4)
    bot.cycle(NOW)
    assert len(bot.mails(anna)) == 2  # nothing twice


LATE = {
    "accept": ("confirmation", "Ihre Anmeldung kam nach dem Anmeldeschluss", "PUBLISH"),
    "waitlist": ("waitlisted", "Wir haben Sie deshalb auf die Warteliste gesetzt", None),
    "decline": ("late_declined", "können für dieses Treffen keine Anmeldungen mehr annehmen", None),
}


@pytest.mark.parametrize("policy", list(LATE))
def test_a_late_registration_under_each_policy(bot: BotEnv, mail_users: Users, policy: str) -> None:
    bot.write_config(**{'late_policy = "accept"': f'late_policy = "{policy}"'})  # the Zoom event's
    anna = mail_users("anna")
    bot.deliver(reply(anna, "Ich melde mich an.", 1, date=datetime(2020, 6, 14, 9, 30, tzinfo=BERLIN)))
    bot.cycle("2020-06-15T10:00")
    kind, words, method = LATE[policy]
    [answer] = bot.mails(anna)
    assert answer["X-Anmeldebot-Kind"] == kind
    assert_threaded(answer, f"<reply-1@{anna.partition('@')[2]}>")
    assert words in text_of(answer) and "Freitag, 12. Juni 2020, 23:59 Uhr" in text_of(answer)
    if method:
        assert_calendar(answer, method, anna)
    else:
        assert calendar_of(answer) is None, "no calendar entry for a place not given"


def test_a_cancellation_removes_the_calendar_entry(bot: BotEnv, mail_users: Users) -> None:
    anna = mail_users("anna")
    bot.deliver(reply(anna, "Ich bin dabei.", 1))
    bot.cycle(NOW)
    bot.deliver(reply(anna, "Leider muss ich mich wieder abmelden.", 2))
    bot.cycle("2020-06-06T10:00")
    confirmation, cancellation = bot.mails(anna)
    assert cancellation["X-Anmeldebot-Kind"] == "cancellation"
    assert_threaded(cancellation, f"<reply-2@{anna.partition('@')[2]}>")
    cancel = assert_calendar(cancellation, "CANCEL", anna)
    first = assert_calendar(confirmation, "PUBLISH", anna)
    [old], [new] = first.walk("VEVENT"), cancel.walk("VEVENT")
    assert str(new["uid"]) == str(old["uid"]) and int(new.decoded("sequence")) > int(old.decoded("sequence"))
    assert str(new["status"]) == "CANCELLED"


def test_a_question_goes_to_staff_and_the_member_hears_once_a_day(bot: BotEnv, mail_users: Users) -> None:
    emil = mail_users("emil")
    bot.deliver(reply(emil, "Gibt es eine Aufzeichnung der Sitzung?", 1, name="Emil Frage"))
    bot.cycle(NOW)
    bot.deliver(reply(emil, "Und gibt es die Folien vorab?", 2, name="Emil Frage"))
    bot.cycle("2020-06-05T15:00")
    assert kinds(bot, emil) == ["review_ack"]
    assert_threaded(bot.mails(emil)[0], f"<reply-1@{emil.partition('@')[2]}>")
    assert "meldet sich so bald wie möglich persönlich bei Ihnen" in text_of(bot.mails(emil)[0])
    assert len(bot.mails(bot.info, REVIEW)) == 2


def test_a_registration_with_a_question_or_a_list_change_is_confirmed_and_set_aside_for_staff(
    bot: BotEnv, mail_users: Users
) -> None:
    anna, bernd, carla = mail_users("anna"), mail_users("bernd"), mail_users("carla")
    bot.deliver(
        reply(anna, "Ich melde mich an. Gibt es eine Aufzeichnung?", 1),
        reply(bernd, "Ich bin dabei. Meine Adresse hat sich geändert, bitte ändern Sie das im Verteiler.", 2),
        reply(carla, "Ich bin dabei.", 3),
    )
    bot.cycle(NOW)
    assert (kinds(bot, anna), kinds(bot, bernd), kinds(bot, carla)) == (["confirmation"],) * 3
    set_aside = sorted(m["From"].addresses[0].addr_spec for m in bot.mails(bot.info, REVIEW))
    assert set_aside == sorted([anna, bernd])
    assert len(bot.mails(bot.info, DONE)) == 1


def test_nothing_for_out_of_office_and_bounce_mails(bot: BotEnv, mail_users: Users) -> None:
    otto = mail_users("otto")
    fixtures = ROOT / "tests" / "fixtures" / "replies"
    out_of_office = reply(
        otto,
        "Ich bin nicht im Büro.",
        1,
        subject="Abwesenheitsnotiz: Einladung",
        headers={"Auto-Submitted": "auto-replied"},
    )
    bot.deliver(out_of_office, (fixtures / "140.eml").read_bytes(), (fixtures / "107.eml").read_bytes())
    out = bot.cycle(NOW)
    assert "3 ohne Antwort" in out and "0 Mail(s) gesendet" in out
    assert bot.mails(otto) == [] and outbox(bot) == []


def test_a_mail_from_our_own_address_gets_no_answer(bot: BotEnv) -> None:
    bot.deliver(reply(bot.info, "Ich melde mich an.", 1, name="BBE-Geschäftsstelle"))
    bot.cycle(NOW)
    bot.cycle(NOW)
    assert outbox(bot) == [] and bot.mails(bot.info) == []


def test_at_most_five_automatic_answers_to_one_sender_a_day(bot: BotEnv, mail_users: Users) -> None:
    anna = mail_users("anna")
    bot.deliver(*(reply(anna, "Ich melde mich an.", n) for n in range(1, 8)))
    bot.cycle(NOW)
    assert kinds(bot, anna) == ["confirmation"] * 5
    bot.deliver(reply(anna, "Ich melde mich an.", 9))
    bot.cycle("2020-06-06T10:01")  # a day later: answered again
    assert len(bot.mails(anna)) == 6


# ---- SMTP refusing, then recovering ----------------------------------------------------------------


def test_451_for_a_while_then_the_mail_goes_out_once(
    bot: BotEnv, mail_users: Users, smtp_faults: FaultControl
) -> None:
    anna, bernd = mail_users("anna"), mail_users("bernd")
    smtp_faults.add("rcpt", 451, recipient=anna, times=2)
    bot.deliver(reply(anna, "Ich melde mich an.", 1), reply(bernd, "Ich bin dabei.", 2, name="Bernd Muster"))
    assert "1 später erneut" in bot.cycle("2020-06-05T10:00")
    assert (len(bot.mails(anna)), len(bot.mails(bernd))) == (0, 1), "one refused recipient holds up no other"
    assert "0 Mail(s) gesendet" in bot.cycle("2020-06-05T10:00:30")  # backoff: not yet
    assert "1 später erneut" in bot.cycle("2020-06-05T10:01")
    assert "1 Mail(s) gesendet" in bot.cycle("2020-06-05T10:03")
    bot.cycle("2020-06-05T11:00")
    assert (len(bot.mails(anna)), len(bot.mails(bernd))) == (1, 1)
    [mail] = [m for m in outbox(bot) if m.to == anna]
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 3)


def test_421_while_the_provider_is_down_then_every_mail_once(
    bot: BotEnv, mail_users: Users, smtp_faults: FaultControl
) -> None:
    members = [mail_users(name) for name in ("kim", "lea", "max")]
    smtp_faults.add("mail", 421, times=None)  # until cleared
    bot.deliver(*(reply(m, "Ich melde mich an.", i) for i, m in enumerate(members)))
    for now in ("2020-06-05T10:00", "2020-06-05T10:01", "2020-06-05T10:03"):
        bot.cycle(now)
    assert all(bot.mails(m) == [] for m in members)
    smtp_faults.clear()
    bot.cycle("2020-06-05T10:07")
    bot.cycle("2020-06-05T12:00")
    assert [kinds(bot, m) for m in members] == [["confirmation"]] * 3
    assert {m.status for m in outbox(bot)} == {MailStatus.SENT}


def test_550_leaves_the_mail_failed_and_visible_to_staff(
    bot: BotEnv, mail_users: Users, smtp_faults: FaultControl
) -> None:
    anna = mail_users("anna")
    smtp_faults.add("rcpt", 550, recipient=anna, times=None)
    bot.deliver(reply(anna, "Ich melde mich an.", 1))
    assert "1 fehlgeschlagen" in bot.cycle(NOW)
    smtp_faults.clear()
    bot.cycle("2020-06-06T10:00")
    assert bot.mails(anna) == []
    [mail] = outbox(bot)
    assert (mail.status, mail.kind, mail.to) == (MailStatus.FAILED, "confirmation", anna)
    assert mail.last_error.startswith("SMTP rcpt: 550 5.1.1") and mail.raw
    code, out, err = bot.run("status", "--now", "2020-06-06T10:00")
    assert code == 0, err
    assert "1 fehlgeschlagen" in out


# ---- a display name that tries to add a recipient ----------------------------------------------------


def hostile_reply(display_name: str, sender: str, n: int) -> bytes:
    """Written by hand: the email package must not get a chance to tidy the trick away."""
    domain = sender.partition("@")[2]
    lines = [
        f"Authentication-Results: mx01.b-b-e.de; spf=pass smtp.mailfrom={domain}",
        f"From: {display_name} <{sender}>",
        "To: info@b-b-e.de",
        f"Subject: Re: {INVITATION_SUBJECT}",
        "Date: Tue, 09 Jun 2020 08:12:00 +0200",
        f"Message-ID: <hostile-{n}@{domain}>",
        f"In-Reply-To: {INVITATION_ID}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Hiermit melde ich mich für das Treffen an.",
        "",
    ]
    return "\r\n".join(lines).encode()


def q_word(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


@pytest.mark.parametrize(
    "trick",
    [
        "encoded CR LF",
        "double-encoded",
        "quoted CR LF",
    ],
)
def test_a_display_name_adds_no_header_and_no_recipient(bot: BotEnv, mail_users: Users, trick: str) -> None:
    eve, evil = mail_users("eve"), mail_users("evil")
    names = {
        "encoded CR LF": q_word(f"Eve\r\nBcc: {evil}"),
        "double-encoded": q_word(f"=?utf-8?q?Eve=0D=0ABcc=3A_{evil.replace('@', '=40')}?="),
        "quoted CR LF": f'"Eve\\\r\n Bcc: {evil}"',
    }
    bot.deliver(hostile_reply(names[trick], eve, 1))
    bot.cycle(NOW)
    assert bot.mails(evil) == []
    [mail] = bot.mails(eve)
    assert mail["X-Anmeldebot-Kind"] == "confirmation"
    assert mail["Bcc"] is None and mail["Cc"] is None
    assert [a.addr_spec for a in mail["To"].addresses] == [eve]
    assert evil not in str(mail["To"])
    raw = bot.server.messages(eve)[0]
    head = raw.split(b"\r\n\r\n", 1)[0].lower()
    assert b"\r\nbcc:" not in head and evil.encode() not in head


# ---- the dry run ------------------------------------------------------------------------------------


def inbox_flags(server: MailServer, user: str) -> list[tuple[bytes, ...]]:
    with logged_in(server.info.imap, user) as client:
        client.select_folder("INBOX", readonly=True)
        uids = client.search("ALL")
        return [
            # \Recent only says which session saw a mail first; it is nobody's mark.
            tuple(sorted(set(item[b"FLAGS"]) - {b"\\Recent"}))
            for _uid, item in sorted(client.fetch(uids, ["FLAGS"]).items())
        ]


def test_dry_run_writes_the_mails_and_leaves_no_trace(bot: BotEnv, mail_users: Users, tmp_path: Path) -> None:
    anna, bernd, carla = mail_users("anna"), mail_users("bernd"), mail_users("carla")
    bot.deliver(reply(anna, "Ich melde mich an.", 1))
    bot.cycle(NOW)  # a store with history, so the copy is tested, not an empty start
    bot.deliver(
        reply(bernd, "Ich bin dabei.", 2, name="Bernd Muster"), reply(carla, "Frage: gibt es Folien?", 3)
    )
    store_before = bot.store_path.read_bytes()
    flags_before = inbox_flags(bot.server, bot.info)
    eml_dir = tmp_path / "dry"

    code, out, err = bot.run(
        "run", "--once", "--dry-run", "--outbox-dir", str(eml_dir), "--now", "2020-06-05T11:00"
    )
    assert code == 0, err
    assert "Probelauf: 2 Mail(s) als .eml" in out
    written = sorted(p.name for p in eml_dir.iterdir())
    assert written == [f"01-confirmation-{bernd}.eml", f"02-review_ack-{carla}.eml"]
    eml = _parse((eml_dir / written[0]).read_text())
    assert (eml["X-Anmeldebot-Kind"], eml["To"].addresses[0].addr_spec) == ("confirmation", bernd)
    assert eml["In-Reply-To"] == f"<reply-2@{bernd.partition('@')[2]}>"

    assert bot.store_path.read_bytes() == store_before
    assert inbox_flags(bot.server, bot.info) == flags_before and len(flags_before) == 2
    assert bot.mails(bernd) == [] and bot.mails(carla) == []

    bot.cycle("2020-06-05T11:00")
    assert (kinds(bot, bernd), kinds(bot, carla)) == (["confirmation"], ["review_ack"])
    assert bot.mails(bot.info) == []


def test_dry_run_needs_once(bot: BotEnv) -> None:
    code, _out, err = bot.run("run", "--dry-run")
    assert code == 2 and "--dry-run needs --once" in err


def test_dry_run_before_the_first_real_run_creates_no_store(
    bot: BotEnv, mail_users: Users, tmp_path: Path
) -> None:
    anna = mail_users("anna")
    bot.deliver(reply(anna, "Ich melde mich an.", 1))
    code, out, err = bot.run(
        "run", "--once", "--dry-run", "--outbox-dir", str(tmp_path / "dry"), "--now", NOW
    )
    assert code == 0, err
    assert "Probelauf: 1 Mail(s)" in out and not bot.store_path.parent.exists()
    bot.cycle(NOW)
    assert kinds(bot, anna) == ["confirmation"]

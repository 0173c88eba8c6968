"""The whole path through the real local Dovecot and SMTP server (issue 2's acceptance)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from devmail.server import MailServer
from tests.botenv import BotEnv
from tests.mailmaker import INVITATION_SUBJECT, make

pytestmark = pytest.mark.mailserver

NOW = "2020-06-05T10:00"


@pytest.fixture
def bot(mailserver: MailServer, mail_users: Callable[[str], str], tmp_path: Path) -> BotEnv:
    return BotEnv(mailserver, mail_users("info"), tmp_path)


def reply(member: str, text: str, n: int = 1, **kw: object) -> bytes:
    return make(
        text, sender=f"Anna Beispiel <{member}>", message_id=f"<reply-{n}@{member.split('@')[1]}>", **kw
    )  # type: ignore[arg-type]


def test_registration_is_stored_and_confirmed_in_the_members_thread(
    bot: BotEnv, mail_users: Callable[[str], str]
) -> None:
    member = mail_users("anna")
    bot.deliver(reply(member, "Hiermit melde ich mich für das Treffen an."))
    out = bot.cycle(NOW)
    assert "1 erledigt" in out and "1 Mail(s) gesendet" in out

    code, listing, _ = bot.run("attendees", "--event", "2020-06-22-zoom", "--format", "json")
    assert code == 0
    rows = json.loads(listing)
    assert [(r["email"], r["status"], r["source_message_id"]) for r in rows] == [
        (member, "registered", f"<reply-1@{member.split('@')[1]}>")
    ]
    assert rows[0]["registered_at"].startswith("2020-06-05T10:00")

    [confirmation] = bot.mails(member)
    assert confirmation["In-Reply-To"] == f"<reply-1@{member.split('@')[1]}>"
    assert f"<reply-1@{member.split('@')[1]}>" in confirmation["References"]
    assert confirmation["Subject"] == "AW: " + INVITATION_SUBJECT
    assert confirmation["Auto-Submitted"] == "auto-replied"
    assert confirmation["Message-ID"].endswith("@b-b-e.test>")
    body = confirmation.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "Montag, 22. Juni 2020, 9:00 bis 12:30 Uhr" in text and "Abmeldung" in text
    ics = [p for p in confirmation.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(ics) == 1 and "BEGIN:VEVENT" in ics[0].get_content()

    # The reply is flagged and moved, so staff see the decision in their mail client.
    assert bot.mails(bot.info) == []
    assert len(bot.mails(bot.info, "Anmeldebot.Erledigt")) == 1


def test_second_run_sends_nothing_and_changes_nothing(bot: BotEnv, mail_users: Callable[[str], str]) -> None:
    member = mail_users("bernd")
    bot.deliver(reply(member, "Ich bin dabei!"))
    bot.cycle(NOW)
    before = bot.store_path.read_bytes()
    stat = bot.store_path.stat()
    out = bot.cycle(NOW)
    assert "0 neue Mail(s)" in out and "0 Mail(s) gesendet" in out
    assert bot.store_path.read_bytes() == before
    assert bot.store_path.stat().st_mtime_ns == stat.st_mtime_ns
    assert len(bot.mails(member)) == 1


def test_the_same_message_twice_is_handled_once(bot: BotEnv, mail_users: Callable[[str], str]) -> None:
    member = mail_users("carla")
    raw = reply(member, "Gerne nehme ich teil.")
    bot.deliver(raw, raw)
    bot.cycle(NOW)
    bot.deliver(raw)  # copied into the folder again later
    bot.cycle(NOW)
    assert len(bot.mails(member)) == 1
    assert len(bot.mails(bot.info, "Anmeldebot.Erledigt")) == 3


def test_cancellation_question_and_machines(bot: BotEnv, mail_users: Callable[[str], str]) -> None:
    dora, emil, otto = mail_users("dora"), mail_users("emil"), mail_users("otto")
    bot.deliver(reply(dora, "Ich melde mich an.", n=1))
    bot.cycle(NOW)
    bot.deliver(
        reply(dora, "Leider muss ich mich wieder abmelden.", n=2),
        reply(emil, "Gibt es eine Aufzeichnung der Sitzung?", n=3),
        reply(
            otto,
            "Ich bin nicht im Büro.",
            n=4,
            subject="Abwesenheitsnotiz: Einladung",
            headers={"Auto-Submitted": "auto-replied"},
        ),
    )
    bot.cycle("2020-06-06T10:00")
    dora_mails = [m["Subject"] for m in bot.mails(dora)]
    assert len(dora_mails) == 2
    assert [m["X-Anmeldebot-Kind"] for m in bot.mails(dora)] == ["confirmation", "cancellation"]
    assert [m["X-Anmeldebot-Kind"] for m in bot.mails(emil)] == ["review_ack"]
    assert bot.mails(otto) == []
    assert len(bot.mails(bot.info, "Anmeldebot.Prüfen")) == 1
    _code, listing, _ = bot.run("attendees", "--event", "2020-06-22-zoom", "--format", "json", "--all")
    assert [(r["email"], r["status"]) for r in json.loads(listing)] == [(dora, "cancelled")]


def test_a_mail_that_breaks_the_parser_is_set_aside(bot: BotEnv, mail_users: Callable[[str], str]) -> None:
    member = mail_users("fritz")
    bot.deliver(b"\x00\x01 not a mail at all \xff\xfe\r\n\r\n", reply(member, "Ich bin dabei."))
    out = bot.cycle(NOW)
    assert "1 erledigt" in out
    assert len(bot.mails(member)) == 1
    assert len(bot.mails(bot.info, "Anmeldebot.Prüfen")) + len(bot.mails(bot.info)) == 1


def test_a_changed_uidvalidity_neither_reprocesses_nor_loses_mail(
    bot: BotEnv, mail_users: Callable[[str], str], mailserver: MailServer
) -> None:
    from imapclient import IMAPClient

    bot.write_config(**{'folder = "INBOX"': 'folder = "Antworten"'})
    first, second = mail_users("uwe"), mail_users("vera")
    old = reply(first, "Ich bin dabei.", n=1)
    mailserver.append(bot.info, [old], folder="Antworten")
    bot.cycle(NOW)
    assert len(bot.mails(first)) == 1

    # The folder is rebuilt (a restore, a server move): UIDVALIDITY changes, UIDs start again at 1.
    # The old reply is back, unmarked, next to a new one.
    info = mailserver.info
    with IMAPClient(info.host, port=info.imap_port, ssl=False) as client:
        client.login(bot.info, info.password)
        before = client.select_folder("Antworten")[b"UIDVALIDITY"]
        client.close_folder()
        client.delete_folder("Antworten")
        client.create_folder("Antworten")
    mailserver.append(bot.info, [old, reply(second, "Ich nehme gern teil.", n=2)], folder="Antworten")
    with IMAPClient(info.host, port=info.imap_port, ssl=False) as client:
        client.login(bot.info, info.password)
        assert client.select_folder("Antworten")[b"UIDVALIDITY"] != before

    bot.cycle(NOW)
    assert len(bot.mails(first)) == 1, "the old reply was not answered again"
    assert len(bot.mails(second)) == 1, "the new reply was not lost"
    assert bot.mails(bot.info, "Antworten") == []
    bot.cycle(NOW)
    assert len(bot.mails(second)) == 1


def test_members_ask_for_their_access_data_or_their_status(
    bot: BotEnv, mail_users: Callable[[str], str]
) -> None:
    early, late, stranger = mail_users("wim"), mail_users("xena"), mail_users("yuri")
    bot.deliver(reply(early, "Ich melde mich an.", n=1), reply(late, "Ich melde mich an.", n=2))
    bot.cycle(NOW)
    bot.deliver(reply(late, "Bin ich eigentlich angemeldet?", n=3))
    bot.cycle("2020-06-10T10:00")
    assert [m["X-Anmeldebot-Kind"] for m in bot.mails(late)] == ["confirmation", "status"]
    status = bot.mails(late)[1].get_body(("plain",))
    assert status is not None and "Sie sind angemeldet" in status.get_content()

    bot.cycle("2020-06-19T10:00")  # the access data go out
    bot.deliver(
        reply(early, "Ich finde die Zugangsdaten nicht mehr, können Sie sie noch einmal schicken?", n=4),
        reply(stranger, "Ich habe die Zugangsdaten nicht bekommen.", n=5),
    )
    bot.cycle("2020-06-20T10:00")
    assert [m["X-Anmeldebot-Kind"] for m in bot.mails(early)] == [
        "confirmation",
        "access_data",
        "access_data",
    ]
    assert [m["X-Anmeldebot-Kind"] for m in bot.mails(stranger)] == ["review_ack"], (
        "not registered: staff decide"
    )


def test_a_confirmation_for_another_meeting_does_not_keep_the_threads_subject(
    bot: BotEnv, mail_users: Callable[[str], str]
) -> None:
    member = mail_users("zoe")
    bot.deliver(
        reply(
            member,
            "Am 22.6. bin ich leider nicht dabei. Für Göttingen im September melden Sie mich aber bitte an!",
        )
    )
    bot.cycle(NOW)
    [mail] = bot.mails(member)
    assert mail["Subject"].startswith("Anmeldebestätigung: AG-Sitzung im 3. Quartal")
    assert mail["In-Reply-To"] == f"<reply-1@{member.split('@')[1]}>", "still in the member's thread"

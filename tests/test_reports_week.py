"""A realistic week and more, driven with the real worker and --now against the local mail server.

Staff and the spokesperson have mailboxes of their own; what arrives there is checked item by item:
each daily digest names exactly the people and mails of its day, nothing goes out on a day with
nothing to say, a worker that was down a week sends one digest and the due summary once, and the
purge 90 days after the meeting leaves no address of its participants in the store file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from devmail.faults import FaultControl
from devmail.server import MailServer
from tests.botenv import BotEnv
from tests.mailmaker import make

pytestmark = pytest.mark.mailserver

TZ = ZoneInfo("Europe/Berlin")
ZOOM = "2020-06-22-zoom"
GOETTINGEN = "Re: Einladung: AG-Sitzung im 3. Quartal: kleine und ländliche Kommunen"
HEADING = re.compile(r"^== (.+?)(?::.*)? ==$")


class Week:
    """The bot, its people and small helpers to write to it and read what it sent."""

    def __init__(self, bot: BotEnv, addresses: dict[str, str]) -> None:
        self.bot = bot
        self.p = addresses
        self.n = 0

    def reply(self, who: str, text: str, when: str, **kw: Any) -> bytes:
        """A member's answer to the invitation, with a Message-ID that names nobody."""
        self.n += 1
        name = who.title() + " " + PEOPLE[who]
        date = datetime.fromisoformat(when).replace(tzinfo=TZ)
        return make(
            text, sender=f"{name} <{self.p[who]}>", message_id=f"<week-{self.n}@mail.test>", date=date, **kw
        )

    def deliver(self, *raws: bytes) -> None:
        self.bot.deliver(*raws)

    def digests(self) -> list[EmailMessage]:
        return self.bot.mails(self.p["staff"])

    def kinds(self, who: str) -> list[str]:
        return [str(m["X-Anmeldebot-Kind"]) for m in self.bot.mails(self.p[who])]

    def person(self, who: str) -> str:
        return f"{who.title()} {PEOPLE[who]} <{self.p[who]}>"


PEOPLE = {
    "staff": "Geschäftsstelle",
    "sprecher": "Schöffmann",
    "anna": "Ähnlich",
    "bernd": "Bärwald",
    "carla": "Czerny",
    "dora": "Dorfmann",
    "emil": "Eichhorn",
    "fritz": "Fröhlich",
    "gustav": "Grünberg",
    "helga": "Heß",
    "ingo": "Imhoff",
    "jonas": "Jürgens",
    "kurt": "Kühn",
    "otto": "Oßwald",
}


@pytest.fixture
def week(mailserver: MailServer, mail_users: Callable[[str], str], tmp_path: Path) -> Week:
    p = {name: mail_users(name) for name in PEOPLE}
    people = {
        'staff = ["info@b-b-e.de"]': f'staff = ["{p["staff"]}"]',
        'spokespersons = ["sprecher-ag-kommune@b-b-e.de"]': f'spokespersons = ["{p["sprecher"]}"]',
    }
    return Week(BotEnv(mailserver, mail_users("info"), tmp_path, people), p)


def dsn(failed: str, when: str) -> bytes:
    """A Postfix delivery report: our mail to `failed` could not be delivered."""
    date = format_datetime(datetime.fromisoformat(when).replace(tzinfo=TZ))
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.mail.test>\r\nTo: info@b-b-e.de\r\n"
        f"Subject: Undelivered Mail Returned to Sender\r\nDate: {date}\r\n"
        "Message-ID: <dsn-1@mx.mail.test>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nThis is the mail system at host mx.mail.test.\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.mail.test\r\n\r\n"
        f"Final-Recipient: rfc822; {failed}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
        f"--b\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: info@b-b-e.de\r\nTo: {failed}\r\n\r\n--b--\r\n"
    ).encode()


def sections(digest: EmailMessage) -> dict[str, list[str]]:
    """The plain-text digest cut at its "== heading ==" lines, each with its non-empty lines."""
    body = digest.get_body(("plain",))
    assert body is not None
    out: dict[str, list[str]] = {"": []}
    current = ""
    for line in body.get_content().splitlines():
        match = HEADING.match(line)
        if match:
            current = match.group(1)
            out[current] = []
        elif line.strip():
            out[current].append(line.strip())
    return out


def bullets(lines: list[str], label: str) -> list[str]:
    """The '- ...' lines under `label:` (up to the next label) in a digest section."""
    try:
        start = lines.index(label + ":") + 1
    except ValueError:
        return []
    found = []
    for line in lines[start:]:
        if not line.startswith("- "):
            break
        found.append(line[2:])
    return found


def html(digest: EmailMessage) -> str:
    body = digest.get_body(("html",))
    assert body is not None
    return str(body.get_content())


def test_a_week_of_digests_and_summaries(week: Week, smtp_faults: FaultControl) -> None:
    bot, p = week.bot, week.p

    # Mon 8 June, 7:30: nothing has happened yet: the digest is due but has nothing to say.
    bot.cycle("2020-06-08T07:30")
    assert week.digests() == []

    # Mon 10:00: two registrations and an out-of-office reply.
    week.deliver(
        week.reply("anna", "Hiermit melde ich mich für das Arbeitstreffen an.", "2020-06-08T09:12"),
        week.reply("bernd", "Ich nehme gerne teil.", "2020-06-08T09:40"),
        week.reply(
            "otto",
            "Ich bin bis zum 15. Juni nicht im Büro.",
            "2020-06-08T09:41",
            subject="Abwesenheitsnotiz: Einladung",
            headers={"Auto-Submitted": "auto-replied"},
        ),
    )
    bot.cycle("2020-06-08T10:00")
    assert week.digests() == []  # the day's digest went out at 7:30 (silently); the next is tomorrow

    # Tue 9 June, 7:30: digest 1.
    bot.cycle("2020-06-09T07:30")
    [d1] = week.digests()
    s = sections(d1)
    events = s["Anmeldungen"]
    assert bullets(events, "Neu angemeldet") == [week.person("anna"), week.person("bernd")]
    assert bullets(events, "Abgemeldet") == []
    assert "2 angemeldet, 0 auf der Warteliste, 0 abgemeldet" in events
    assert len(s["Abwesenheitsnotizen und andere automatische Antworten"]) == 1
    assert week.person("otto") in s["Abwesenheitsnotizen und andere automatische Antworten"][0]
    assert "Zu prüfen" not in s and "Zustellprobleme" not in s
    assert s["Als Nächstes"][0].startswith("Freitag, 12. Juni 2020, 23:59 Uhr: Anmeldeschluss")
    assert d1["Subject"] == (
        "Anmeldebot-Tagesbericht Dienstag, 9. Juni 2020: 2 neu angemeldet, 0 abgemeldet, 0 zu prüfen"
    )
    assert d1["Auto-Submitted"] == "auto-generated" and d1["X-Anmeldebot-Kind"] == "digest"

    # Tue 11:00: a registration with a colleague, a question, a cancellation, and a registration
    # whose confirmation the member's server refuses for good.
    smtp_faults.add("rcpt", 550, recipient=p["fritz"], times=None)
    week.deliver(
        week.reply(
            "carla",
            f"Ich melde mich an, und bitte melden Sie auch meine Kollegin Dora Dorfmann ({p['dora']}) an.",
            "2020-06-09T10:02",
        ),
        week.reply(
            "emil",
            "Gibt es eine Aufzeichnung der Sitzung? Ich weiß noch nicht, ob ich kann.",
            "2020-06-09T10:20",
        ),
        week.reply("anna", "Leider muss ich meine Anmeldung zurückziehen.", "2020-06-09T10:31"),
        week.reply("fritz", "Ich bin dabei.", "2020-06-09T10:45"),
    )
    bot.cycle("2020-06-09T11:00")
    assert week.kinds("fritz") == []

    # Wed 10 June, 7:30: digest 2.
    bot.cycle("2020-06-10T07:30")
    d2 = week.digests()[1]
    s = sections(d2)
    events = s["Anmeldungen"]
    assert bullets(events, "Neu angemeldet") == [
        week.person("carla"),
        f"Dora Dorfmann <{p['dora']}>",
        week.person("fritz"),
    ]
    assert bullets(events, "Abgemeldet") == [week.person("anna") + " (vorher angemeldet)"]
    assert "4 angemeldet, 0 auf der Warteliste, 1 abgemeldet" in events
    review = s["Zu prüfen"]
    [emil_id] = re.findall(r"^\[([0-9a-f]{8})\]", "\n".join(review), re.M)
    assert f"Von:     {week.person('emil')}" in review
    assert any(line.startswith("Text:    „Gibt es eine Aufzeichnung der Sitzung?") for line in review)
    assert "liegt im Ordner „Anmeldebot/Prüfen“" in review[0]
    assert f"Erledigen: anmeldebot resolve {emil_id} --as register|cancel|ignore [--event ID]" in review
    problems = s["Zustellprobleme"]
    assert len(problems) == 1 and problems[0].startswith(
        f"Nicht gesendet: Anmeldebestätigung an {p['fritz']}"
    )
    assert "550" in problems[0]
    assert "Abwesenheitsnotizen und andere automatische Antworten" not in s
    assert "1 zu prüfen, 1 Zustellproblem(e)" in d2["Subject"]

    # Wed 12:00: our mail to Bernd bounced; staff settle Emil's question and add Gustav by phone.
    smtp_faults.clear()
    week.deliver(dsn(p["bernd"], "2020-06-10T11:50"))
    bot.cycle("2020-06-10T12:00")
    code, out, err = bot.run("resolve", emil_id, "--as", "ignore", "--now", "2020-06-10T12:30")
    assert code == 0, err
    code, out, err = bot.run(
        "add", p["gustav"], "--event", ZOOM, "--name", "Gustav Grünberg", "--organisation",
        "Landkreis Göttingen", "--reason", "telefonisch angemeldet", "--notify", "--now", "2020-06-10T12:40",
    )  # fmt: skip
    assert code == 0, err
    assert week.kinds("gustav") == ["confirmation"]

    # Thu 11 June, 7:30: digest 3: the bounce (Bernd is registered: no access data for him).
    bot.cycle("2020-06-11T07:30")
    d3 = week.digests()[2]
    s = sections(d3)
    assert bullets(s["Anmeldungen"], "Neu angemeldet") == [f"Gustav Grünberg <{p['gustav']}>"]
    assert "Zu prüfen" not in s  # settled yesterday
    assert s["Zustellprobleme"] == [
        f"Unzustellbar: {p['bernd']} (5.1.1), gemeldet 10.06.2020 12:00",
        "ACHTUNG: angemeldet für „4. Arbeitstreffen der AG Bürgerschaftliches Engagement und Kommune“ "
        "– bekommt unsere Mails (auch die Zugangsdaten) nicht.",
    ]  # Fritz's failed mail was reported yesterday, not again

    # Fri 12 June, 7:30: nothing happened: no digest.
    bot.cycle("2020-06-12T07:30")
    assert len(week.digests()) == 3

    # Fri 18:00: Helga registers; Ingo is unsure, staff decide he is registered.
    ingo = week.reply(
        "ingo", "Vielleicht kann ich teilnehmen, das entscheidet sich erst nächste Woche.", "2020-06-12T17:45"
    )
    week.deliver(week.reply("helga", "Ich melde mich hiermit an.", "2020-06-12T17:30"), ingo)
    bot.cycle("2020-06-12T18:00")
    assert week.kinds("ingo") == ["review_ack"]
    code, out, _ = bot.run("review", "--json", "--now", "2020-06-12T19:00")
    [ingo_item] = json.loads(out)
    code, out, err = bot.run(
        "resolve", ingo_item["id"], "--as", "register", "--event", ZOOM, "--now", "2020-06-12T20:00"
    )
    assert code == 0, err
    code, _out, err = bot.run("resolve", ingo_item["id"], "--as", "register", "--now", "2020-06-12T20:05")
    assert code == 1 and "schon erledigt" in err
    assert week.kinds("ingo") == ["review_ack", "confirmation"]  # once, in his thread
    confirmation = week.bot.mails(p["ingo"])[1]
    assert confirmation["In-Reply-To"] == re.findall(rb"Message-ID: (<.*?>)", ingo)[0].decode()

    # Sat 13 June, 7:30: the summary at the deadline, and digest 4.
    bot.cycle("2020-06-13T07:30")
    [summary1] = bot.mails(p["sprecher"])
    registered = ["bernd", "carla", "dora", "fritz", "gustav", "helga", "ingo"]
    rows = summary_rows(summary1)
    assert [r["E-Mail"] for r in rows] == [p[w] for w in registered]  # by name
    assert {r["Status"] for r in rows} == {"angemeldet"}
    assert next(r for r in rows if r["E-Mail"] == p["gustav"])["Organisation"] == "Landkreis Göttingen"
    text = plain(summary1)
    assert "Angemeldet: 7 · auf der Warteliste: 0 · abgemeldet: 1" in text
    assert "Seit der letzten Übersicht" not in text  # the first one
    assert "Gustav Grünberg, Landkreis Göttingen, " + p["gustav"] in text
    d4 = week.digests()[3]
    s = sections(d4)
    assert bullets(s["Anmeldungen"], "Neu angemeldet") == [week.person("helga"), week.person("ingo")]
    assert any(
        "Teilnehmerübersicht an die Sprecher für 2020-06-22-zoom: an 1 Sprecher: 7 angemeldet" in x
        for x in s["Vom Bot erledigt"]
    )

    # The worker is down for a week. Meanwhile Jonas registers late and Carla cancels.
    week.deliver(
        week.reply("jonas", "Ich würde gerne noch teilnehmen, falls das noch geht.", "2020-06-14T11:00"),
        week.reply("carla", "Ich muss mich leider abmelden.", "2020-06-16T08:00"),
    )
    smtp_faults.add("rcpt", 550, recipient=p["fritz"], times=None)
    bot.cycle("2020-06-21T09:30")
    bot.cycle("2020-06-21T10:00")  # again: nothing more is sent
    assert len(week.digests()) == 5 and len(bot.mails(p["sprecher"])) == 2

    d5 = week.digests()[4]
    s = sections(d5)
    assert bullets(s["Anmeldungen"], "Neu angemeldet") == [week.person("jonas")]
    assert bullets(s["Anmeldungen"], "Abgemeldet") == [week.person("carla") + " (vorher angemeldet)"]
    done = s["Vom Bot erledigt"]
    assert [line.split("  ", 1)[1].split(":")[0] for line in done] == [
        "Zugangsdaten für 2020-06-22-zoom",
        "Erinnerung (1d vorher) für 2020-06-22-zoom",
        "Teilnehmerübersicht an die Sprecher für 2020-06-22-zoom",
    ]
    failed = [x for x in s["Zustellprobleme"] if x.startswith("Nicht gesendet")]
    assert [x.split(" (")[0] for x in failed] == [
        f"Nicht gesendet: Zugangsdaten an {p['fritz']}",
        f"Nicht gesendet: Erinnerung an {p['fritz']}",
    ]
    assert "Erinnerung (2h vorher)" in s["Als Nächstes"][0]
    assert "<svg" not in html(d5) and "Angemeldete am Ende jedes Tages" in html(d5)

    summary2 = bot.mails(p["sprecher"])[1]
    text = plain(summary2)
    assert "das Treffen steht bevor" in text
    assert f"  + Jonas Jürgens, {p['jonas']}" in text
    assert f"  - Carla Czerny, {p['carla']} (abgemeldet)" in text
    assert [r["E-Mail"] for r in summary_rows(summary2)] == [
        p[w] for w in ["bernd", "dora", "fritz", "gustav", "helga", "ingo", "jonas"]
    ]
    assert week.kinds("jonas") == ["confirmation", "access_data", "reminder"]

    # A Göttingen registration (ends 4 September) and, 90 days after the Zoom meeting, the purge.
    week.deliver(
        week.reply(
            "kurt",
            "Ich melde mich an.",
            "2020-08-01T09:00",
            subject=GOETTINGEN,
            reply_to_invitation=False,
            quote=False,
        )
    )
    bot.cycle("2020-08-01T10:00")
    bot.cycle("2020-09-21T07:30")
    d_purge = week.digests()[-1]
    [purged] = sections(d_purge)["Gelöscht (Datenschutz)"]
    assert "2020-06-22-zoom: 9 Anmeldung(en)" in purged
    raw = bot.store_path.read_text(encoding="utf-8")
    journal = bot.store_path.with_name(bot.store_path.name + ".journal")
    raw += journal.read_text(encoding="utf-8") if journal.exists() else ""
    for who in (
        "anna",
        "bernd",
        "carla",
        "dora",
        "emil",
        "fritz",
        "gustav",
        "helga",
        "ingo",
        "jonas",
        "otto",
    ):
        assert p[who] not in raw, who
        assert PEOPLE[who] not in raw, who
    assert p["kurt"] in raw  # Göttingen is not over long enough


def plain(mail: EmailMessage) -> str:
    body = mail.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def summary_rows(mail: EmailMessage) -> list[dict[str, str]]:
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "teilnehmende-2020-06-22-zoom.csv"
    data = attachment.get_payload(decode=True)
    assert isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_a_digest_to_the_mailbox_the_bot_reads_stays_in_the_inbox(
    mailserver: MailServer, mail_users: Callable[[str], str], tmp_path: Path
) -> None:
    # The example config: staff read info@ itself. The bot sees its own digest come in there.
    info = mail_users("info")
    bot = BotEnv(mailserver, info, tmp_path, {'staff = ["info@b-b-e.de"]': f'staff = ["{info}"]'})
    member = mail_users("anna")
    bot.deliver(make("Ich melde mich an.", sender=member, message_id="<own-1@mail.test>"))
    bot.cycle("2020-06-08T10:00")
    assert "1 ohne Antwort" in bot.cycle("2020-06-08T10:05")  # the digest: read, not answered
    [digest] = bot.mails(info)
    assert digest["X-Anmeldebot-Kind"] == "digest"
    assert len(bot.mails(info, "Anmeldebot.Erledigt")) == 1  # only the member's mail was filed
    assert "0 neue Mail(s)" in bot.cycle("2020-06-08T10:10")

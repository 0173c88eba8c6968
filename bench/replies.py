"""Realistic replies to the invitation of ../shared/seed/, generated with the email package.

Deterministic: the same seed gives the same bytes. The mix follows ../shared/samples: registrations in
many phrasings (some with a colleague, some for another event), cancellations, questions, out-of-office
replies, bounces and unrelated mail, each from its own sender, written by one of five kinds of mail
client (Gmail, Outlook, Thunderbird, Apple Mail, a web mailer) with the invitation quoted below the
reply in that client's style, so that most mails are a few KB.
"""

from __future__ import annotations

import functools
import html
import random
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
SEED_TEXT = REPO.parent / "shared" / "seed" / "einladung-ag-kommune-2020-06-22.txt"
BERLIN = ZoneInfo("Europe/Berlin")
INFO = "info@b-b-e.de"
OFFICE = "BBE-Geschäftsstelle"
INVITATION_ID = "<einladung-ag-kommune-2020-06@b-b-e.de>"
INVITATION_SUBJECT = (
    "Einladung: Arbeitstreffen der AG Bürgerschaftliches Engagement und Kommune am 22. Juni 2020 (Zoom)"
)
SENT = datetime(2020, 6, 8, 10, 12, 34, tzinfo=BERLIN)
# Replies arrive between the invitation and the evening of the deadline's day.
LAST_REPLY = datetime(2020, 6, 12, 18, 0, tzinfo=BERLIN)

FIRST = (
    "Anna Birgit Claudia Doris Elke Frauke Gisela Heike Ines Jana Katrin Lena Maren Nina Olga Petra "
    "Rita Sabine Tanja Ulrike Vera Wiebke Yvonne Zora Andreas Bernd Christian Dirk Erik Frank Georg "
    "Holger Ingo Jens Klaus Lars Markus Norbert Oliver Paul Rainer Stefan Thomas Uwe Volker Werner Jörg "
    "Sönke Jürgen Björn Gülsen Ayşe Mehmet Özlem"
).split()
LAST = (
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter "
    "Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner "
    "Krause Meier Lehmann Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller "
    "Weiß Jung Hahn Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Yılmaz"
).split()
ORGS = (
    ("Stadt Wetzlar", "wetzlar.de"),
    ("Landkreis Göttingen", "landkreisgoettingen.de"),
    ("Freiwilligenzentrum Mittelhessen e.V.", "freiwilligenzentrum-mittelhessen.de"),
    ("Stadt Herford", "herford.de"),
    ("Mehrgenerationenhaus Soest", "mgh-soest.de"),
    ("Bürgerstiftung Halle", "buergerstiftung-halle.de"),
    ("Landesnetzwerk Bürgerschaftliches Engagement Bayern", "lbe-bayern.de"),
    ("Stadt Nürnberg, Amt für Senioren", "stadt.nuernberg.de"),
    ("Caritasverband Paderborn", "caritas-pb.de"),
    ("Diakonie Hamburg", "diakonie-hamburg.de"),
    ("Quartiersnetz Bochum", "quartiersnetz-bochum.de"),
    ("Ehrenamtsagentur Jena", "ehrenamt-jena.de"),
    ("Stadt Freiburg im Breisgau", "stadt.freiburg.de"),
    ("Landeshauptstadt Potsdam", "rathaus.potsdam.de"),
    ("Körber-Stiftung", "koerber-stiftung.de"),
    ("Universität Kassel, FB Sozialwesen", "uni-kassel.de"),
    ("Paritätischer Wohlfahrtsverband NRW", "paritaet-nrw.org"),
    ("Gemeinde Kirchlengern", "kirchlengern.de"),
    ("Bündnis für Familie Augsburg", "familie-augsburg.de"),
    ("Stiftung Mitarbeit", "mitarbeit.de"),
)
FREEMAIL = ("gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de", "outlook.de")

REGISTER = (
    "Hiermit melde ich mich für das Arbeitstreffen am 22. Juni an.",
    "Ich bin dabei!",
    "gerne nehme ich an der Zoom-Konferenz am 22.6. teil.",
    "ich melde mich für die AG-Sitzung am 22.06.2020 an.",
    "hiermit bestätige ich meine Teilnahme am Arbeitstreffen der AG.",
    "ich würde gerne am Treffen am Montag teilnehmen.",
    "Ich nehme teil. Vielen Dank für die Einladung!",
    "bitte melden Sie mich für die Videokonferenz am 22. Juni an.",
    "ich komme gern zum Online-Treffen der AG und freue mich auf den Austausch.",
    "vielen Dank für die Einladung, an der das Zoom-Treffen nehme ich gerne teil.",
    "hiermit möchte ich mich zur Sitzung am 22.6. anmelden.",
    "Ich melde mich hiermit verbindlich für das AG-Treffen an.",
)
REGISTER_EN = (
    "I would like to register for the meeting on 22 June.",
    "Thank you for the invitation, I will attend the Zoom meeting on June 22.",
)
REGISTER_GOETTINGEN = (
    "für die Sitzung im September in Göttingen melde ich mich schon jetzt an.",
    "am 22.6. kann ich nicht, aber für das Treffen am 4.9. in Göttingen melde ich mich gerne an.",
)
COLLEAGUE = (
    "Ich melde mich an, und meine Kollegin Frau {name} ({email}) kommt auch.",
    "wir nehmen zu zweit teil: ich und mein Kollege Herr {name} ({email}).",
)
CANCEL = (
    "leider kann ich am 22.6. nicht teilnehmen.",
    "Am 22. Juni bin ich leider verhindert.",
    "ich muss meine Anmeldung zum Arbeitstreffen leider zurückziehen.",
    "ich melde mich hiermit wieder ab, da ein anderer Termin dazwischengekommen ist.",
    "leider schaffe ich es am Montag nicht, bitte streichen Sie mich von der Liste.",
)
QUESTION = (
    "wird die Sitzung aufgezeichnet? Ich bin mir noch nicht sicher, ob ich es zeitlich schaffe.",
    "können Sie mir die Unterlagen zum Treffen vorab zuschicken?",
    "gibt es auch eine Einwahlnummer für Teilnehmende ohne Internetzugang?",
    "an wen kann ich mich wenden, wenn ich ein Projekt in der AG vorstellen möchte?",
)
OTHER = (
    "vielen Dank für die Einladung. Ich leite sie an meine Kolleginnen und Kollegen im Amt weiter.",
    "bitte nehmen Sie meine neue Adresse in Ihren Verteiler auf; die alte wird bald abgeschaltet.",
    "anbei wie besprochen der Bericht unserer Arbeitsgruppe vom letzten Quartal.",
)
OUT_OF_OFFICE = (
    "Ich bin bis zum {date} nicht im Büro und lese meine E-Mails nur unregelmäßig. In dringenden Fällen "
    "wenden Sie sich bitte an das Sekretariat.",
    "Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich {date} im Urlaub. Ihre E-Mail wird nicht "
    "weitergeleitet.",
    "Thank you for your message. I am out of the office until {date} with limited access to e-mail.",
)
GREETINGS = (
    "Hallo liebes BBE-Team,",
    "Sehr geehrte Frau Woitanowski,",
    "Liebe Kolleginnen und Kollegen,",
    "Hallo,",
)
CLOSINGS = ("Viele Grüße", "Mit freundlichen Grüßen", "Beste Grüße", "Herzliche Grüße")
# Weights of the intents, roughly as in ../shared/samples.
MIX = (
    ("register", 50),
    ("register_colleague", 4),
    ("register_other_event", 2),
    ("register_en", 2),
    ("cancel", 10),
    ("question", 7),
    ("auto_reply", 12),
    ("bounce", 5),
    ("other", 8),
)


class _Reply:
    """A message as the builders below write it: headers kept as given, the MIME body by the stdlib.

    EmailMessage parses and refolds every header it is given (most of the time it takes to write
    a mail); here only the body's Content-* headers go through it, the rest is encoded once (RFC
    2047 where needed) and written as is, in the order given, as a mail client would.
    """

    def __init__(self) -> None:
        self.headers: list[tuple[str, str]] = []
        self.body = EmailMessage()

    def __setitem__(self, name: str, value: str) -> None:
        self.headers.append((name, value))

    def drop(self, *names: str) -> None:
        gone = {name.lower() for name in names}
        self.headers = [(n, v) for n, v in self.headers if n.lower() not in gone]

    def set_content(self, *args: object, **kwargs: object) -> None:
        self.body.set_content(*args, **kwargs)  # type: ignore[arg-type]

    def add_alternative(self, *args: object, **kwargs: object) -> None:
        self.body.add_alternative(*args, **kwargs)  # type: ignore[arg-type]

    def set_boundary(self, boundary: str) -> None:
        self.body.set_boundary(boundary)

    def as_bytes(self) -> bytes:
        lines = [f"{name}: {_encoded(name, value)}" for name, value in self.headers]
        return ("\n".join(lines) + "\n").encode() + self.body.as_bytes()


@functools.lru_cache(maxsize=8192)  # the subject, the office's name and most names repeat
def _encoded(name: str, value: str) -> str:
    if value.isascii():
        return value
    if name in ("From", "To", "Cc"):
        return formataddr(parseaddr(value), "utf-8")
    return Header(value, "utf-8", header_name=name).encode()


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    org: str


def _ascii(text: str) -> str:
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


class ReplyMaker:
    """`make(i)` is the i-th reply; `senders()` the addresses that will write."""

    def __init__(self, seed: int = 8, domain_suffix: str = "") -> None:
        self.seed = seed
        self.suffix = domain_suffix
        self.invitation = SEED_TEXT.read_text(encoding="utf-8").strip()

    def person(self, i: int, rng: random.Random) -> Person:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        org, domain = rng.choice(ORGS)
        if rng.random() < 0.25:
            domain = rng.choice(FREEMAIL)
        local = f"{_ascii(first)}.{_ascii(last)}.{i}"
        return Person(f"{first} {last}", f"{local}@{domain}{self.suffix}", org)

    def make(self, i: int) -> bytes:
        rng = random.Random(self.seed * 1_000_003 + i)
        kind = rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX])[0]
        person = self.person(i, rng)
        at = SENT + timedelta(seconds=rng.randrange(int((LAST_REPLY - SENT).total_seconds())))
        return BUILDERS[kind](self, rng, person, at, i)

    def mails(self, count: int) -> Iterator[bytes]:
        return (self.make(i) for i in range(count))

    # ---- pieces ------------------------------------------------------------------------------

    def quote_text(self, rng: random.Random) -> str:
        return self.invitation[: rng.randrange(1500, 6000)]

    def reply_message(
        self, rng: random.Random, person: Person, at: datetime, body: str, subject_prefix: str = "Re: "
    ) -> _Reply:
        client = rng.choice(CLIENTS)
        return client(self, rng, person, at, body, subject_prefix)

    def _headers(self, msg: _Reply, rng: random.Random, person: Person, at: datetime, subject: str) -> None:
        relay = f"mail.{person.email.split('@')[1]}"
        msg["Return-Path"] = f"<{person.email}>"
        msg["Delivered-To"] = INFO
        msg["Received"] = (
            f"from mx01.b-b-e.de ([10.20.0.11]) by mailstore01.b-b-e.de with LMTP "
            f"id {rng.getrandbits(64):x} for <{INFO}>; {format_datetime(at + timedelta(seconds=3))}"
        )
        msg["Received"] = (
            f"from {relay} ({relay} [{rng.randrange(1, 223)}.{rng.randrange(256)}.{rng.randrange(256)}."
            f"{rng.randrange(1, 255)}]) by mx01.b-b-e.de (Postfix) with ESMTPS id {rng.getrandbits(48):X} "
            f"for <{INFO}>; {format_datetime(at + timedelta(seconds=2))}"
        )
        msg["Authentication-Results"] = f"mx01.b-b-e.de; spf=pass smtp.mailfrom={person.email.split('@')[1]}"
        msg["From"] = f"{person.name} <{person.email}>"
        msg["To"] = f"{OFFICE} <{INFO}>"
        msg["Subject"] = subject
        msg["Date"] = format_datetime(at)
        msg["Message-ID"] = f"<{rng.getrandbits(80):020x}@{person.email.split('@')[1]}>"
        if rng.random() < 0.9:
            msg["In-Reply-To"] = INVITATION_ID
            msg["References"] = INVITATION_ID

    def signature(self, rng: random.Random, person: Person) -> str:
        lines = [rng.choice(CLOSINGS), person.name, person.org]
        if rng.random() < 0.5:
            lines.append(f"Tel. 0{rng.randrange(200, 999)} {rng.randrange(100000, 9999999)}")
        return "\n".join(lines)


# ---- mail clients: how each writes the reply and quotes the invitation ---------------------------


def _quoted(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.splitlines())


def _html(reply: str, quote_intro: str, quote: str) -> str:
    body = "<br>\n".join(html.escape(line) for line in reply.splitlines())
    quoted = "<br>\n".join(html.escape(line) for line in quote.splitlines())
    return (
        f'<div dir="ltr">{body}</div><br><div class="gmail_quote"><div class="gmail_attr">'
        f"{html.escape(quote_intro)}<br></div>"
        f'<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;'
        f'padding-left:1ex">{quoted}</blockquote></div>'
    )


def gmail(m: ReplyMaker, rng: random.Random, p: Person, at: datetime, body: str, prefix: str) -> _Reply:
    msg = _Reply()
    m._headers(msg, rng, p, at, prefix + INVITATION_SUBJECT)
    intro = f"Am Mo., 8. Juni 2020 um 10:12 Uhr schrieb {OFFICE} <{INFO}>:"
    quote = m.quote_text(rng)
    msg.set_content(f"{body}\n\n{intro}\n\n{_quoted(quote)}\n")
    msg.add_alternative(_html(body, intro, quote), subtype="html")
    msg.set_boundary(f"000000000000{rng.getrandbits(64):016x}")  # the stdlib's own would be random
    return msg


def outlook(m: ReplyMaker, rng: random.Random, p: Person, at: datetime, body: str, prefix: str) -> _Reply:
    msg = _Reply()
    m._headers(msg, rng, p, at, ("AW: " if prefix == "Re: " else prefix) + INVITATION_SUBJECT)
    msg["Thread-Topic"] = INVITATION_SUBJECT
    msg["Content-Language"] = "de-DE"
    head = (
        f"Von: {OFFICE} <{INFO}>\nGesendet: Montag, 8. Juni 2020 10:12\nAn: {INFO}\n"
        f"Betreff: {INVITATION_SUBJECT}\n"
    )
    msg.set_content(f"{body}\n\n-----Ursprüngliche Nachricht-----\n{head}\n{m.quote_text(rng)}\n", cte="8bit")
    return msg


def thunderbird(m: ReplyMaker, rng: random.Random, p: Person, at: datetime, body: str, prefix: str) -> _Reply:
    msg = _Reply()
    m._headers(msg, rng, p, at, prefix + INVITATION_SUBJECT)
    msg["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:68.0) Gecko/20100101 Thunderbird/68.9.0"
    msg.set_content(f"{body}\n\nAm 08.06.20 um 10:12 schrieb {OFFICE}:\n{_quoted(m.quote_text(rng))}\n")
    return msg


def apple(m: ReplyMaker, rng: random.Random, p: Person, at: datetime, body: str, prefix: str) -> _Reply:
    msg = _Reply()
    m._headers(msg, rng, p, at, prefix + INVITATION_SUBJECT)
    msg["X-Mailer"] = "iPhone Mail (17F80)"
    text = f"{body}\n\nVon meinem iPhone gesendet\n\n> Am 08.06.2020 um 10:12 schrieb {OFFICE} <{INFO}>:\n>\n"
    msg.set_content(text + _quoted(m.quote_text(rng)) + "\n")
    return msg


def webmail(m: ReplyMaker, rng: random.Random, p: Person, at: datetime, body: str, prefix: str) -> _Reply:
    msg = _Reply()
    m._headers(msg, rng, p, at, prefix + INVITATION_SUBJECT)
    intro = f'Gesendet: Montag, 08. Juni 2020 um 10:12 Uhr\nVon: "{OFFICE}" <{INFO}>\nAn: {p.email}'
    quote = m.quote_text(rng)
    msg.set_content(f"{body}\n\n{intro}\nBetreff: {INVITATION_SUBJECT}\n\n{quote}\n")
    msg.add_alternative(_html(body, intro, quote), subtype="html")
    msg.set_boundary(f"000000000000{rng.getrandbits(64):016x}")  # the stdlib's own would be random
    return msg


CLIENTS: tuple[Callable[..., _Reply], ...] = (gmail, outlook, thunderbird, apple, webmail)


# ---- the kinds of reply ------------------------------------------------------------------------


def _prose(m: ReplyMaker, rng: random.Random, p: Person, text: str) -> str:
    return f"{rng.choice(GREETINGS)}\n\n{text}\n\n{m.signature(rng, p)}"


def _simple(phrases: tuple[str, ...]) -> Callable[..., bytes]:
    def build(m: ReplyMaker, rng: random.Random, p: Person, at: datetime, _i: int) -> bytes:
        return m.reply_message(rng, p, at, _prose(m, rng, p, rng.choice(phrases))).as_bytes()

    return build


def register_colleague(m: ReplyMaker, rng: random.Random, p: Person, at: datetime, i: int) -> bytes:
    colleague = m.person(i + 5_000_000, rng)
    colleague = Person(colleague.name, colleague.email.split("@")[0] + "@" + p.email.split("@")[1], p.org)
    text = rng.choice(COLLEAGUE).format(name=colleague.name, email=colleague.email)
    return m.reply_message(rng, p, at, _prose(m, rng, p, text)).as_bytes()


def register_en(m: ReplyMaker, rng: random.Random, p: Person, at: datetime, _i: int) -> bytes:
    text = f"Dear colleagues,\n\n{rng.choice(REGISTER_EN)}\n\nBest regards\n{p.name}\n{p.org}"
    return m.reply_message(rng, p, at, text).as_bytes()


def auto_reply(m: ReplyMaker, rng: random.Random, p: Person, at: datetime, _i: int) -> bytes:
    msg = _Reply()
    subject = rng.choice(("Abwesenheitsnotiz: ", "Automatische Antwort: ", "Out of Office: "))
    m._headers(msg, rng, p, at, subject + INVITATION_SUBJECT)
    msg["Auto-Submitted"] = "auto-replied"
    if rng.random() < 0.5:
        msg["X-Auto-Response-Suppress"] = "All"
    until = (at + timedelta(days=rng.randrange(3, 20))).strftime("%d.%m.%Y")
    msg.set_content(rng.choice(OUT_OF_OFFICE).format(date=until) + f"\n\n{p.name}\n{p.org}\n")
    return msg.as_bytes()


def bounce(m: ReplyMaker, rng: random.Random, p: Person, at: datetime, _i: int) -> bytes:
    """A Postfix DSN for the invitation sent to `p`, the invitation attached (as Postfix writes it)."""
    host = "smtp-out.b-b-e.de"
    queue_id = f"{rng.getrandbits(48):X}"
    boundary = f"{queue_id}.{int(at.timestamp())}/{host}"
    domain = p.email.split("@")[1]
    original = EmailMessage()
    original["From"] = f"{OFFICE} <{INFO}>"
    original["To"] = p.email
    original["Subject"] = INVITATION_SUBJECT
    original["Date"] = format_datetime(SENT)
    original["Message-ID"] = INVITATION_ID
    original.set_content(m.quote_text(rng))
    text = f"""\
Return-Path: <>
Delivered-To: {INFO}
Date: {format_datetime(at)}
From: MAILER-DAEMON@{host} (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: {INFO}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="{boundary}"
Content-Transfer-Encoding: 8bit
Message-Id: <{at:%Y%m%d%H%M%S}.{queue_id}@{host}>

This is a MIME-encapsulated message.

--{boundary}
Content-Description: Notification
Content-Type: text/plain; charset=utf-8

This is the mail system at host {host}.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

<{p.email}>: host mx.{domain} said: 550 5.1.1 <{p.email}>:
    Recipient address rejected: User unknown in virtual mailbox table

--{boundary}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; {host}
X-Postfix-Queue-ID: {queue_id}

Final-Recipient: rfc822; {p.email}
Original-Recipient: rfc822;{p.email}
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.{domain}
Diagnostic-Code: smtp; 550 5.1.1 <{p.email}>: Recipient address rejected: User
    unknown in virtual mailbox table

--{boundary}
Content-Description: Undelivered Message
Content-Type: message/rfc822
Content-Transfer-Encoding: 8bit

"""
    return text.encode() + original.as_bytes() + f"\n--{boundary}--\n".encode()


def other(m: ReplyMaker, rng: random.Random, p: Person, at: datetime, _i: int) -> bytes:
    if rng.random() < 0.3:  # a newsletter, not a reply at all
        msg = _Reply()
        m._headers(msg, rng, p, at, f"Newsletter {p.org}: Neues aus dem Engagement, Juni 2020")
        msg.drop("In-Reply-To", "References")
        msg["List-Unsubscribe"] = f"<mailto:unsubscribe@{p.email.split('@')[1]}>"
        msg["Precedence"] = "bulk"
        msg.set_content(m.quote_text(rng) + "\n")
        return msg.as_bytes()
    return m.reply_message(rng, p, at, _prose(m, rng, p, rng.choice(OTHER))).as_bytes()


BUILDERS: dict[str, Callable[[ReplyMaker, random.Random, Person, datetime, int], bytes]] = {
    "register": _simple(REGISTER),
    "register_colleague": register_colleague,
    "register_other_event": _simple(REGISTER_GOETTINGEN),
    "register_en": register_en,
    "cancel": _simple(CANCEL),
    "question": _simple(QUESTION),
    "auto_reply": auto_reply,
    "bounce": bounce,
    "other": other,
}

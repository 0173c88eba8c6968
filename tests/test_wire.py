"""bot/wire.py writes MIME by hand for speed: everything it writes must read back as given.

The reader is the email package with `policy.default`, the strict modern parser (and the one a
member's client is closest to); hypothesis tries names, subjects and bodies a template or a member
can produce.
"""

from __future__ import annotations

import email
import email.policy
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import ics
from bot.compose import Rendered, Threading, build_message, check_headers, clean_name, defuse
from bot.config import load_config
from bot.wire import Attachment

REPO = Path(__file__).resolve().parents[1]
BERLIN = ZoneInfo("Europe/Berlin")

# Text as templates and members produce it: umlauts, quotes, commas, "=" and long words, spaces at
# line ends, lines starting with "From " or ".", emoji, and every kind of line end.
TEXT = st.lists(
    st.sampled_from(list("abcXYZ äöüßÄÖÜ=.,;:\"'<>()@-_?!\t\n\r€😀") + ["From ", "\r\n", "=?", "  \n"]),
    max_size=400,
).map("".join)
NAME = st.lists(st.sampled_from(list("abcXYZ äöüßé,.\"'()<>@-\\") + ["Dr. ", "von "]), max_size=90).map(
    "".join
)


def parsed(raw: str) -> EmailMessage:
    msg = email.message_from_bytes(raw.encode("ascii"), policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def build(name: str, subject: str, text: str, html: str, files: tuple[Attachment, ...] = ()) -> str:
    return build_message(
        sender="BBE-Geschäftsstelle <info@b-b-e.de>",
        to_email="anna.muster@example.org",
        to_name=name,
        rendered=Rendered(subject, text, html),
        message_id="<anmeldebot.abc@b-b-e.de>",
        date=datetime(2020, 6, 19, 9, 1, tzinfo=BERLIN),
        kind="access_data",
        auto_submitted="auto-generated",
        threading=Threading("<their@mail.example>", ("<a@b>", "<c@d>"), "Re: Einladung"),
        attachments=files,
    )


def normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_wire_form(raw: str) -> None:
    assert raw.isascii()
    lines = raw.split("\r\n")
    assert "\n" not in raw.replace("\r\n", "") and "\r" not in raw.replace("\r\n", "")
    assert max(len(line) for line in lines) <= 998
    _, _, body = raw.partition("\r\n\r\n")
    assert max(len(line) for line in body.split("\r\n")) <= 78


@settings(max_examples=300, deadline=None)
@given(name=NAME, subject=TEXT, text=TEXT, html=TEXT, data=st.binary(max_size=300))
def test_everything_written_reads_back_as_given(
    name: str, subject: str, text: str, html: str, data: bytes
) -> None:
    files = (Attachment("liste.csv", data, "text", "csv"),) if data else ()
    raw = build(name, subject, text, html, files)
    check_wire_form(raw)
    msg = parsed(raw)
    assert not msg.defects
    assert msg["From"].addresses[0].display_name == "BBE-Geschäftsstelle"
    to = msg["To"].addresses[0]
    assert (to.display_name, to.addr_spec) == (clean_name(name), "anna.muster@example.org")
    # The member's subject wins in a reply; it is defused and its whitespace folded by reply_subject.
    assert msg["Subject"] == "AW: Einladung"
    assert msg["In-Reply-To"] == "<their@mail.example>"
    assert msg["References"].split() == ["<a@b>", "<c@d>", "<their@mail.example>"]
    assert msg["Message-ID"] == "<anmeldebot.abc@b-b-e.de>"
    assert msg["Auto-Submitted"] == "auto-generated"
    plain, rich = msg.get_body(("plain",)), msg.get_body(("html",))
    assert plain is not None and rich is not None
    assert normal(plain.get_content()) == normal(text)
    assert normal(rich.get_content()) == normal(html)
    assert [
        a.get_content() if a.get_content_maintype() != "text" else a.get_payload(decode=True)
        for a in msg.iter_attachments()
    ] == ([data] if data else [])


@settings(max_examples=200, deadline=None)
@given(subject=TEXT)
def test_a_subject_of_our_own_reads_back_as_written(subject: str) -> None:
    raw = build_message(
        sender="info@b-b-e.de",
        to_email="a@example.org",
        to_name="",
        rendered=Rendered(subject, "x", "<p>x</p>"),
        message_id="<anmeldebot.s@b-b-e.de>",
        date=datetime(2020, 6, 19, 9, 1, tzinfo=BERLIN),
        kind="status",
        auto_submitted="auto-replied",
    )
    check_wire_form(raw)
    msg = parsed(raw)
    assert not msg.defects
    # Control characters become spaces (defuse); the parser unfolds and reads encoded words back.
    assert " ".join(msg["Subject"].split()) == " ".join(defuse(subject).split())
    assert msg["To"] == "a@example.org"
    assert msg.get_content_type() == "multipart/alternative"


def test_the_same_mail_has_the_same_bytes_and_boundaries_that_cannot_occur_in_it() -> None:
    files = (
        Attachment(
            "x.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text", "calendar", (("method", "PUBLISH"),)
        ),
    )
    first, second = (
        build("Anna", "s", "=_mix_ --=_alt_", "h", files),
        build("Anna", "s", "=_mix_ --=_alt_", "h", files),
    )
    assert first == second
    msg = parsed(first)
    assert msg.get_content_type() == "multipart/mixed"
    (cal,) = list(msg.iter_attachments())
    assert cal.get_content_type() == "text/calendar" and cal.get_param("method") == "PUBLISH"
    assert cal.get_filename() == "x.ics"
    check_headers(first)


@pytest.mark.parametrize("kind", ["confirmation", "access_data"])
def test_a_shared_calendar_file_with_the_persons_uid_is_the_file_written_for_them(kind: str) -> None:
    config = load_config(REPO / "config.toml")
    event = config.events[0]
    stamp = datetime(2020, 6, 19, 9, 1, tzinfo=BERLIN)
    for email_address in (
        "anna@example.org",
        "a.very.long.address.that.folds.the.uid.line@sub.domain.example.org",
    ):
        got = ics.calendar_file(
            event,
            email=email_address,
            name="Anna",
            organizer="info@b-b-e.de",
            domain="b-b-e.de",
            kind=kind,
            stamp=stamp,
            join_url="https://zoom.us/j/1",
            details=("Meeting-ID: 1",),
        )
        uid = ics.event_uid(event, email_address, "b-b-e.de")
        direct = ics._calendar(
            event, "info@b-b-e.de", kind, stamp, "https://zoom.us/j/1", ("Meeting-ID: 1",), uid, None
        )
        assert got.content == direct
        (vevent,) = icalendar.Calendar.from_ical(got.content).walk("VEVENT")
        assert str(vevent["uid"]) == uid

"""bot.parse: one test per feature, on tiny messages built in the test."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime, timedelta
from email.utils import getaddresses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import parse as parsing
from bot.models import Address, ParsedMail
from bot.parse import (
    MAX_BODY_CHARS,
    MAX_HEADER_CHARS,
    NotAMessage,
    is_message,
    parse,
    parse_strict,
    unflow,
)


def mail(headers: str, body: bytes | str = "Hallo\n", *, crlf: bool = False) -> bytes:
    """A message from a header block and a body (LF line ends unless crlf)."""
    raw = headers.strip("\n").encode() + b"\n\n" + (body.encode() if isinstance(body, str) else body)
    return raw.replace(b"\n", b"\r\n") if crlf else raw


SIMPLE = """From: Anna Beispiel <Anna.Beispiel@Stadt-Wetzlar.de>
To: info@b-b-e.de, "Müller, Jan" <jan@x.de>
Cc: <c@x.de>
Subject: Anmeldung
Message-ID: <abc@stadt-wetzlar.de>
In-Reply-To: <einladung@b-b-e.de>
References: <a@b-b-e.de>
 <einladung@b-b-e.de>
Date: Mon, 8 Jun 2020 10:12:44 +0200
"""


def test_basic_headers_addresses_and_ids() -> None:
    m = parse(mail(SIMPLE, "Ich komme gern.\n"))
    assert m.sender is not None and m.sender.email == "anna.beispiel@stadt-wetzlar.de"
    assert m.sender.name == "Anna Beispiel"
    assert [a.email for a in m.to] == ["info@b-b-e.de", "jan@x.de"]
    assert m.to[1].name == "Müller, Jan"
    assert [a.email for a in m.cc] == ["c@x.de"]
    assert m.message_id == "<abc@stadt-wetzlar.de>"
    assert m.in_reply_to == ("<einladung@b-b-e.de>",)
    assert m.references == ("<a@b-b-e.de>", "<einladung@b-b-e.de>")
    assert m.date == datetime(2020, 6, 8, 10, 12, 44, tzinfo=UTC) + timedelta(hours=-2)
    assert m.date is not None and m.date.utcoffset() == timedelta(hours=2)
    assert m.content_type == "text/plain"
    assert m.reply_text == "Ich komme gern."
    assert is_message(m)


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("Kowalczyk, Bernd <Bernd.Kowalczyk@neumuenster.de>", "Kowalczyk, Bernd"),
        ("=?utf-8?q?Mei=C3=9Fner?=, Holger <Bernd.Kowalczyk@neumuenster.de>", "Meißner, Holger"),
    ],
)
def test_an_unquoted_last_first_display_name_is_one_sender(value: str, name: str) -> None:
    m = parse(mail(f"From: {value}\nTo: info@b-b-e.de\nSubject: Anmeldung\n"))
    assert m.sender == Address("bernd.kowalczyk@neumuenster.de", name)


def test_a_sender_list_starting_without_an_address_gives_the_first_real_address() -> None:
    m = parse(mail("From: undisclosed-recipients:;, Anna <anna@x.de>\nSubject: x\n"))
    assert m.sender is not None and m.sender.email == "anna@x.de"


def test_headers_are_unfolded_and_lower_case() -> None:
    m = parse(mail("From: a@x.de\nX-Long: one\n two\n\tthree\nX-Long: again\n"))
    assert m.headers["x-long"] == ("one two\tthree", "again")
    assert m.header("X-LONG") == "one two\tthree"


def test_rfc2047_words_are_decoded_and_joined() -> None:
    raw = mail(
        "From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <j@x.de>\n"
        "Subject: Re: AG =?UTF-8?Q?B=C3=BCrger?=\n =?UTF-8?Q?schaftliches?= Engagement\n"
    )
    m = parse(raw)
    assert m.subject == "Re: AG Bürgerschaftliches Engagement"
    assert m.sender is not None and m.sender.name == "Jürgen Müller"


def test_encoded_comma_in_display_name_does_not_split_the_address() -> None:
    m = parse(mail("From: =?utf-8?q?Hoffmann=2C_Jens?= <jens@x.de>\n"))
    assert m.sender is not None and (m.sender.email, m.sender.name) == ("jens@x.de", "Hoffmann, Jens")


def test_utf8_character_split_across_encoded_words() -> None:
    # "ü" is C3 BC: one byte in each word (seen from PHP mailers).
    m = parse(mail("From: a@x.de\nSubject: =?utf-8?q?=C3?= =?utf-8?q?=BCber?=\n"))
    assert m.subject == "über"


@pytest.mark.parametrize(
    "subject",
    [
        "=?utf-8?B?not base64 at all!?=",
        "=?unknown-8bit?q?Gr=FC=DFe?=",
        "=?x-user-defined?q?abc?=",
        "=?utf-8?q?unterminated",
        "=?base64?q?abc?=",
        "=??q?abc?=",
    ],
)
def test_broken_encoded_words_never_raise(subject: str) -> None:
    m = parse(mail(f"From: a@x.de\nSubject: {subject}\n"))
    assert isinstance(m.subject, str)


def test_unknown_charset_in_encoded_word_falls_back() -> None:
    m = parse(mail("From: a@x.de\nSubject: =?unknown-8bit?q?Gr=FC=DFe?=\n"))
    assert m.subject == "Grüße"


def test_raw_8bit_headers_utf8_and_latin1() -> None:
    m = parse("From: Jürgen <j@x.de>\nSubject: Grüße\n\nx\n".encode())
    assert m.subject == "Grüße" and m.sender is not None and m.sender.name == "Jürgen"
    m = parse("From: j@x.de\nSubject: Grüße\n\nx\n".encode("latin-1"))
    assert m.subject == "Grüße"


def test_body_charset_declared() -> None:
    raw = mail("From: a@x.de\nContent-Type: text/plain; charset=iso-8859-1", "Grüße\n".encode("latin-1"))
    assert parse(raw).body_text.strip() == "Grüße"


def test_body_cp1252_undeclared() -> None:
    # "–" (0x96) and "€" (0x80) exist in cp1252 only; no charset parameter at all.
    raw = mail("From: a@x.de\nContent-Type: text/plain", "Preis – 5 €\n".encode("cp1252"))
    assert parse(raw).body_text.strip() == "Preis – 5 €"


def test_body_latin1_undeclared_with_byte_undefined_in_cp1252() -> None:
    raw = mail("From: a@x.de", b"Gr\xfc\xdfe \x81\n")
    assert parse(raw).body_text.startswith("Grüße")


def test_body_utf8_mislabelled_as_latin1() -> None:
    raw = mail("From: a@x.de\nContent-Type: text/plain; charset=iso-8859-1", "Grüße\n".encode())
    assert parse(raw).body_text.strip() == "Grüße"


@pytest.mark.parametrize("charset", ["unknown-8bit", "x-user-defined", "bogus", '"utf-8"', "base64"])
def test_bogus_body_charsets(charset: str) -> None:
    raw = mail(f"From: a@x.de\nContent-Type: text/plain; charset={charset}", "Grüße\n".encode())
    assert parse(raw).body_text.strip() == "Grüße"


def test_quoted_printable_and_base64_bodies() -> None:
    qp = mail(
        "From: a@x.de\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable",
        "Gr=C3=BC=C3=9Fe, ich bin da=\nbei\n",
    )
    assert parse(qp).body_text.strip() == "Grüße, ich bin dabei"
    b64 = base64.encodebytes("Grüße\n".encode()).decode()
    raw = mail(
        "From: a@x.de\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64", b64
    )
    assert parse(raw).body_text.strip() == "Grüße"


def test_broken_base64_body_is_tolerated() -> None:
    raw = mail(
        "From: a@x.de\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64",
        "SGFsbG8gV2VsdA=!!\n@@@\nSGFs",
    )
    m = parse(raw)
    assert m.body_text.startswith("Hallo Welt")


def test_html_only_mail_is_converted() -> None:
    raw = mail(
        "From: a@x.de\nContent-Type: text/html; charset=utf-8",
        "<html><body><p>Ich melde mich <b>an</b>.</p></body></html>",
    )
    m = parse(raw)
    assert m.body_was_html
    assert "Ich melde mich an." in m.body_text
    assert "Ich melde mich an." in m.reply_text


def test_multipart_alternative_prefers_plain() -> None:
    raw = mail(
        'From: a@x.de\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="b"',
        "--b\nContent-Type: text/plain; charset=utf-8\n\nPLAIN\n"
        "--b\nContent-Type: text/html; charset=utf-8\n\n<p>HTML</p>\n--b--\n",
    )
    m = parse(raw)
    assert m.body_text.strip() == "PLAIN" and not m.body_was_html
    assert m.content_type == "multipart/alternative"


def test_attachments_are_skipped_and_named() -> None:
    raw = mail(
        'From: a@x.de\nContent-Type: multipart/mixed; boundary="b"',
        "--b\nContent-Type: text/plain\n\nBody\n"
        '--b\nContent-Type: text/plain; name="a.txt"\nContent-Disposition: attachment; filename="a.txt"\n\n'
        "Ich melde mich an\n--b--\n",
    )
    m = parse(raw)
    assert m.body_text.strip() == "Body"
    assert m.attachment_names == ("a.txt",)


def test_format_flowed_is_unwrapped() -> None:
    raw = mail(
        "From: a@x.de\nContent-Type: text/plain; charset=utf-8; format=flowed",
        "Ich melde mich \nhiermit an.\n> zitiert \n> weiter\n-- \nGruß\n",
    )
    m = parse(raw)
    assert "Ich melde mich hiermit an." in m.body_text
    assert "> zitiert weiter" in m.body_text
    assert "-- \nGruß" in m.body_text


def test_unflow_delsp() -> None:
    assert unflow("Anmel \ndung\n", delsp=True) == "Anmeldung\n"


CALENDAR = """BEGIN:VCALENDAR
METHOD:REPLY
PRODID:Microsoft Exchange Server 2010
VERSION:2.0
BEGIN:VEVENT
ATTENDEE;PARTSTAT=ACCEPTED;CN="Reimann, Lutz":mailto:Lutz.Reimann@gera.de
SUMMARY;LANGUAGE=de-DE:Zugesagt: AG-Treffen
DTSTART:20200622T070000Z
UID:040000008200E00074C5B7101A82E008
END:VEVENT
END:VCALENDAR
"""


def test_calendar_reply() -> None:
    raw = mail(
        'From: l@gera.de\nSubject: Zugesagt: AG-Treffen\nContent-Type: multipart/alternative; boundary="b"',
        "--b\nContent-Type: text/plain\n\n\n"
        '--b\nContent-Type: text/calendar; charset="utf-8"; method=REPLY\n\n' + CALENDAR + "--b--\n",
    )
    reply = parse(raw).calendar_reply
    assert reply is not None
    assert reply.partstat == "ACCEPTED"
    assert reply.attendee == "lutz.reimann@gera.de"
    assert reply.summary == "Zugesagt: AG-Treffen"
    assert reply.uid == "040000008200E00074C5B7101A82E008"
    assert reply.dtstart == datetime(2020, 6, 22, 7, 0, tzinfo=UTC)


def test_broken_calendar_gives_none_and_a_defect() -> None:
    raw = mail(
        "From: a@x.de\nContent-Type: text/calendar; method=REPLY", "BEGIN:VCALENDAR\nMETHOD:REPLY\ngarbage"
    )
    m = parse(raw)
    assert m.calendar_reply is None


DSN = """--b
Content-Type: text/plain

Your message could not be delivered.

--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; Anna@X.de
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 user unknown

Final-Recipient: rfc822;<bob@y.de>
Action: delayed
Status: 4.4.1

--b
Content-Type: message/rfc822

From: BBE <info@b-b-e.de>
To: anna@x.de
Subject: Einladung
Message-ID: <einladung@b-b-e.de>

Text
--b--
"""


def test_delivery_status_report() -> None:
    raw = mail(
        "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        DSN,
    )
    m = parse(raw)
    assert m.report_type == "delivery-status"
    assert [(f.recipient, f.status, f.permanent) for f in m.delivery_failures] == [
        ("anna@x.de", "5.1.1", True),
        ("bob@y.de", "4.4.1", False),
    ]
    assert m.delivery_failures[0].diagnostic == "smtp; 550 5.1.1 user unknown"
    assert m.dsn_actions == ("failed", "delayed")
    assert m.attached_headers["message-id"] == ("<einladung@b-b-e.de>",)
    assert m.forwarded_text == ""  # a report's original is not a forward
    assert "could not be delivered" in m.body_text


def test_original_recipient_preferred_over_final_recipient() -> None:
    body = DSN.replace(
        "Final-Recipient: rfc822; Anna@X.de",
        "Original-Recipient: rfc822;anna@x.de\nFinal-Recipient: rfc822; a17@mbox.x.de",
    )
    raw = mail('From: m@x\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"', body)
    assert parse(raw).delivery_failures[0].recipient == "anna@x.de"


def test_text_rfc822_headers_become_attached_headers() -> None:
    raw = mail(
        'From: m@x\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"',
        "--b\nContent-Type: text/plain\n\nfailed\n--b\nContent-Type: text/rfc822-headers\n\n"
        "From: info@b-b-e.de\nTo: =?utf-8?q?J=C3=BCrgen?= <j@x.de>\n\n--b--\n",
    )
    assert parse(raw).attached_headers["to"] == ("Jürgen <j@x.de>",)


def test_attached_message_of_an_ordinary_mail_is_forwarded_text() -> None:
    raw = mail(
        'From: a@x.de\nContent-Type: multipart/mixed; boundary="b"',
        "--b\nContent-Type: text/plain\n\nSiehe unten.\n--b\nContent-Type: message/rfc822\n\n"
        "From: c@y.de\nSubject: Anmeldung\n\nIch melde mich an.\n--b--\n",
    )
    m = parse(raw)
    assert m.reply_text == "Siehe unten."
    assert "Ich melde mich an." in m.forwarded_text
    assert "Ich melde mich an." not in m.reply_text


def test_crlf_line_endings() -> None:
    m = parse(mail(SIMPLE, "Ich komme.\n> Zitat\n", crlf=True))
    assert m.subject == "Anmeldung"
    assert m.references == ("<a@b-b-e.de>", "<einladung@b-b-e.de>")
    assert "\r" not in m.body_text
    assert m.reply_text == "Ich komme."


def test_no_message_id_no_date() -> None:
    m = parse(mail("From: a@x.de\nSubject: x"))
    assert m.message_id is None and m.date is None and m.in_reply_to == ()


def test_bare_message_id_and_bad_date() -> None:
    m = parse(mail("From: a@x.de\nMessage-ID: abc@x.de\nDate: Montag früh"))
    assert m.message_id == "<abc@x.de>" and m.date is None


def test_date_without_zone_is_utc() -> None:
    m = parse(mail("From: a@x.de\nDate: Mon, 8 Jun 2020 10:12:44 -0000"))
    assert m.date == datetime(2020, 6, 8, 10, 12, 44, tzinfo=UTC)


@pytest.mark.parametrize(
    "raw", [b"", b"\x00\x01\x02\xff" * 100, b"just some text\nwithout headers\n", b"\n\n\n"]
)
def test_not_a_message(raw: bytes) -> None:
    m = parse(raw)
    assert isinstance(m, ParsedMail)
    assert not is_message(m)
    assert m.defects
    with pytest.raises(NotAMessage):
        parse_strict(raw)


def test_garbage_after_headers_still_a_message() -> None:
    m = parse(b"From: a@x.de\nSubject: x\n\n" + bytes(range(256)) * 10)
    assert is_message(m) and m.subject == "x"


def _timed(raw: bytes) -> tuple[ParsedMail, float]:
    start = time.perf_counter()
    result = parse(raw)
    return result, time.perf_counter() - start


def test_deep_nesting_does_not_blow_up() -> None:
    depth = 100
    head = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(depth))
    tail = "".join(f"\n--b{i}--\n" for i in reversed(range(depth)))
    raw = ("From: a@x.de\nSubject: deep\n" + head + "Content-Type: text/plain\n\nInnen\n" + tail).encode()
    m, seconds = _timed(raw)
    assert m.subject == "deep"
    assert m.truncated
    assert seconds < 5


def test_deep_message_rfc822_nesting() -> None:
    raw = b"From: a@x.de\nSubject: deep\n" + b"Content-Type: message/rfc822\n\n" * 1000 + b"From: b@y\n\nx\n"
    m, seconds = _timed(raw)
    assert m.subject == "deep" and seconds < 5


def test_one_megabyte_header() -> None:
    raw = (
        b"From: a@x.de\nSubject: big\nX-Big: "
        + b"a" * 1_000_000
        + b"\nX-Fold: "
        + b"b\n " * 100_000
        + b"\n\nx\n"
    )
    m, seconds = _timed(raw)
    assert m.subject == "big"
    assert len(m.header("x-big")) <= MAX_HEADER_CHARS
    assert seconds < 5


def test_many_headers_are_capped() -> None:
    raw = b"From: a@x.de\n" + b"X-H: v\n" * 50_000 + b"\nx\n"
    m, seconds = _timed(raw)
    assert len(m.headers["x-h"]) < 1000 and seconds < 5


def test_25_megabyte_attachment() -> None:
    data = base64.encodebytes(b"\x00" * (25 * 1024 * 1024 * 3 // 4))
    raw = mail(
        'From: a@x.de\nSubject: gross\nContent-Type: multipart/mixed; boundary="b"',
        b"--b\nContent-Type: text/plain\n\nSiehe Anhang.\n--b\nContent-Type: application/pdf\n"
        b'Content-Disposition: attachment; filename="x.pdf"\nContent-Transfer-Encoding: base64\n\n'
        + data
        + b"--b--\n",
    )
    m, seconds = _timed(raw)
    assert m.truncated and m.reply_text == "Siehe Anhang." and m.raw_size == len(raw)
    assert seconds < 15


def test_huge_text_body_is_capped() -> None:
    m = parse(mail("From: a@x.de", "Zeile\n" * 200_000))
    assert len(m.body_text) <= MAX_BODY_CHARS and m.truncated


def test_many_parts_are_capped() -> None:
    parts = "".join("--b\nContent-Type: text/plain\n\nteil\n" for _ in range(1000))
    m, seconds = _timed(mail('From: a@x.de\nContent-Type: multipart/mixed; boundary="b"', parts + "--b--\n"))
    assert m.truncated and m.body_text.count("teil") <= 200 and seconds < 5


ADDRESS_TEXT = st.lists(
    st.sampled_from(
        [*"aZ .-_+@<>\"',;:()[]\\äé", "=?utf-8?q?M=C3=BCller?=", "anna@x.de", "<b@y.org>", "Dr. "]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(value=ADDRESS_TEXT)
def test_the_fast_address_path_agrees_with_getaddresses(value: str) -> None:
    slow = tuple(
        Address(email=e.strip().lower(), name=parsing._one_line(parsing._decode_header(n)))
        for n, e in getaddresses([value])
        if e.strip() and e.strip() != "<>"
    )
    if parsing._SIMPLE_ADDRESS_RE.fullmatch(value):
        assert parsing._addresses([value]) == slow


NESTED = """From: a@x.de
Subject: Anmeldung
Content-Type: multipart/mixed; boundary="b1"
"""
NESTED_BODY = """--b1
Content-Type: multipart/alternative; boundary=b1x

--b1x
Content-Type: text/plain; charset=utf-8

Ich melde mich an.
--b1x
Content-Type: text/html; charset=utf-8

<p>Ich melde mich an.</p>
--b1x--

--b1
Content-Type: text/plain; name="notiz.txt"
Content-Disposition: attachment; filename="notiz.txt"

boundary="b1" steht hier nur als Text.
--b1--
"""


@pytest.mark.parametrize("crlf", [False, True])
def test_boundaries_renamed_for_speed_read_as_the_originals(crlf: bool) -> None:
    raw = mail(NESTED, NESTED_BODY, crlf=crlf)
    shared, names = parsing._shared_boundaries(raw)
    # the inner boundary begins with the outer one: the longer is renamed first, both are renamed
    assert set(names) == {b"b1", b"b1x"} and b"b1" not in shared.replace(b'boundary="b1" steht', b"")
    assert shared.count(b"--_anmeldebot_boundary_") == 6  # every delimiter line
    parsed = parse(raw)
    assert parsed.reply_text == "Ich melde mich an."
    assert parsed.attachment_names == ("notiz.txt",)
    assert 'boundary="b1"' in parsed.headers["content-type"][0]  # the original, as the mail came


def test_a_boundary_that_also_stands_in_the_text_stays_there() -> None:
    body = "--b1\nContent-Type: text/plain\n\nSiehe Trenner --b1 im Satz.\n--b1--\n"
    raw = mail('From: a@x.de\nContent-Type: multipart/mixed; boundary="b1"', body)
    shared, names = parsing._shared_boundaries(raw)
    assert names and b"Siehe Trenner --b1 im Satz." in shared
    assert parse(raw).reply_text == "Siehe Trenner --b1 im Satz."


_HEAD = b"From: a@x.de\nTo: info@b-b-e.de\nSubject: Re: Einladung\nMIME-Version: 1.0\n"
_PARTS = (
    b"--b1\nContent-Type: text/plain\n\nIch melde mich an.\n--b1\nContent-Type: text/plain; name=a.txt\n"
    b"Content-Disposition: attachment; filename=a.txt\n\nx\n--b1--\n"
)


def _multipart(content_type: bytes, body: bytes = _PARTS) -> bytes:
    return _HEAD + b"Content-Type: " + content_type + b"\n\n" + body


@pytest.mark.parametrize(
    "raw",
    [
        _multipart(b"multipart/mixed; boundary=" + b"B" * 80, _PARTS.replace(b"b1", b"B" * 80)),
        _multipart(b'multipart/mixed; boundary="b1 "'),
        _multipart(b"multipart/mixed; boundary=b1 x", _PARTS.replace(b"--b1", b"--b1 x")),
        _multipart(b'multipart/mixed; boundary="b\\\\1"', _PARTS.replace(b"b1", b"b\\1")),
        _multipart(b'multipart/mixed; boundary="b1"').replace(b"\n", b"\r"),
        _multipart(b'multipart/mixed; boundary="b1"', _PARTS.replace(b"an.\n--b1\n", b"an.\r--b1\n")),
        _multipart(b'multipart/mixed; boundary="b1"').replace(
            b"Re: Einladung", b"Re: boundary=zzz Einladung"
        ),
        _HEAD + b"Content-Type: text/plain\nContent-Type: multipart/mixed; boundary=b1\n\n" + _PARTS,
        b"\n" + _multipart(b'multipart/mixed; boundary="b1"'),
        _multipart(
            b"multipart/mixed; boundary=A",
            b"--A\nContent-Type: multipart/alternative; boundary=B\n\n--B\nContent-Type: text/plain\n\nIch komme.\n"
            b"--B--\n--A\nContent-Type: text/plain\n\nNachtrag\n--B\nweiter\n--A--\n",
        ),
        _multipart(
            b"multipart/mixed; boundary=A",
            b"--A\n\nText: Content-Type: multipart/mixed; boundary=Z\n--Z\nja\n\n--A--\n",
        ),
        _multipart(
            b"multipart/mixed; boundary=b--",
            b"--b--\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nich komme\n--b--\n--b----\n",
        ),
        _multipart(
            'multipart/mixed; boundary="bä1"'.encode("latin-1"),
            _PARTS.replace(b"b1", "bä1".encode("latin-1")),
        ),
        _multipart(b"multipart/mixed; boundary=b1", b"--b1\n" * 5000),
    ],
)
def test_boundary_renaming_never_changes_what_is_read(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unusual boundaries (found by review): the renamed mail reads exactly as the original."""
    renamed = parse(raw)
    monkeypatch.setattr(parsing, "_shared_boundaries", lambda data: (data, {}))
    assert renamed == parse(raw)


def test_a_filename_without_a_disposition_type_is_still_an_attachment_name() -> None:
    body = b"--b1\nContent-Type: text/plain\n\nIch melde mich an.\n--b1\nContent-Type: text/plain\nContent-Disposition: filename=liste.txt\n\nx\n--b1--\n"
    assert parse(_multipart(b"multipart/mixed; boundary=b1", body)).attachment_names == ("liste.txt",)

"""Bad input for the worker: mutations of real mail (drawn by hypothesis) and hand-made hostile specials.

Seeds are real messages: the realistic replies of tests/fixtures/replies and demo/replies, and every
file of ../shared/corpora when it is there. A mutation is a seed plus up to four operations, each
drawn by hypothesis as (operation, a number, some bytes, some text): header fields dropped,
doubled or replaced with junk, broken encoded words, MIME structure changed (content types,
transfer encodings, wrapping in nested multiparts, boundaries broken), truncation, random bytes,
NUL bytes, invalid UTF-8, odd line ends, endless lines. Every mutated mail gets its own Message-ID
first (operations may break it again), so the worker reads each one instead of calling it a copy.

`generate(count, seed)` is deterministic for a given seed. `specials()` are the named extremes of
issue 7: a 25 MB attachment, a 100,000-line body, multiparts nested 100 deep, a 1 MB header, ...
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from tests.mailmaker import make

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
REPLIES = (ROOT / "tests" / "fixtures" / "replies", ROOT / "demo" / "replies")


# ---- seeds -------------------------------------------------------------------------------------


@cache
def replies() -> tuple[bytes, ...]:
    files = sorted(p for folder in REPLIES if folder.is_dir() for p in folder.glob("*.eml"))
    return tuple(_lf(p.read_bytes()) for p in files)


@cache
def corpus_files() -> tuple[Path, ...]:
    """Every non-empty corpus file (Dovecot refuses to store an empty message at all)."""
    if not CORPORA.is_dir():
        return ()
    return tuple(sorted(p for p in CORPORA.rglob("*") if p.is_file() and p.stat().st_size))


@cache
def corpus() -> tuple[bytes, ...]:
    return tuple(_lf(p.read_bytes()) for p in corpus_files())


def _lf(raw: bytes) -> bytes:
    return raw.replace(b"\r\n", b"\n")


# ---- taking a message apart --------------------------------------------------------------------


def split(raw: bytes) -> tuple[list[bytes], bytes]:
    """Header fields (each with its continuation lines) and the body."""
    end = raw.find(b"\n\n")
    head, body = (raw, b"") if end < 0 else (raw[:end], raw[end + 2 :])
    fields: list[bytes] = []
    for line in head.split(b"\n"):
        if fields and line[:1] in (b" ", b"\t"):
            fields[-1] += b"\n" + line
        else:
            fields.append(line)
    return fields, body


def join(fields: list[bytes], body: bytes) -> bytes:
    return b"\n".join(fields) + b"\n\n" + body


def set_header(raw: bytes, name: bytes, value: bytes) -> bytes:
    fields, body = split(raw)
    prefix = name.lower() + b":"
    kept = [f for f in fields if not f.lower().startswith(prefix)]
    return join([name + b": " + value, *kept], body)


# Our receiving server's word that the sender checked out (config.toml: authserv_id): without it the
# example config sends every registration to staff, and the deeper paths would never be reached.
AUTH_PASS = b"mx01.b-b-e.de; spf=pass smtp.mailfrom=fuzz.test; dkim=pass"


def with_message_id(raw: bytes, n: int) -> bytes:
    return set_header(raw, b"Message-ID", f"<fuzz-{n}@fuzz.test>".encode())


# ---- the operations ----------------------------------------------------------------------------

HEADER_NAMES = (
    b"Subject",
    b"From",
    b"To",
    b"Cc",
    b"Reply-To",
    b"Sender",
    b"Date",
    b"Message-ID",
    b"In-Reply-To",
    b"References",
    b"Content-Type",
    b"Content-Transfer-Encoding",
    b"MIME-Version",
    b"Auto-Submitted",
    b"Precedence",
    b"List-Id",
    b"Return-Path",
    b"Authentication-Results",
    b"Content-Disposition",
    b"X-Anmeldebot-Kind",
)
CONTENT_TYPES = (
    b"multipart/mixed",
    b'multipart/mixed; boundary="nowhere"',
    b'multipart/alternative; boundary=""',
    b"multipart/report; report-type=delivery-status; boundary=x",
    b"text/html; charset=utf-8",
    b"text/plain; charset=bogus-8",
    b"text/plain; charset=utf-7",
    b"text/plain; charset=utf-16",
    b"text/plain; format=flowed; delsp=yes",
    b"message/rfc822",
    b"message/delivery-status",
    b"text/calendar; method=REPLY",
    b"application/octet-stream",
    b"application/ms-tnef",
    b"text",
    b"/",
    b"",
)
ENCODINGS = (b"base64", b"quoted-printable", b"x-uuencode", b"8bit", b"binary", b"7bit", b"bogus", b"")
BROKEN_WORDS = (
    b"=?utf-8?B?w6TDtsO8?= =?utf-8?B?!!!?=",
    b"=?utf-8?Q?caf=C3=A9=?=",
    b"=?x-unknown?Q?=FF=FE?=",
    b"=?utf-8?B?w6",
    b"=?utf-8??abc?=",
    b"=?iso-8859-1?q?=E4=F6=FC?==?utf-8?b?QUJD?=",
    b"=?utf-8*de?B?SGFsbG8=?=",
    b"=?UTF-8?B?" + base64.b64encode(b"\xff\xfe\xfd") + b"?=",
    b"=?utf-16?B?2D3eAA==?=",
    b"=??=" * 50,
)
INVALID_UTF8 = (b"\xc3\x28", b"\xff", b"\xed\xa0\x80", b"\xf0\x28\x8c\x28", b"\xe2\x82", b"\xc0\xaf")

Op = Callable[[bytes, int, bytes, str], bytes]


def _at(raw: bytes, n: int) -> int:
    return n % (len(raw) + 1)


def drop_header(raw: bytes, n: int, _b: bytes, _t: str) -> bytes:
    fields, body = split(raw)
    if fields:
        del fields[n % len(fields)]
    return join(fields, body)


def double_header(raw: bytes, n: int, _b: bytes, _t: str) -> bytes:
    fields, body = split(raw)
    if fields:
        fields.insert(0, fields[n % len(fields)])
    return join(fields, body)


def junk_header(raw: bytes, n: int, junk: bytes, text: str) -> bytes:
    name = HEADER_NAMES[n % len(HEADER_NAMES)]
    values = (
        junk,
        text.encode("utf-8", "surrogatepass"),
        BROKEN_WORDS[n % len(BROKEN_WORDS)],
        (text.encode("utf-8", "surrogatepass") or b"x") * (n % 300),
        b"\n \n\t",
        b"<" * (n % 300) + b"@" + b">" * (n % 7),
        b", ".join(b"a%d@x%d.test" % (i, i) for i in range(n % 400)),
    )
    return set_header(raw, name, values[(n // 7) % len(values)])


def broken_words(raw: bytes, n: int, junk: bytes, _t: str) -> bytes:
    word = BROKEN_WORDS[n % len(BROKEN_WORDS)]
    name = (b"Subject", b"From", b"To", b"Cc")[n % 4]
    return set_header(raw, name, word + b" " + junk.replace(b"\n", b" ") + b" " + word + b" <x@y.test>")


def content_type(raw: bytes, n: int, _b: bytes, _t: str) -> bytes:
    return set_header(raw, b"Content-Type", CONTENT_TYPES[n % len(CONTENT_TYPES)])


def transfer_encoding(raw: bytes, n: int, _b: bytes, _t: str) -> bytes:
    return set_header(raw, b"Content-Transfer-Encoding", ENCODINGS[n % len(ENCODINGS)])


def wrap_multipart(raw: bytes, n: int, junk: bytes, _t: str) -> bytes:
    fields, body = split(raw)
    inner = [f for f in fields if f.lower().startswith(b"content-")] or [b"Content-Type: text/plain"]
    outer = [f for f in fields if not f.lower().startswith(b"content-")]
    part = join(inner, body)
    for level in range(1 + n % 6):
        boundary = b"b%d-%d" % (n, level)
        close = b"--" + boundary + b"--\n" if n % 3 else b""  # sometimes never closed
        extra = (
            b"--" + boundary + b"\nContent-Type: application/octet-stream\n\n" + junk + b"\n"
            if n % 2
            else b""
        )
        part = (
            b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\n\n'
            b"--" + boundary + b"\n" + part + b"\n" + extra + close
        )
    head, _sep, rest = part.partition(b"\n\n")
    return join([*outer, b"MIME-Version: 1.0", head], rest)


def truncate(raw: bytes, n: int, _b: bytes, _t: str) -> bytes:
    return raw[: max(1, _at(raw, n))]


def flip_bytes(raw: bytes, n: int, junk: bytes, _t: str) -> bytes:
    data = bytearray(raw)
    for i, byte in enumerate(junk[:32]):
        if data:
            data[(n * (i + 1) * 7919) % len(data)] = byte
    return bytes(data)


def insert_bytes(raw: bytes, n: int, junk: bytes, _t: str) -> bytes:
    at = _at(raw, n)
    return raw[:at] + junk * (1 + n % 50) + raw[at:]


def nul_bytes(raw: bytes, n: int, _b: bytes, _t: str) -> bytes:
    at = _at(raw, n)
    return raw[:at] + b"\x00" * (1 + n % 40) + raw[at:]


def invalid_utf8(raw: bytes, n: int, _b: bytes, _t: str) -> bytes:
    bad = INVALID_UTF8[n % len(INVALID_UTF8)]
    for letter in (b"e", b"n", b"a", b"s")[: 1 + n % 4]:
        raw = raw.replace(letter, bad, 1 + n % 97)
    return raw


def line_ends(raw: bytes, n: int, _b: bytes, _t: str) -> bytes:
    style = n % 4
    if style == 0:
        return raw.replace(b"\n", b"\r")  # classic Mac: no LF at all
    if style == 1:
        return raw.replace(b"\n", b"\r\r\n")
    if style == 2:
        return raw.replace(b"\n\n", b"\n \n", 1)  # the separator line is not empty
    return raw.replace(b"\n\n", b"\n", 1)  # no separator: the body reads as headers


def long_line(raw: bytes, n: int, junk: bytes, _t: str) -> bytes:
    fields, body = split(raw)
    return join(fields, (junk or b"x") * (1 + n % 1000) + b"\n" + body)


def random_body(raw: bytes, _n: int, junk: bytes, _t: str) -> bytes:
    fields, _body = split(raw)
    return join(fields, junk * 20)


def random_message(_raw: bytes, n: int, junk: bytes, _t: str) -> bytes:
    return (junk or b"\xff") * (1 + n % 64)


def register_text(raw: bytes, n: int, _b: bytes, text: str) -> bytes:
    fields, body = split(raw)
    lines = (b"Ich melde mich an.", b"Hiermit sage ich ab.", b"Ich komme mit 3 Kolleginnen.", b"Anmeldung")
    return join(fields, lines[n % len(lines)] + b" " + text.encode("utf-8", "surrogatepass") + b"\n" + body)


def html_body(raw: bytes, n: int, junk: bytes, text: str) -> bytes:
    fields, _body = split(raw)
    depth = n % 3000
    html = (
        b"<div>" * depth + b"<p>" + text.encode("utf-8", "surrogatepass") + junk + b"<blockquote>" * (n % 50)
    )
    fields = [f for f in fields if not f.lower().startswith(b"content-")]
    return join([*fields, b"Content-Type: text/html; charset=utf-8"], html)


def repeat_chunk(raw: bytes, n: int, _b: bytes, _t: str) -> bytes:
    at = _at(raw, n)
    chunk = raw[at : at + 1 + n % 100]
    return raw[:at] + chunk * (1 + n % 300) + raw[at:]


OPS: tuple[Op, ...] = (
    drop_header,
    double_header,
    junk_header,
    broken_words,
    content_type,
    transfer_encoding,
    wrap_multipart,
    truncate,
    flip_bytes,
    insert_bytes,
    nul_bytes,
    invalid_utf8,
    line_ends,
    long_line,
    random_body,
    random_message,
    register_text,
    html_body,
    repeat_chunk,
)

# Text for the operations that take some: drawing text character by character is what makes
# hypothesis slow, so it picks one of these (the bytes are drawn freely).
TEXTS = (
    "",
    "Anmeldung",
    "Müller-Lüdenscheidt, Straße",
    "\u202eGNUDLEMNA\u202c",  # right-to-left override
    "\u0000\u0001\u001b[31m",
    "\U0001f600 \u200b\u200d\ufeff",
    "\ud800",  # a lone surrogate, encoded with surrogatepass
    "𝔄𝔫𝔪𝔢𝔩𝔡𝔲𝔫𝔤 ﷽ ᚠᛇᚻ 漢字 العربية",
    "=?utf-8?q?x?=",
    "{{ config }} {% raw %}${7*7}",
    "a\r\nBcc: victim@example.org",
    " " * 200,
)

PER_EXAMPLE = 10  # programs per hypothesis example: its per-example cost dominates otherwise
Step = tuple[int, int, bytes]
Program = tuple[bool, int, tuple[Step, ...]]


def programs() -> st.SearchStrategy[Program]:
    """A seed (from the replies or the corpora) and up to four operations on it."""
    step = st.tuples(st.integers(0, len(OPS) - 1), st.integers(0, 2**20), st.binary(max_size=48))
    return st.tuples(st.booleans(), st.integers(0, 2**16), st.lists(step, min_size=1, max_size=4).map(tuple))


def apply_program(program: Program, n: int) -> bytes:
    from_corpus, index, steps = program
    seeds = corpus() if from_corpus and corpus() else replies()
    raw = set_header(with_message_id(seeds[index % len(seeds)], n), b"Authentication-Results", AUTH_PASS)
    for op, number, junk in steps:
        raw = OPS[op](raw, number, junk, TEXTS[number % len(TEXTS)])
    return raw or b"\n"


def generate(count: int, seed: int = 7, start: int = 0) -> list[bytes]:
    """`count` different mutated mails, the same ones for the same seed; Message-IDs from `start`.

    Hypothesis likes to revisit what it drew before; byte-identical mails are drawn again.
    """
    out: list[bytes] = []
    seen: set[bytes] = set()
    attempt = 0
    while len(out) < count:
        _draw(-(-(count - len(out)) // PER_EXAMPLE), seed + attempt, start, out, seen)
        attempt += 1
    return out[:count]


def _draw(examples: int, seed: int, start: int, out: list[bytes], seen: set[bytes]) -> None:
    @hypothesis_seed(seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(programs(), min_size=PER_EXAMPLE, max_size=PER_EXAMPLE))
    def collect(batch: list[Program]) -> None:
        for program in batch:
            raw = apply_program(program, start + len(out))
            digest = hashlib.sha256(raw).digest()
            if digest not in seen:
                seen.add(digest)
                out.append(raw)

    collect()


# ---- the named extremes ---------------------------------------------------------------------------


def _reply(text: str, n: int, quote: bool = True) -> bytes:
    sender = f"Hostile Sender <hostile{n}@b-b-e.test>"
    return _lf(make(text, sender=sender, message_id=f"<hostile-{n}@x.test>", quote=quote))


def _multipart(head: bytes, parts: list[bytes], boundary: bytes = b"BOUNDARY") -> bytes:
    body = b"".join(b"--" + boundary + b"\n" + p + b"\n" for p in parts) + b"--" + boundary + b"--\n"
    return head + b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="' + boundary + b'"\n\n' + body


def _head(n: int, subject: bytes = b"Re: Einladung") -> bytes:
    return (
        b"From: Hostile <hostile%d@b-b-e.test>\nTo: info@b-b-e.de\nSubject: " % n
        + subject
        + b"\nMessage-ID: <hostile-%d@x.test>\nDate: Tue, 09 Jun 2020 08:12:00 +0200\n" % n
    )


TEXT_PART = b"Content-Type: text/plain; charset=utf-8\n\nIch melde mich an.\n"


AUTH = {"Authentication-Results": AUTH_PASS.decode()}


def slow_mail(sender: str, addresses: int = 8000) -> bytes:
    """A registration naming thousands of colleagues (once minutes to read; now capped at 50 addresses)."""
    others = ", ".join(f"kollege{i}@firma{i}.de" for i in range(addresses))
    text = f"Ich melde mich und meine Kollegen an: {others}"
    return make(text, sender=sender, message_id=f"<slow-{addresses}@x.test>", headers=AUTH, quote=False)


def specials() -> list[tuple[str, bytes]]:
    """The hostile specials of issue 7 and a few more, each a complete message."""
    big = base64.encodebytes(bytes(range(256)) * (25 * 1024 * 1024 // 256))
    nested = TEXT_PART
    for level in range(100):
        b = b"n%d" % level
        nested = (
            b'Content-Type: multipart/mixed; boundary="'
            + b
            + b'"\n\n--'
            + b
            + b"\n"
            + nested
            + b"\n--"
            + b
            + b"--\n"
        )
    rfc822 = _head(0) + b"\n" + b"Ich melde mich an.\n"
    for level in range(100):
        rfc822 = _head(1000 + level) + b"Content-Type: message/rfc822\n\n" + rfc822
    folded_mb = b"Subject: " + b"\n ".join([b"Anmeldung " * 10] * (1024 * 1024 // 100)) + b"\n"
    return [
        (
            "25 MB attachment",
            _multipart(
                _head(1),
                [
                    TEXT_PART,
                    b"Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n"
                    b'Content-Disposition: attachment; filename="gross.pdf"\n\n' + big,
                ],
            ),
        ),
        ("100,000-line body", _reply("Ich melde mich an.\n" + "Zeile mit Text\n" * 100_000, 2, quote=False)),
        ("multiparts nested 100 deep", _head(3) + b"MIME-Version: 1.0\n" + nested),
        (
            "message/rfc822 nested 100 deep",
            _head(4) + b"MIME-Version: 1.0\nContent-Type: message/rfc822\n\n" + rfc822,
        ),
        (
            "broken encoded words everywhere",
            b"From: "
            + BROKEN_WORDS[0]
            + b" <hostile5@b-b-e.test>\nTo: "
            + BROKEN_WORDS[2]
            + b" <info@b-b-e.de>\n"
            b"Subject: " + b" ".join(BROKEN_WORDS) + b"\nMessage-ID: <hostile-5@x.test>\n"
            b"Content-Type: text/plain; charset=utf-8\n\n=?utf-8?B?SWNoIG1lbGRlIG1pY2ggYW4u?=\n",
        ),
        (
            "1 MB header (folded)",
            _head(6).replace(b"Subject: Re: Einladung\n", folded_mb) + b"\nIch melde mich an.\n",
        ),
        (
            "1 MB header (one line)",
            _head(7) + b"X-Long: " + b"A" * (1024 * 1024) + b"\n\nIch melde mich an.\n",
        ),
        (
            "invalid UTF-8 everywhere",
            b"From: \xff\xfe <hostile8@b-b-e.test>\nTo: \xc3\x28 <info@b-b-e.de>\nSubject: Anmeldung \xed\xa0\x80\xc0\xaf\n"
            b"Message-ID: <hostile-8\xff@x.test>\nContent-Type: text/plain; charset=utf-8\n"
            b"Content-Transfer-Encoding: 8bit\n\nIch melde mich an \xf0\x28\x8c\x28 \xe2\x82\n" * 3,
        ),
        (
            "NUL bytes",
            b"From: Nul\x00 <hostile9@b-b-e.test>\nSubject: An\x00meldung\nMessage-ID: <hostile-9@x.test>\n\n"
            b"Ich melde\x00 mich an.\x00\x00\n",
        ),
        ("5,000 MIME parts", _multipart(_head(10), [TEXT_PART] * 5000)),
        (
            "100,000 header fields",
            _head(11) + b"".join(b"X-H%d: v\n" % i for i in range(100_000)) + b"\nIch melde mich an.\n",
        ),
        (
            "HTML nested 100,000 deep",
            _head(12)
            + b"Content-Type: text/html\n\n"
            + b"<div>" * 100_000
            + b"Ich melde mich an."
            + b"</div>" * 10,
        ),
        (
            "10 MB line without a space",
            _head(13) + b"\nIch melde mich an.\n" + b"x" * (10 * 1024 * 1024) + b"\n",
        ),
        ("quotes 10,000 deep", _head(14) + b"\nIch melde mich an.\n" + b">" * 10_000 + b" alt\n"),
        ("base64 that is not", _head(15) + b"Content-Transfer-Encoding: base64\n\n!!!!====****\n" * 100),
        (
            "quoted-printable that is not",
            _head(16) + b"Content-Transfer-Encoding: quoted-printable\n\n=ZZ=\n=" * 1000,
        ),
        ("1 MB of random bytes", bytes((i * 7919 + 13) % 256 for i in range(1024 * 1024))),
        ("only a header", _head(17)),
        (
            "an mbox From_ line first",
            b"From hostile@b-b-e.test Tue Jun  9 08:12:00 2020\n" + _head(18) + b"\nIch melde mich an.\n",
        ),
        (
            "UTF-16 body",
            _head(19)
            + b"Content-Type: text/plain; charset=utf-16\n\n"
            + "Ich melde mich an.".encode("utf-16"),
        ),
        (
            "10,000 colleagues",
            _reply(
                "Ich melde mich und diese Kollegen an:\n"
                + "\n".join(f"k{i}@b-b-e.test" for i in range(10_000)),
                20,
            ),
        ),
        (
            "100,000 References",
            _head(21) + b"References: " + b" ".join(b"<r%d@x>" % i for i in range(100_000)) + b"\n\nJa.\n",
        ),
        (
            "100,000 encoded words",
            _head(22).replace(b"Re: Einladung", b"=?utf-8?q?a?= " * 100_000) + b"\nIch melde mich an.\n",
        ),
        (
            "a Date from nowhere",
            _head(23).replace(b"Tue, 09 Jun 2020 08:12:00 +0200", b"Tue, 99 Jun 99999 99:99:99 +9999")
            + b"\nIch melde mich an.\n",
        ),
        (
            "boundary that never comes",
            _head(24) + b'Content-Type: multipart/mixed; boundary="nie"\n\nIch melde mich an.\n' * 2000,
        ),
    ]

"""The bytes of the one shape of mail the bot sends, written directly (RFC 5322, 2045-2047).

Every mail the bot writes is the same tree: multipart/alternative (text/plain, text/html), wrapped in
multipart/mixed when a calendar file goes along. `email.message.EmailMessage` with the SMTP policy
built it before, and it took 7 ms a mail, most of it parsing back and refolding headers we had just
set; 5,000 access-data mails spent more time being written than being sent (issue 8). Here the
encoding is left to the email package's and binascii's primitives (`Header` for RFC 2047 words,
`formataddr` for addresses, `b2a_qp`, base64) and only the layout is ours. tests/test_wire.py
parses what this writes with `email.policy.default` and checks that every header and part reads back
as given, for random names, subjects and bodies too.

What keeps it safe: values never contain CR or LF when they get here (bot/compose.py cleans names
and subjects of control characters and breaks "=?" openers), folding is done by `Header`, and
`compose.check_headers` parses the header block of the result and refuses any header we did not
write. The boundaries start with "=_", which can appear neither in quoted-printable nor in base64
text, and are derived from the Message-ID, so the same mail has the same bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.header import Header
from email.utils import formataddr
from functools import lru_cache

CRLF = "\r\n"
# A parameter value that needs no quoting and no RFC 2231 encoding (a file name like "2020-06-22.ics").
PLAIN_PARAMETER = re.compile(r"[A-Za-z0-9._-]{1,60}")


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file that goes along (the .ics, the attendee list): sent base64-encoded."""

    filename: str
    content: bytes
    maintype: str
    subtype: str
    params: tuple[tuple[str, str], ...] = ()


def header_line(name: str, value: str) -> str:
    """`Name: value`, encoded (RFC 2047) when not ASCII and folded to 78 characters."""
    if value.isascii() and len(name) + len(value) < 77:
        return f"{name}: {value}"
    return f"{name}: {_encoded(name, value)}"


@lru_cache(maxsize=512)
def _encoded(name: str, value: str) -> str:
    # The same subject and sender go into thousands of mails of one run: encode them once.
    charset = "us-ascii" if value.isascii() else "utf-8"
    return Header(value, charset, header_name=name).encode(linesep=CRLF)


def address_line(name: str, display: str, addr_spec: str) -> str:
    """`To: "Name" <a@b>`: the display name quoted or encoded as it needs, the whole folded."""
    if not display:
        return f"{name}: {addr_spec}"
    if display.isascii():
        return f"{name}: {formataddr((display, addr_spec))}"
    # formataddr folds a long encoded name with a bare LF; the line ends must be CRLF.
    words = _encoded(name, display)
    return f"{name}: {words} <{addr_spec}>"


def message(
    headers: Sequence[str], text: str, html: str, attachments: Sequence[Attachment], seed: str
) -> str:
    """The whole message: `headers` (finished lines), then the MIME headers and the body tree."""
    token = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:24]
    inner = f"=_alt_{token}"
    alternative = _multipart(inner, [_text_part("plain", text), _text_part("html", html)])
    if attachments:
        outer = f"=_mix_{token}"
        top = f'multipart/mixed; boundary="{outer}"'
        body = _multipart(
            outer,
            [
                f'Content-Type: multipart/alternative; boundary="{inner}"{CRLF}{CRLF}{alternative}',
                *(_attachment(item) for item in attachments),
            ],
        )
    else:
        top = f'multipart/alternative; boundary="{inner}"'
        body = alternative
    head = [*headers, "MIME-Version: 1.0", f"Content-Type: {top}"]
    return CRLF.join(head) + CRLF + CRLF + body


def _multipart(boundary: str, parts: Sequence[str]) -> str:
    out = [f"--{boundary}{CRLF}{part}{CRLF}" for part in parts]
    return "".join(out) + f"--{boundary}--{CRLF}"


def _text_part(subtype: str, text: str) -> str:
    # Quoted-printable keeps the mail 7-bit, so it passes a server without 8BITMIME unchanged.
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    encoded = binascii.b2a_qp(data, istext=True).decode("ascii").replace("\n", CRLF)
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"{CRLF}'
        f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}{encoded}"
    )


def _attachment(item: Attachment) -> str:
    params = "".join(f'; {key}="{value}"' for key, value in item.params if PLAIN_PARAMETER.fullmatch(value))
    filename = item.filename if PLAIN_PARAMETER.fullmatch(item.filename) else "anhang.bin"
    encoded = base64.encodebytes(item.content).decode("ascii").replace("\n", CRLF)
    return (
        f"Content-Type: {item.maintype}/{item.subtype}{params}{CRLF}"
        f"Content-Transfer-Encoding: base64{CRLF}"
        f'Content-Disposition: attachment; filename="{filename}"{CRLF}{CRLF}{encoded}'
    )

"""Raw RFC 5322 bytes to a `ParsedMail`: tolerant, capped, and never raising.

Why the stdlib's compat32 parser and not `policy=default`: the default policy turns every header
into a structured object on access, which is most of its cost (about four times slower on our
corpora). We only need a dozen headers, so we keep raw header strings and decode them ourselves,
with a fast path for the plain-ASCII values that make up nearly every header in practice.

Caps (all below) keep any single mail from being slow: the raw size, the number of multipart or
message containers the stdlib parser sees (its recursion would otherwise blow up on deep nesting),
the number of MIME parts walked, the nesting depth, the header count and length, and the body text.

`parse` never raises. `is_message`/`parse_strict` let a caller reject input that is not a message
at all (no header line), such as an empty file or random binary.
"""

from __future__ import annotations

import binascii
import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser, HeaderParser
from email.policy import compat32
from email.utils import collapse_rfc2231_value, getaddresses, parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.htmltext import html_to_text
from bot.models import Address, CalendarReply, DeliveryFailure, ParsedMail
from bot.trim import TrimResult, split_reply

MAX_RAW_BYTES = 10 * 1024 * 1024  # larger mails are parsed from this prefix (truncated=True)
MAX_CONTAINERS = 64  # multipart/message headers the stdlib parser may see (it recurses per level)
MAX_PARTS = 200  # MIME parts walked
MAX_DEPTH = 20  # nesting depth walked
MAX_HEADERS = 500  # header fields kept per header block
MAX_HEADER_CHARS = 16_384  # characters kept per header value
MAX_BODY_CHARS = 200_000  # characters of body text kept
MAX_HTML_CHARS = 1_000_000  # characters of HTML handed to the HTML converter
MAX_IDS = 100  # message ids kept from References
MAX_DEFECTS = 20

_BYTES_PARSER = BytesParser(policy=compat32)
_HEADER_PARSER = BytesHeaderParser(policy=compat32)
_TEXT_HEADER_PARSER = HeaderParser(policy=compat32)

# One address with at most a name of plain words before it: "Anna Muster <anna@x.de>", "anna@x.de",
# "=?utf-8?q?M=C3=BCller?= <m@x.de>". Anything else (quotes, commas, comments, groups, several
# addresses) goes to email.utils.getaddresses.
_SIMPLE_ADDRESS_RE = re.compile(
    r"\s*(?:([^\"(),:;<>@\[\]\\]*?)\s*<([^\s\"(),:;<>@\[\]\\]+@[^\s\"(),:;<>@\[\]\\]+)>|([^\s\"(),:;<>@\[\]\\]+@[^\s\"(),:;<>@\[\]\\]+))\s*"
)
_CONTAINER_RE = re.compile(rb"^content-type:\s*(?:multipart|message)/", re.IGNORECASE | re.MULTILINE)
_FOLD_RE = re.compile(r"\r\n|\r|\n")
_ENCODED_WORD_RE = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=")
_NOT_BASE64_RE = re.compile(rb"[^A-Za-z0-9+/]")
_MSG_ID_RE = re.compile(r"<([^<>]+)>")
_HEADER_LINE_RE = re.compile(rb"^[!-9;-~]+[ \t]*:")
_STATUS_RE = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
_SMTP_CODE_RE = re.compile(r"\b([245])\d\d\b")
_ADDR_IN_FIELD_RE = re.compile(r"<?([^\s<>;\"]+@[^\s<>;\"]+?)>?\s*$")

# Charsets whose text is plain ASCII when every byte is; others (UTF-16, UTF-7, ISO-2022-*) must
# go through their codec even for 7-bit bytes.
_NOT_ASCII_COMPATIBLE = ("utf-16", "utf16", "utf-32", "utf32", "utf-7", "utf7", "hz", "iso-2022", "csiso2022")
# Labels that mail clients put on UTF-8 text by mistake (old webmailers, Outlook "auto-select").
# Valid multi-byte UTF-8 is very unlikely in real Latin-1 text, so we try UTF-8 first for these.
_OFTEN_MISLABELLED = frozenset(
    {"us-ascii", "ascii", "iso-8859-1", "latin1", "latin-1", "iso-8859-15", "windows-1252", "cp1252"}
)
_SUCCESS_ACTIONS = frozenset({"delivered", "relayed", "expanded", "deliverable"})
_ADDRESS_HEADERS = ("from", "reply-to", "to", "cc")


class NotAMessage(Exception):
    """The input has no header line at all (empty file, random binary, a bare text body)."""


def parse(raw: bytes) -> ParsedMail:
    """Parse raw message bytes; never raises (problems are recorded in `defects`)."""
    try:
        return _parse(bytes(raw))
    except Exception as exc:  # the contract is "never raises": any stdlib surprise lands here
        return _unreadable(raw, f"parse failed: {type(exc).__name__}: {exc}"[:200])


def is_message(mail: ParsedMail) -> bool:
    """True when the input had at least one header field: the least a mail must have."""
    return bool(mail.headers)


def parse_strict(raw: bytes) -> ParsedMail:
    """`parse`, but raise `NotAMessage` for input that is not a readable message."""
    mail = parse(raw)
    if not is_message(mail):
        raise NotAMessage("not a readable message: no header lines" if raw.strip() else "empty input")
    return mail


# --- the parse steps ---------------------------------------------------------------------------


def _parse(raw: bytes) -> ParsedMail:
    defects: list[str] = []
    size = len(raw)
    data, truncated = _capped_input(raw, defects)
    if not _HEADER_LINE_RE.match(data.lstrip(b"\r\n")[:1000]) and not data.startswith(b"From "):
        return _unreadable(raw, "no header lines")
    msg = _stdlib_parse(data, defects)
    raw_headers = _raw_headers(msg, defects)
    headers = {name: tuple(_decode_header(v) for v in values) for name, values in raw_headers.items()}
    report_type = _report_type(msg)
    walker = _Walker(is_report=bool(report_type) or msg.get_content_type() == "multipart/report")
    walker.visit_root(msg)
    body = walker.body()
    trimmed = _split(body.text, report=bool(walker.is_report))
    defects.extend(walker.defects)
    defects.extend(_stdlib_defects(msg))
    return ParsedMail(
        raw_size=size,
        headers=headers,
        subject=_one_line(headers.get("subject", ("",))[0]),
        sender=_sender(raw_headers.get("from", [])),
        reply_to=_addresses(raw_headers.get("reply-to", [])),
        to=_addresses(raw_headers.get("to", [])),
        cc=_addresses(raw_headers.get("cc", [])),
        message_id=next(iter(_message_ids(headers.get("message-id", ()))), None),
        in_reply_to=_message_ids(headers.get("in-reply-to", ())),
        references=_message_ids(headers.get("references", ()))[-MAX_IDS:],
        date=_date(headers.get("date", ("",))[0]),
        content_type=msg.get_content_type(),
        body_text=body.text,
        body_was_html=body.was_html,
        reply_text=trimmed.reply,
        quoted_text=_join(body.quoted, trimmed.quoted),
        forwarded_text=_join(trimmed.forwarded, *walker.forwarded),
        calendar_reply=walker.calendar,
        delivery_failures=tuple(walker.failures),
        dsn_actions=tuple(walker.actions),
        report_type=report_type,
        attached_headers=walker.attached_headers,
        attachment_names=tuple(walker.attachment_names),
        defects=tuple(dict.fromkeys(defects))[:MAX_DEFECTS],
        truncated=truncated or walker.truncated or body.truncated,
    )


def _split(text: str, *, report: bool) -> TrimResult:
    """Reply, quote and forward of the body; a delivery or feedback report is machine text with
    nothing quoted by a person, so it is not trimmed (saves the trimmer on every bounce)."""
    return TrimResult(reply=text.strip()) if report else split_reply(text)


def _unreadable(raw: bytes, defect: str) -> ParsedMail:
    """The ParsedMail for input we could not read as a message: empty, with the defect."""
    return ParsedMail(
        raw_size=len(raw),
        headers={},
        subject="",
        sender=None,
        reply_to=(),
        to=(),
        cc=(),
        message_id=None,
        in_reply_to=(),
        references=(),
        date=None,
        content_type="",
        body_text="",
        body_was_html=False,
        reply_text="",
        quoted_text="",
        forwarded_text="",
        defects=(defect,),
    )


def _capped_input(raw: bytes, defects: list[str]) -> tuple[bytes, bool]:
    """The prefix of `raw` the stdlib parser may see: size and container count capped."""
    truncated = False
    if len(raw) > MAX_RAW_BYTES:
        raw, truncated = raw[:MAX_RAW_BYTES], True
        defects.append(f"message larger than {MAX_RAW_BYTES} bytes: parsed a prefix")
    if raw.lower().count(b"content-type") <= MAX_CONTAINERS:
        return raw, truncated  # cannot have too many (one C pass instead of a regex over the mail)
    for count, match in enumerate(_CONTAINER_RE.finditer(raw), start=1):
        if count > MAX_CONTAINERS:
            defects.append(f"more than {MAX_CONTAINERS} nested parts: parsed a prefix")
            return raw[: match.start()], True
    return raw, truncated


def _stdlib_parse(data: bytes, defects: list[str]) -> Message:
    """compat32 parse; on pathological structure fall back to the header block alone."""
    shared, names = _shared_boundaries(data)
    try:
        msg = _BYTES_PARSER.parsebytes(shared)
    except RecursionError:
        defects.append("structure too deep: body ignored")
        return _HEADER_PARSER.parsebytes(data)
    value = msg.get("content-type")
    if names and isinstance(value, str):
        # The mail's own Content-Type as it came (staff and the headers shown keep the original).
        for boundary, name in names.items():
            value = value.replace(name.decode(), boundary.decode("ascii", "surrogateescape"))
        msg.replace_header("content-type", value)
    return msg


# Searched in the lower-cased mail (bytes.lower keeps every offset): a case-sensitive search can skip
# ahead, one with re.IGNORECASE cannot.
_CONTENT_TYPE_FIELD = re.compile(rb"(?m)^content-type[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)")
_BOUNDARY_PARAM = re.compile(rb'boundary\s*=\s*(?:"([^"\r\n]*)"|([^\s;"]*))')
_BCHARS = re.compile(rb"[0-9a-zA-Z'()+_,./:=?-]{1,70}")  # RFC 2046, without the space
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_DELIMITER_TAIL = re.compile(rb"(?:--)?[ \t]*(?:\r?\n|$)")
_MAX_PART_HEADER = 8_192  # bytes of a part's header block searched for its Content-Type
_MAX_DELIMITERS = 1_000  # more delimiter lines than this: the mail is parsed as it came
_MAX_RENAMED = 1_000_000  # bytes


class _Unsure(Exception):
    """A mail whose boundaries cannot be renamed with certainty: it is parsed as it came."""


def _shared_boundaries(data: bytes) -> tuple[bytes, dict[bytes, bytes]]:
    """The mail with its multipart boundaries renamed to the same few names in every mail.

    Why: the stdlib's parser compiles a regular expression for every boundary it meets, and the
    `re` cache holds 512 of them; boundaries are random per mail, so every multipart mail paid a
    compile that cost about as much as parsing the rest of it. Renamed are the boundaries the
    parser itself will use: from the first Content-Type of the mail's header block, then of the
    header blocks of the parts they delimit; at the declaration and on the delimiter lines between
    the declaration and the closing line. Anything unusual (bare CRs, a boundary with spaces or
    other characters RFC 2046 does not allow, a delimiter line outside its multipart, very many
    parts) leaves the whole mail as it came. tests/test_corpora.py reads the corpus and every
    fixture with and without the renaming and finds no difference.
    """
    if len(data) > _MAX_RENAMED or data[:1] in (b"\n", b"\r") or data.count(b"\r") != data.count(b"\r\n"):
        # large (a compile saved is nothing next to parsing it), all body, or line ends the
        # delimiter search below does not know
        return data, {}
    lower = data.lower()
    spans: list[tuple[int, int]] = []
    names: dict[bytes, bytes] = {}
    blocks = [0]
    try:
        while blocks:
            declared = _declared_boundary(data, lower, blocks.pop())
            if declared is None:
                continue
            boundary, span = declared
            spans.append(span)
            if boundary in names:
                raise _Unsure  # a boundary declared twice: scopes the parser keeps apart
            names[boundary] = b"_anmeldebot_boundary_%d_" % len(names)
            for line, part_start in _delimiter_lines(data, boundary, span[1]):
                spans.append(line)
                if part_start is not None:
                    blocks.append(part_start)
            if len(spans) > _MAX_DELIMITERS or len(names) > MAX_CONTAINERS:
                raise _Unsure
    except _Unsure:
        return data, {}
    spans.sort()
    if not names or any(n in data for n in names.values()):
        return data, {}
    if any(later[0] < earlier[1] for earlier, later in itertools.pairwise(spans)):
        return data, {}  # "b" and "b--": one boundary inside another's line
    pieces: list[bytes] = []
    at = 0
    for start, end in spans:
        pieces += [data[at:start], names[data[start:end]]]
        at = end
    return b"".join([*pieces, data[at:]]), names


def _declared_boundary(data: bytes, lower: bytes, start: int) -> tuple[bytes, tuple[int, int]] | None:
    """The boundary a multipart header block starting at `start` declares, and where it stands."""
    if lower[start : start + 1] in (b"\n", b"\r"):
        return None  # a part without headers
    found = _HEADER_END.search(lower, start, start + _MAX_PART_HEADER)
    end = found.start() if found is not None else min(len(lower), start + _MAX_PART_HEADER)
    field = _CONTENT_TYPE_FIELD.search(lower, start, end)
    if field is None or b"multipart/" not in field.group(1):
        return None
    param = _BOUNDARY_PARAM.search(lower, field.start(1), field.end(1))
    if param is None:
        return None
    group = 1 if param.start(1) >= 0 else 2
    boundary = data[param.start(group) : param.end(group)]
    rest = lower[param.end() : field.end(1)].split(b";", 1)[0]
    if not _BCHARS.fullmatch(boundary) or rest.strip():
        raise _Unsure  # "b1 x", "b\\1", 8-bit, longer than 70: the stdlib reads it otherwise
    return boundary, param.span(group)


def _delimiter_lines(data: bytes, boundary: bytes, declared: int) -> list[tuple[tuple[int, int], int | None]]:
    """Each delimiter line of the boundary: where the boundary stands in it, and where the part
    after it starts (None after the closing one). A line that only begins like one ("--b1x"
    when the boundary is "b1") is another boundary's or text; a delimiter line before the
    declaration or after the closing line is outside the multipart."""
    found: list[tuple[tuple[int, int], int | None]] = []
    mark = b"\n--" + boundary
    closed = False
    at = data.find(mark)
    while at >= 0:
        span = (at + 3, at + len(mark))
        tail = _DELIMITER_TAIL.match(data, span[1])
        if tail is not None:
            if at < declared or closed or len(found) > _MAX_DELIMITERS:
                raise _Unsure
            closed = tail.group().startswith(b"--")
            found.append((span, None if closed else tail.end()))
        at = data.find(mark, at + 1)
    return found


def _stdlib_defects(msg: Message) -> list[str]:
    return [type(d).__name__ for d in msg.defects][:MAX_DEFECTS]


def _report_type(msg: Message) -> str:
    # Some MTAs put report-type on multipart/mixed (seen from Exchange 5.5 and c-a-m.com).
    value = msg.get_param("report-type")
    return value.strip().lower() if isinstance(value, str) else ""


# --- headers -----------------------------------------------------------------------------------


def _raw_headers(msg: Message, defects: list[str]) -> dict[str, list[str]]:
    """Header name (lower case) to its unfolded values, 8-bit bytes made text; capped."""
    result: dict[str, list[str]] = {}
    items = msg.raw_items()
    for count, (name, value) in enumerate(items):
        if count >= MAX_HEADERS:
            defects.append(f"more than {MAX_HEADERS} header fields: rest ignored")
            break
        text = value if isinstance(value, str) else str(value)
        if len(text) > MAX_HEADER_CHARS:
            defects.append(f"header {name} longer than {MAX_HEADER_CHARS} characters: cut")
            text = text[:MAX_HEADER_CHARS]
        result.setdefault(name.strip().lower(), []).append(_unfold(_fix_8bit(text)))
    return result


def header_block(msg: Message) -> dict[str, tuple[str, ...]]:
    """Decoded headers of any (sub)message, in the `ParsedMail.headers` form."""
    raw = _raw_headers(msg, [])
    return {name: tuple(_decode_header(v) for v in values) for name, values in raw.items()}


def _unfold(value: str) -> str:
    if "\n" not in value and "\r" not in value:
        return value.strip()
    return _FOLD_RE.sub("", value).strip()


def _fix_8bit(value: str) -> str:
    """compat32 keeps raw 8-bit header bytes as surrogate escapes: decode them as text."""
    if value.isascii():
        return value
    try:
        data = value.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:  # real non-ASCII characters already (not from bytes)
        return value
    return decode_bytes(data, "")


def _decode_header(value: str) -> str:
    """RFC 2047 decoding, tolerant of broken words, unknown charsets and split characters."""
    if "=?" not in value:
        return value
    out: list[str] = []
    pending = bytearray()
    pending_charset = ""
    pos, previous_was_word = 0, False
    for match in _ENCODED_WORD_RE.finditer(value):
        gap = value[pos : match.start()]
        # RFC 2047 6.2: whitespace between two encoded words is not part of the text.
        if gap and not (previous_was_word and gap.isspace()):
            out.append(decode_bytes(bytes(pending), pending_charset))
            pending.clear()
            out.append(gap)
        charset = match.group(1).split("*", 1)[0].lower()  # RFC 2231 adds "*language"
        if charset != pending_charset:
            out.append(decode_bytes(bytes(pending), pending_charset))
            pending.clear()
            pending_charset = charset
        # Adjacent words of one charset are joined as bytes first: mailers split multi-byte
        # UTF-8 characters across words (seen from Outlook and PHP mailers).
        pending.extend(_word_bytes(match.group(2), match.group(3)))
        pos, previous_was_word = match.end(), True
    out.append(decode_bytes(bytes(pending), pending_charset))
    out.append(value[pos:])
    return "".join(out)


def _word_bytes(encoding: str, text: str) -> bytes:
    data = text.encode("ascii", "replace")
    if encoding in "qQ":
        return binascii.a2b_qp(data, header=True)
    data = _NOT_BASE64_RE.sub(b"", data)
    if len(data) % 4 == 1:  # a stray character: drop it rather than fail the word
        data = data[:-1]
    data += b"=" * (-len(data) % 4)
    try:
        return binascii.a2b_base64(data)
    except binascii.Error:
        return b""


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Bytes to text: the declared charset, then UTF-8, then cp1252, then Latin-1 (never fails)."""
    charset = (declared or "").strip().strip("\"'").lower()
    if data.isascii() and b"\x1b" not in data and not charset.startswith(_NOT_ASCII_COMPATIBLE):
        return data.decode("ascii")
    candidates = ("utf-8", charset) if charset in _OFTEN_MISLABELLED else (charset, "utf-8")
    for name in (*candidates, "cp1252"):
        if not name:
            continue
        try:
            return data.decode(name)
        except (LookupError, UnicodeError, ValueError, TypeError):  # unknown, bogus or wrong label
            continue
    return data.decode("latin-1")


# Outlook and Exchange write "Kowalczyk, Bernd <b.kowalczyk@…>" without the quotes RFC 5322 asks
# for: one person, whom the standard parse splits into "kowalczyk" and "Bernd <b.kowalczyk@…>".
_BARE_ADDRESS_RE = re.compile(r"[^\s\"(),:;<>@\[\]\\]+@[^\s\"(),:;<>@\[\]\\]+")


def _sender(values: list[str]) -> Address | None:
    if len(values) == 1:
        value = values[0].strip()
        # read by hand, not by one pattern: a long run of spaces must not make it slow
        if value.endswith(">") and value.count("<") == 1:
            name, _, email = value[:-1].partition("<")
            name, email = name.strip(), email.strip()
            # ("Müller, Anna (Stadt Wetzlar) <…>" too)
            if "," in name and not any(c in name for c in '"@;:') and _BARE_ADDRESS_RE.fullmatch(email):
                return Address(email=email.lower(), name=_one_line(_decode_header(name)))
    found = _addresses(values)
    # otherwise the first real address ("undisclosed-recipients:;" or a bare word before it is none)
    return next((a for a in found if "@" in a.email), next(iter(found), None))


def _addresses(values: list[str]) -> tuple[Address, ...]:
    """Addresses from raw (not yet RFC 2047 decoded) values, so encoded commas do not split."""
    if len(values) == 1:
        simple = _SIMPLE_ADDRESS_RE.fullmatch(values[0])
        if simple:  # most From/To lines: one address, a plain name (getaddresses costs 60 µs)
            name, email = simple.group(1) or "", simple.group(2) or simple.group(3)
            return (Address(email=email.lower(), name=_one_line(_decode_header(name.strip()))),)
    found: list[Address] = []
    for name, raw_email in getaddresses(values):
        email = raw_email.strip().lower()
        if email and email != "<>":
            found.append(Address(email=email, name=_one_line(_decode_header(name))))
    return tuple(found)


def _message_ids(values: tuple[str, ...]) -> tuple[str, ...]:
    ids: list[str] = []
    for value in values:
        found = _MSG_ID_RE.findall(value)
        if found:
            ids.extend(f"<{''.join(i.split())}>" for i in found)
        elif value.strip() and " " not in value.strip():
            ids.append(f"<{value.strip()}>")  # bare id without brackets (old mailers)
    return tuple(ids)


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    # "-0000" means "UTC, local zone unknown" (RFC 5322 3.3): the stdlib returns it naive.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _one_line(value: str) -> str:
    return " ".join(value.split()) if ("\n" in value or "\t" in value or "  " in value) else value.strip()


def _join(*texts: str) -> str:
    return "\n\n".join(t for t in texts if t.strip())


# --- body --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Piece:
    text: str
    html: bool


@dataclass(frozen=True, slots=True)
class _Body:
    text: str
    was_html: bool
    quoted: str = ""
    truncated: bool = False


@dataclass
class _Walker:
    """Walks the MIME tree once, collecting text pieces and everything else ParsedMail carries."""

    is_report: bool
    want_text: bool = True  # False inside a report's returned original: only reports matter there
    parts: int = 0
    pieces: list[_Piece] = field(default_factory=list)
    forwarded: list[str] = field(default_factory=list)
    calendar: CalendarReply | None = None
    failures: list[DeliveryFailure] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    attached_headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    attachment_names: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    truncated: bool = False

    def visit_root(self, msg: Message) -> None:
        self.pieces = self._visit(msg, 0)

    def body(self) -> _Body:
        plain = [p.text for p in self.pieces if not p.html]
        if plain:
            return _capped_body("\n".join(plain), was_html=False)
        html = "\n".join(p.text for p in self.pieces)
        if not html.strip():
            return _Body("", was_html=False)
        converted = html_to_text(html[:MAX_HTML_CHARS])
        capped = _capped_body(converted.text, was_html=True)
        return _Body(capped.text, True, converted.quoted, capped.truncated or len(html) > MAX_HTML_CHARS)

    def _visit(self, part: Message, depth: int) -> list[_Piece]:
        self.parts += 1
        if self.parts > MAX_PARTS or depth > MAX_DEPTH:
            self._note_cap(f"more than {MAX_PARTS} parts or {MAX_DEPTH} levels: rest ignored")
            return []
        ctype = part.get_content_type()
        if _is_attachment(part):
            self._note_attachment(part)
            # Reports and calendar replies still count when sent as attachments (Exchange 2003
            # attaches the delivery status as "details.txt", Google adds "invite.ics").
            if ctype.startswith(("text/plain", "text/html", "multipart/")):
                return []
        return self._dispatch(part, ctype, depth)

    def _dispatch(self, part: Message, ctype: str, depth: int) -> list[_Piece]:
        if ctype == "multipart/alternative":
            return _best_alternative([self._visit(p, depth + 1) for p in _subparts(part)])
        if ctype.startswith("multipart/"):
            return [piece for p in _subparts(part) for piece in self._visit(p, depth + 1)]
        if ctype in ("message/rfc822", "message/global"):
            self._attached_message(part, depth)
        elif ctype in ("message/delivery-status", "message/global-delivery-status"):
            self._delivery_status(part)
        elif ctype in ("text/rfc822-headers", "message/global-headers"):
            self._rfc822_headers(part)
        elif ctype == "text/calendar":
            self._calendar(part)
        elif ctype in ("text/plain", "text/html") and self.want_text:
            params = _params(part)
            self._note_attachment(part, params)
            return [_Piece(_part_text(part, params), ctype == "text/html")]
        return []

    def _note_cap(self, defect: str) -> None:
        self.truncated = True
        if defect not in self.defects:
            self.defects.append(defect)

    def _note_attachment(self, part: Message, params: _Params | None = None) -> None:
        # Message.get_filename() without parsing Content-Type a second time.
        value = _params(part, "content-disposition").get("filename")
        if value is None:
            value = (params if params is not None else _params(part)).get("name")
        name = collapse_rfc2231_value(value).strip() if value is not None else None
        if name:
            self.attachment_names.append(_one_line(_decode_header(_fix_8bit(name))))

    def _attached_message(self, part: Message, depth: int) -> None:
        inner = _inner_message(part)
        if inner is None:
            return
        headers = header_block(inner)
        if not self.attached_headers:
            self.attached_headers = headers
        nested = _Walker(is_report=self.is_report, want_text=not self.is_report, parts=self.parts)
        nested.pieces = nested._visit(inner, depth + 1)
        self.parts = nested.parts
        if self.is_report:
            # The returned original of a bounce is not a forward; but a report may wrap another
            # report (a postmaster passing on a DSN), whose recipients are the failures.
            self.failures.extend(nested.failures)
            self.actions.extend(nested.actions)
            return
        self.forwarded.append(_render_forward(headers, nested.body().text))

    def _rfc822_headers(self, part: Message) -> None:
        if not self.attached_headers:
            self.attached_headers = header_block(_TEXT_HEADER_PARSER.parsestr(_part_text(part)))

    def _delivery_status(self, part: Message) -> None:
        for block in _dsn_blocks(part):
            action = block.get("action", "").split(" ", 1)[0].lower()
            if not ({"final-recipient", "original-recipient", "action"} & block.keys()):
                continue  # the per-message block (Reporting-MTA, Arrival-Date)
            self.actions.append(action)
            failure = _dsn_failure(block, action)
            if failure is not None:
                self.failures.append(failure)

    def _calendar(self, part: Message) -> None:
        if self.calendar is not None:
            return
        text = _part_text(part)
        method = part.get_param("method")
        if (isinstance(method, str) and method.upper() == "REPLY") or "METHOD:REPLY" in text.upper():
            self.calendar = calendar_reply(text)
            if self.calendar is None:
                self.defects.append("text/calendar REPLY not readable")


def _capped_body(text: str, *, was_html: bool) -> _Body:
    if len(text) > MAX_BODY_CHARS:
        return _Body(text[:MAX_BODY_CHARS], was_html, truncated=True)
    return _Body(text, was_html)


def _best_alternative(choices: list[list[_Piece]]) -> list[_Piece]:
    """Of multipart/alternative, the first plain-text rendering, else the first HTML one."""
    for pieces in choices:
        if pieces and not any(p.html for p in pieces):
            return pieces
    return next((p for p in choices if p), [])


def _subparts(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []


def _inner_message(part: Message) -> Message | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    if isinstance(payload, str) and payload.strip():  # e.g. a base64-encoded message/rfc822
        data = part.get_payload(decode=True)
        return _HEADER_PARSER.parsebytes(data) if isinstance(data, bytes) else None
    return None


def _is_attachment(part: Message) -> bool:
    disposition = part.get("content-disposition", "")
    return isinstance(disposition, str) and disposition.strip().lower().startswith("attachment")


_Params = dict[str, str | tuple[str | None, str | None, str]]


def _params(part: Message, header: str = "content-type") -> _Params:
    """A header's parameters, read once: each `Message.get_param` parses the whole header again."""
    found: _Params = {}
    for key, value in part.get_params(header=header) or []:
        found.setdefault(key.lower(), value)  # the first pair is the type itself, as in get_param
    return found


def _part_text(part: Message, params: _Params | None = None) -> str:
    """Decoded text of a leaf part: transfer encoding, charset, format=flowed."""
    if params is None:
        params = _params(part)
    try:
        data = part.get_payload(decode=True)
    except (ValueError, TypeError, binascii.Error):
        data = None
    if not isinstance(data, bytes):
        payload = part.get_payload()
        data = payload.encode("ascii", "surrogateescape") if isinstance(payload, str) else b""
    data = data[: MAX_BODY_CHARS * 4]
    charset = params.get("charset")
    text = decode_bytes(data, charset if isinstance(charset, str) else None)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    fmt = params.get("format")
    if isinstance(fmt, str) and fmt.lower() == "flowed":
        delsp = params.get("delsp")
        text = unflow(text, delsp=isinstance(delsp, str) and delsp.lower() == "yes")
    return text


def unflow(text: str, *, delsp: bool = False) -> str:
    """RFC 3676 format=flowed: join soft-broken lines (trailing space) of equal quote depth."""
    out: list[str] = []
    current: str | None = None
    current_depth = 0
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]  # space-stuffing (RFC 3676 4.4)
        flowed = content.endswith(" ") and content != "-- "
        if delsp and flowed:
            content = content[:-1]
        if current is not None and depth == current_depth:
            current += content
        else:
            if current is not None:
                out.append(_quote_prefix(current_depth) + current)
            current, current_depth = content, depth
        if not flowed:
            out.append(_quote_prefix(current_depth) + current)
            current = None
    if current is not None:
        out.append(_quote_prefix(current_depth) + current)
    return "\n".join(out)


def _quote_prefix(depth: int) -> str:
    return ">" * depth + " " if depth else ""


def _render_forward(headers: dict[str, tuple[str, ...]], text: str) -> str:
    lines = [
        f"{label}: {headers[key][0]}"
        for key, label in (("from", "From"), ("date", "Date"), ("subject", "Subject"), ("to", "To"))
        if headers.get(key)
    ]
    return "\n".join(lines) + "\n\n" + text.strip()


# --- delivery status (RFC 3464) ----------------------------------------------------------------


def _dsn_blocks(part: Message) -> list[dict[str, str]]:
    """The header blocks of a message/delivery-status part, as lower-case name to value."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return [
            {k: v[0] for k, v in header_block(m).items()}
            for m in payload[:MAX_PARTS]
            if isinstance(m, Message)
        ]
    text = _part_text(part)  # e.g. a base64-encoded report: parse the text ourselves
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n"))
    return [
        {k: v[0] for k, v in header_block(_TEXT_HEADER_PARSER.parsestr(b)).items()}
        for b in blocks[:MAX_PARTS]
    ]


def _dsn_failure(block: dict[str, str], action: str) -> DeliveryFailure | None:
    status_match = _STATUS_RE.search(block.get("status", ""))
    status = status_match.group(0) if status_match else ""
    if action in _SUCCESS_ACTIONS or (not action and status.startswith("2")):
        return None
    diagnostic = " ".join(block.get("diagnostic-code", "").split())
    # Original-Recipient first: it is the address as we sent it; Final-Recipient is often the
    # mailbox after aliasing or forwarding (e.g. "JimmyMcEgypt@sims-ms-daemon" for go.com).
    recipient = _dsn_address(block.get("original-recipient", "")) or _dsn_address(
        block.get("final-recipient", "")
    )
    return DeliveryFailure(
        recipient=recipient,
        status=status,
        permanent=_is_permanent(status, action, diagnostic),
        diagnostic=diagnostic[:500],
    )


def _dsn_address(value: str) -> str:
    """ "rfc822; Anna@X.de" (type optional, brackets optional) to "anna@x.de"."""
    address = value.split(";", 1)[-1].strip()
    match = _ADDR_IN_FIELD_RE.search(address)
    return match.group(1).strip().lower() if match else ""


def _is_permanent(status: str, action: str, diagnostic: str) -> bool:
    if status:
        return status.startswith("5")
    if action == "delayed":
        return False
    code = _SMTP_CODE_RE.search(diagnostic)
    return not (code and code.group(1) == "4")


# --- calendar (RFC 5546 REPLY) -----------------------------------------------------------------


def calendar_reply(text: str) -> CalendarReply | None:
    """The first VEVENT of an iCalendar REPLY as a CalendarReply, or None when there is none.

    A line reader, not the icalendar library: the few properties needed here are simple, and a
    full iCalendar parse costs tens of milliseconds per mail (the worker reads every mail).
    """
    props = _first_vevent(text[:200_000])
    if props is None:
        return None
    params, attendee = props.get("ATTENDEE", ({}, ""))
    return CalendarReply(
        partstat=params.get("PARTSTAT", "").upper(),
        attendee=attendee.strip().removeprefix("mailto:").removeprefix("MAILTO:").strip().lower(),
        uid=props.get("UID", ({}, ""))[1].strip(),
        summary=_ical_unescape(props.get("SUMMARY", ({}, ""))[1]),
        dtstart=_ical_start(*props.get("DTSTART", ({}, ""))),
    )


_ICAL_LINE = re.compile(r"^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$")


def _first_vevent(text: str) -> dict[str, tuple[dict[str, str], str]] | None:
    """Property name -> (parameters, value) of the first VEVENT; first occurrence wins."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)  # RFC 5545 3.1: a line break plus a blank continues
    inside = False
    props: dict[str, tuple[dict[str, str], str]] = {}
    for line in unfolded.splitlines():
        upper = line.strip().upper()
        if upper == "BEGIN:VEVENT":
            inside = True
        elif upper == "END:VEVENT":
            return props if inside else None
        elif inside:
            match = _ICAL_LINE.match(line.strip())
            if match and match.group(1).upper() not in props:
                props[match.group(1).upper()] = (_ical_params(match.group(2)), match.group(3))
    return props if inside else None


def _ical_params(text: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in text.split(";")[1:]:
        name, _sep, value = item.partition("=")
        params[name.strip().upper()] = value.strip().strip('"')
    return params


def _ical_unescape(value: str) -> str:
    return (
        value.replace("\\n", "\n")
        .replace("\\N", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
    )


def _ical_start(params: dict[str, str], value: str) -> datetime | None:
    value = value.strip()
    try:
        if len(value) == 8:
            return datetime.strptime(value, "%Y%m%d")
        moment = datetime.strptime(value.rstrip("Zz"), "%Y%m%dT%H%M%S")
    except ValueError:
        return None
    if value.upper().endswith("Z"):
        return moment.replace(tzinfo=UTC)
    try:
        return moment.replace(tzinfo=ZoneInfo(params["TZID"])) if "TZID" in params else moment
    except (KeyError, ValueError, ZoneInfoNotFoundError):
        return moment  # Outlook's own zone names ("W. Europe Standard Time") are not IANA names

"""Split a plain-text mail body into the text the person wrote and what they quoted, forwarded or signed.

`split_reply` makes one pass over the lines and gives each line a destination:

* ``reply``: the new words of the sender (what the classifier reads);
* ``quoted``: ``>`` lines, attribution lines ("Am … schrieb …:"), and everything from an unquoted
  quote header (Outlook "Von:/Gesendet:/An:/Betreff:" block, "-----Ursprüngliche Nachricht-----",
  Lotus Notes) to the end: Outlook top-posts the whole invitation below such a block without ``>``;
* ``forwarded``: everything from a forward marker on, so that a registration inside a forwarded mail
  never counts as the sender's words;
* ``signature``: the "-- " block, mobile footers, legal disclaimers and trailing contact blocks.

Inline replies (new lines between ``>`` quotes) stay in the reply. A mail that is only a quote gives
an empty reply on purpose: the quoted invitation says "bitte melden Sie sich an", and reading it as the
sender's words would register people who wrote nothing.

The input may be hostile: only the first `MAX_CHARS` characters and `MAX_LINES` lines are examined
(the rest is neither classified nor returned), every pattern is anchored with bounded repetition, and
lines longer than `_MAX_HEADER_CHARS` are never tried as headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from bot.unions import union

MAX_CHARS = 200_000
MAX_LINES = 5_000

_MAX_HEADER_CHARS = 400  # an attribution longer than this is prose, not a header
_HEADER_SPAN = 4  # attributions are wrapped over at most this many non-blank lines ...
_HEADER_WINDOW = 7  # ... found within this many physical lines (Gmail puts blank lines inside)
_MAX_SIGNATURE_TAIL = 15  # a "____" line followed by more lines than this is not a signature


@dataclass(frozen=True, slots=True)
class TrimResult:
    reply: str
    quoted: str = ""
    forwarded: str = ""
    signature: str = ""


class _Part(Enum):
    REPLY = "reply"
    QUOTED = "quoted"
    FORWARDED = "forwarded"
    SIGNATURE = "signature"


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A named regular expression; the name says what the pattern recognises."""

    name: str
    regex: re.Pattern[str]

    def matches(self, text: str) -> bool:
        return self.regex.search(text) is not None


def _any(patterns: tuple[_Pattern, ...], text: str) -> bool:
    """Whether one of them matches: one search of their union, not one per pattern (per line)."""
    return union(patterns, _build_any).search(text) is not None


def _build_any(group: tuple[_Pattern, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p.regex.pattern})" for p in group), re.IGNORECASE)


def _p(name: str, pattern: str, flags: int = re.IGNORECASE) -> _Pattern:
    return _Pattern(name, re.compile(pattern, flags))


# --- attribution lines ("On … wrote:", "Am … schrieb …:") -------------------------------------------
# Matched against the candidate lines joined by single spaces (see `_joined`).

_VERB = (
    r"(?:wrote|schrieb|a\s?écrit|escribió|ha\s+scritto|escreveu|het\s+volgende\s+geschreven|schreef"
    r"|skrev|napisał(?:\(a\)|a)?|написал(?:\(а\)|а)?|пише|写道)"
)
_DATE_SOON = r"(?=[^:]{0,30}\d)"  # a date follows the opening word ("Am 8.", "On Mon, Jun 8")

ATTRIBUTIONS: tuple[_Pattern, ...] = (
    # Gmail/Apple/Thunderbird DE: "Am 08.06.2020 um 10:12 schrieb BBE <info@b-b-e.de>:",
    # "Am Mo., 8. Juni 2020 um 10:12 Uhr schrieb …:"; also Nordic/Dutch "Den … skrev X:".
    _p("dated_verb_name", rf"^(?:Am|Den|Op|On|Le|El|Il|Em)\s+{_DATE_SOON}.{{1,200}}?\s{_VERB}\s.{{1,250}}:$"),
    # Gmail DE from 2016 on: "X <x@y> schrieb am Fr., 28. Apr. 2017 um 11:53 Uhr:".
    _p("name_schrieb_am", r"^.{1,250}?\sschrieb\s+am\s.{1,120}:$"),
    # "On Mon, Jun 8, 2020 at 10:12 AM X <x@y> wrote:", "---- On … wrote ----" (Zoho).
    _p("on_date_wrote", rf"^[-\s]*On\s+{_DATE_SOON}.{{1,300}}?\bwrote(?:\s*:|\s*-{{2,}})\s*$"),
    # Any language: a line with a date or an address that ends in the verb and a colon.
    _p("verb_at_end", rf"^(?=.{{0,300}}?[@\d]).{{1,400}}?{_VERB}\s*[:：]$"),
    # Horde: "Zitat von X <x@y>:" / "Quoting X <x@y>:".
    _p("horde_quoting", r"^(?:Zitat von|Quoting)\s.{1,250}:$"),
    # Old Gmail: "2016-10-24 15:36 GMT+02:00 Foo <foo@bar>:", "2013/7/20 X <x@y>".
    _p(
        "iso_date_sender",
        r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}\b.{0,200}?(?:GMT[+-]\d.{0,200}|<[^<>\s]{1,100}@[^<>\s]{1,100}>:?)$",
    ),
    # Yandex, mail.ru: "26.06.2014, 14:41, "X" <x@y>:" — a time and an address, ending in a colon.
    _p("dated_address_colon", r"^(?=.{0,120}?\d{1,2}:\d{2}).{1,300}<[^<>\s]{1,100}@[^<>\s]{1,100}>\s*:$"),
)

_DATED_OPENER = re.compile(rf"^\s*(?:Am|Den|Op|On|Le|El|Il|Em)\s+{_DATE_SOON}|^\s*\d{{1,4}}[./-]\d")

# Cheap test before the joins above: the first line of an attribution opens with one of these words or
# a digit, or carries an address or a verb.
_ATTRIBUTION_START = re.compile(
    r"^[-*\s]*(?:(?:On|Am|Le|El|Il|Em|Op|Den|Dnia|Zitat|Quoting|At)\b|\d)|@|wrote|schrieb|écrit|escribi"
    r"|scritto|escreveu|geschreven|schreef|skrev|napisa|написал|пише|写道",
    re.IGNORECASE,
)

# --- separators that start a quoted or forwarded message ---------------------------------------------

FORWARD_MARKERS: tuple[_Pattern, ...] = (
    _p(
        "forwarded_message_rule",
        r"^[\s*>]*-{2,}\s*(?:Forwarded message|Weitergeleitete Nachricht|Message transféré"
        r"|Mensaje reenviado|Messaggio inoltrato|Doorgestuurd bericht|Videresendt melding)\s*-{2,}[\s*]*$",
    ),
    _p(
        "begin_forwarded",
        r"^[\s*>]*(?:Begin forwarded message|Anfang der weitergeleiteten Nachricht"
        r"|Beginn der weitergeleiteten Nachricht|Début du message réexpédié)\s*:[\s*]*$",
    ),
    # Lotus Notes: "----- Weitergeleitet von X/ORG am 08.06.2020 10:12 -----".
    _p("notes_forwarded_by", r"^[\s>]*-{3,}\s*(?:Weitergeleitet von|Forwarded by)\s.{1,200}-{3,}\s*$"),
)

ORIGINAL_MESSAGE_RULES: tuple[_Pattern, ...] = (
    _p(
        "original_message_rule",
        r"^[\s*>]*-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Original-Nachricht|Originalnachricht"
        r"|Mensaje original|Message d'origine|Messaggio originale|Oprindelig meddelelse|Opprinnelig melding"
        r"|Ursprungligt meddelande|Oorspronkelijk bericht|Исходное сообщение)\s*-{2,}[\s*]*$",
    ),
    # Tobit David (German groupware) heads the quoted message with this line and "Von X / An Y".
    _p("david_original", r"^\s*Original Message processed by david"),
)

# Novell/Micro Focus GroupWise: '>>> "BBE" <info@b-b-e.de> 08.06.2020 10:12 >>>', and the original
# below it without any ">". It looks like a quoted line, but everything after it is the quote.
_GROUPWISE_HEADER = re.compile(r"^\s*>>>\s.{1,300}\s>>>\s*$")

# Outlook's rule above its header block, a line of underscores (or dashes) and nothing else.
_RULE_LINE = re.compile(r"^[\s*]*(?:_{5,}|-{5,})[\s*]*$")

# One "Key: value" line of an Outlook / webmailer header block ("*Von:*" when bold went to text).
_FIELD = re.compile(
    r"^[ \t]*[*_]{0,2}(?P<key>Von|From|De|Da|Från|Fra|Van|От|Gesendet|Sent|Datum|Date|Envoyé|Enviado|Data"
    r"|Inviato|Skickat|Sendt|Verzonden|Отправлено|An|To|À|Para|A|Till|Til|Aan|Кому|Cc|CC|Kopie|Bcc|BCC"
    r"|Betreff|Subject|Objet|Asunto|Oggetto|Ämne|Emne|Onderwerp|Тема|Reply-To|Antwort an|Risposta"
    r"|Organisation|Wichtigkeit|Importance)[*_]{0,2}[ \t]*[:：][*_]{0,2}(?:[ \t]|$)"
)
_FROM_KEYS = frozenset({"Von", "From", "De", "Da", "Från", "Fra", "Van", "От"})
_SUBJECT_KEYS = frozenset({"Betreff", "Subject"})
_DATE_KEYS = frozenset(
    {
        "Gesendet",
        "Sent",
        "Datum",
        "Date",
        "Envoyé",
        "Enviado",
        "Data",
        "Inviato",
        "Skickat",
        "Sendt",
        "Verzonden",
    }
    | {"Отправлено"}
)
_MAX_FIELD_WRAP = 2  # wrapped continuation lines allowed inside a header block

# Lotus Notes writes the field names on lines of their own: "An", "Kopie", "Thema".
_NOTES_TO = re.compile(r"^\s*(?:An|To)\s*$")
_NOTES_LATER_FIELD = re.compile(r"^\s*(?:Kopie|Blindkopie|Thema|cc|bcc|Subject)\s*$", re.IGNORECASE)
_NOTES_SENDER = re.compile(
    r"\S/[\w-]{1,40}@[\w-]{1,40}|^\s*\d{1,2}\.\d{1,2}\.\d{2,4}\s+\d{1,2}:\d{2}\s*$|^[^:]{0,80}<[^<>\s]{1,100}@[^<>\s]{1,100}>\s*$"
)

# ">" quoting, and Supercite's initials ("C> text") — but not "Richard>", which is rarely a quote.
_QUOTED = re.compile(r"^[ \t]*(?:>|[A-Z]{1,3}>)")
_QUOTE_PREFIX = re.compile(r"^[ \t>]*")

# --- signatures, mobile footers, disclaimers ---------------------------------------------------------

_SIGNATURE_DELIMITER = re.compile(r"^(?:--|-- |—|__)\s*$")

_DEVICE = (
    r"iphone|ipad|ipod|android|samsung|galaxy|huawei|xiaomi|nokia|motorola|blackberry|htc|pixel|sony"
    r"|xperia|lg|oneplus|mobil|handy|smartphone|tablet|phone|cell|device|gerät|telefon|outlook|mail|yahoo"
    r"|airmail|mailbox|web\.de|gmx|t-online|windows"
)
MOBILE_FOOTERS: tuple[_Pattern, ...] = (
    _p("von_meinem_gesendet", r"^von meine[mr]\s.{1,60}\sgesendet\.?$"),
    _p("gesendet_von", rf"^gesendet (?:von|mit|über|aus) .{{0,40}}\b(?:{_DEVICE})"),
    _p("k9_android", r"^diese nachricht wurde (?:von|mit) .{1,80}\sgesendet\.?$"),
    _p("sent_from_device", rf"^\W{{0,3}}sent (?:from|with|via|using|by) [^,]{{0,40}}\b(?:{_DEVICE})"),
    _p("sent_from_short", r"^sent (?:from|with|via) (?:my )?[\w.-]+(?: [\w.-]+){0,2}\.?$"),
    _p("get_outlook", r"^(?:get|holen sie sich) (?:\[)?outlook (?:for|für) "),
    _p("parenthesised_sent", r"^(?:\(|<<)\s*sent (?:from|by) .{1,40}(?:\)|>>)$"),
    _p(
        "foreign_sent_from",
        r"^(?:envoyé|enviado|inviato|verzonden|sendt|skickat) (?:depuis|de|desde|da|met|vanaf|fra|från) ",
    ),
    _p("chinese_sent_from", r"^(?:发自|寄自|從我的|来自)"),
)
_MAX_FOOTER_CHARS = 120

# A disclaimer is a paragraph that opens with one of these and talks legalese (see `_LEGALESE`).
DISCLAIMER_OPENERS: tuple[_Pattern, ...] = (
    _p("de_email_contains", r"^diese (?:e-?mail|nachricht|mail)\b.{0,80}\b(?:enthält|kann|ist|könnte|sowie)"),
    _p("de_content_of", r"^(?:der inhalt|die information(?:en)?) (?:dieser|in dieser) (?:e-?mail|nachricht)"),
    _p(
        "de_notice",
        r"^(?:wichtiger |rechtlicher )?(?:hinweis|vertraulichkeitshinweis|datenschutzhinweis)\s*:?",
    ),
    _p("de_legal_heads", r"^(?:haftungsausschluss|disclaimer|pflichtangaben|informationen zum datenschutz)"),
    _p("en_email_contains", r"^this (?:e-?mail|message|communication)\b.{0,80}\b(?:may|contains?|is|are)\b"),
    _p("en_information", r"^the information (?:contained |transmitted )?in this"),
    _p("en_notice", r"^\W{0,3}(?:confidentiality notice|caution|warning|external email|\[?external\]?)\b"),
)
_LEGALESE = re.compile(
    r"vertraulich|rechtlich|empfänger|irrtümlich|unbefugt|datenschutz|dsgvo|confidential|privileged"
    r"|intended|recipient|unauthori[sz]ed|prohibited|originated from outside|do not click",
    re.IGNORECASE,
)
_MAX_DISCLAIMER_SCAN = 30  # lines of a paragraph read to find legalese
_MAX_HEADING_WORDS = 3

# Sign-offs after which name and contact lines (address, phone) follow.
_CLOSING = re.compile(
    r"^(?:mit )?(?:freundlichen|besten|beste|viele|liebe|herzliche|schöne|freundliche|sonnige)"
    r" (?:grüße|grüßen|gruesse|gruessen|gruß|gruss)\b|^(?:mfg|vg|lg|gruß|grüße|herzlichst)\b"
    r"|^(?:best|kind|warm)? ?regards\b|^cheers\b|^thanks\b|^thank you\b|^many thanks\b",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"(?:tel|fon|fax|mobil|handy|phone)\b|\+?\d[\d /()-]{6,}\d|https?://|www\.|@|\b\d{5}\s+\w"
    r"|\w(?:straße|str\.|weg|platz|allee|gasse|ring)\s+\d",
    re.IGNORECASE,
)
_MAX_NAME_LINES = 2
_MAX_CONTACT_WORDS = 8
_MAX_CONTACT_CHARS = 70

_ALNUM = re.compile(r"\w")
_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n){2,}")
_SENTENCE_END = re.compile(r"[.!?…)]\s*$")


# --- the pass ----------------------------------------------------------------------------------------


def split_reply(text: str) -> TrimResult:
    """Split a decoded plain-text body into reply, quoted, forwarded and signature text."""
    lines = text[:MAX_CHARS].splitlines()[:MAX_LINES]
    parts = _assign_parts(lines)
    _mark_signature(lines, parts)
    _drop_trailing_rules(lines, parts)
    return TrimResult(
        # lines dropped between inline answers leave runs of blank lines: keep one blank line
        reply=_BLANK_RUN.sub("\n\n", _collect(lines, parts, _Part.REPLY)),
        quoted=_collect(lines, parts, _Part.QUOTED),
        forwarded=_collect(lines, parts, _Part.FORWARDED),
        signature=_collect(lines, parts, _Part.SIGNATURE),
    )


def _collect(lines: list[str], parts: list[_Part], part: _Part) -> str:
    return "\n".join(line for line, p in zip(lines, parts, strict=True) if p is part).strip()


def _assign_parts(lines: list[str]) -> list[_Part]:
    """Decide for every line whether it is reply, quote or forward (signatures come later)."""
    parts = [_Part.REPLY] * len(lines)
    quoted = [_QUOTED.match(line) is not None for line in lines]  # once per line, not per look
    quote_block = _Part.QUOTED  # destination of the current run of ">" lines
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line or line.isspace():  # a blank line opens nothing and stays where it is
            i += 1
            continue
        if ">>>" in line and _GROUPWISE_HEADER.match(line):
            parts[i:] = [_Part.QUOTED] * (len(lines) - i)
            break
        if quoted[i]:
            if i == 0 or not quoted[i - 1]:
                quote_block = _quote_block_part(lines, i)
            parts[i] = quote_block
            i += 1
            continue
        cut = _terminal_cut(lines, i)
        if cut is not None:
            start, part = cut
            parts[start:] = [part] * (len(lines) - start)
            break
        found = _attribution_at(lines, i)
        if found is None or found[0] > i:  # a later line opens it: reached in its turn
            i += 1
            continue
        end = found[1]
        following = _next_nonblank(lines, end + 1)
        if following is not None and not quoted[following]:
            # The attribution is followed by unquoted text: the whole rest is the quoted mail.
            parts[i:] = [_Part.QUOTED] * (len(lines) - i)
            break
        parts[i : end + 1] = [_Part.QUOTED] * (end + 1 - i)
        i = end + 1
    return parts


def _quote_block_part(lines: list[str], start: int) -> _Part:
    """A ">" block that opens with "Begin forwarded message:" (Apple Mail) is a forward."""
    for line in lines[start : start + 3]:
        content = _QUOTE_PREFIX.sub("", line, count=1)
        if content.strip():
            return _Part.FORWARDED if _any(FORWARD_MARKERS, content) else _Part.QUOTED
    return _Part.QUOTED


def _next_nonblank(lines: list[str], start: int) -> int | None:
    for j in range(start, len(lines)):
        if lines[j].strip():
            return j
    return None


def _previous_nonblank(lines: list[str], start: int, limit: int) -> int | None:
    for j in range(start, max(start - limit, -1), -1):
        if lines[j].strip():
            return j
    return None


# --- terminal cuts: from here on everything is quote or forward -------------------------------------


def _terminal_cut(lines: list[str], i: int) -> tuple[int, _Part] | None:
    line = lines[i]
    if len(line) > _MAX_HEADER_CHARS:
        return None
    if _any(FORWARD_MARKERS, line):
        return i, _Part.FORWARDED
    if _any(ORIGINAL_MESSAGE_RULES, line):
        return i, _original_message_part(lines, i)
    if _FIELD.match(line) and _is_header_block(lines, i):
        return _include_rule_above(lines, i), _Part.QUOTED
    if _NOTES_TO.match(line) and _is_notes_block(lines, i):
        return _notes_block_start(lines, i), _Part.QUOTED
    return None


def _original_message_part(lines: list[str], i: int) -> _Part:
    """Thunderbird's inline forward writes "-------- Original-Nachricht --------" and then the
    subject first ("Betreff:"); replies through that rule (T-Online, AOL) start with "Von:"."""
    following = _next_nonblank(lines, i + 1)
    if following is not None:
        field = _FIELD.match(lines[following])
        if field is not None and field.group("key") in _SUBJECT_KEYS:
            return _Part.FORWARDED
    return _Part.QUOTED


def _is_header_block(lines: list[str], i: int) -> bool:
    """At least two "Key: value" lines in a row, one of them the sender ("Von:", "From:").

    Outlook's HTML writes each field as a paragraph of its own, so the text made of it has a blank
    line between "Von:" and "Gesendet:"; one blank line is allowed when a field follows it. Such a
    block must look like Outlook's whole one (sender, date and a third field): "From: 10:00⏎⏎To:
    11:30" in a member's own text is no quote header."""
    keys: set[str] = set()
    wrapped = 0
    spaced = False
    window = lines[i : i + 20]
    for n, line in enumerate(window):
        field = _FIELD.match(line)
        if field is not None:
            keys.add(field.group("key"))
            wrapped = 0
        elif line.strip() and len(keys) >= 1 and wrapped < _MAX_FIELD_WRAP:
            wrapped += 1  # a long "An:" list or subject wrapped onto the next line
        elif not line.strip() and n + 1 < len(window) and _FIELD.match(window[n + 1]):
            spaced = True
        else:
            break
    if spaced and (len(keys) < 3 or keys.isdisjoint(_DATE_KEYS)):
        return False
    return len(keys) >= 2 and not keys.isdisjoint(_FROM_KEYS)


def _include_rule_above(lines: list[str], i: int) -> int:
    """Outlook draws a rule of underscores above its header block; it belongs to the quote."""
    above = _previous_nonblank(lines, i - 1, 3)
    if above is not None and (_RULE_LINE.match(lines[above]) or _any(ORIGINAL_MESSAGE_RULES, lines[above])):
        return above
    return i


def _is_notes_block(lines: list[str], i: int) -> bool:
    return any(_NOTES_LATER_FIELD.match(line) for line in lines[i + 1 : i + 8])


def _notes_block_start(lines: list[str], i: int) -> int:
    """Lotus Notes puts "Name/ORG@ORG" and the date above the "An" line."""
    start = i
    for j in range(i - 1, max(i - 5, -1), -1):
        if _NOTES_SENDER.search(lines[j]):
            start = j
    return start


# --- attributions ------------------------------------------------------------------------------------


def _attribution_at(lines: list[str], i: int) -> tuple[int, int] | None:
    """An attribution that ends in the lines from i on: (first line, last line).

    The first line may still be the sender's prose ("… in 2 weeks.\nOp 16 aug. 2014 … schreef …:"), so
    the latest first line whose join still matches wins."""
    first = lines[i]
    if len(first) > _MAX_HEADER_CHARS or not _ATTRIBUTION_START.search(first):
        return None
    taken: list[int] = []
    for j in range(i, min(i + _HEADER_WINDOW, len(lines))):
        if not lines[j].strip():
            continue
        taken.append(j)
        if len(taken) > _HEADER_SPAN:
            break
        if _any(ATTRIBUTIONS, _joined(lines, taken)):
            return _latest_start(lines, taken), j
    return None


def _latest_start(lines: list[str], taken: list[int]) -> int:
    """Only a line after a finished sentence, or one that opens like an attribution ("Am So., 1. Jan"),
    can start it; otherwise a wrapped tail such as "info@x.de> wrote:" would pass for the header."""
    for k in range(len(taken) - 1, 0, -1):
        opens = _SENTENCE_END.search(lines[taken[k - 1]]) or _DATED_OPENER.match(lines[taken[k]])
        if opens and _any(ATTRIBUTIONS, _joined(lines, taken[k:])):
            return taken[k]
    return taken[0]


def _joined(lines: list[str], indexes: list[int]) -> str:
    """The lines as one string: wrapping by the client undone ("<\\ninfo@x.de>:" -> "<info@x.de>:";
    a quoted-printable soft break "w=\\nrote:" left in by a sloppy sender -> "wrote:")."""
    text = " ".join(lines[j].strip() for j in indexes).replace("\xa0", " ")
    text = text.replace("= ", "").replace("< ", "<").replace(" >", ">")
    return text[: _MAX_HEADER_CHARS * 2]


# --- signature, footers, disclaimers (only among reply lines) ---------------------------------------


def _mark_signature(lines: list[str], parts: list[_Part]) -> None:
    reply_seen = False
    for i, line in enumerate(lines):
        if parts[i] is not _Part.REPLY:
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if _starts_signature(lines, parts, i, stripped):
            _to_signature(parts, i, len(lines))
            return
        if _is_disclaimer(lines, i, stripped):
            end = _paragraph_end(lines, i)
            if not reply_seen:  # a "CAUTION: external sender" banner above the message
                _to_signature(parts, i, end)
                continue
            _to_signature(parts, i, len(lines))
            return
        reply_seen = True
    _mark_contact_block(lines, parts)


def _starts_signature(lines: list[str], parts: list[_Part], i: int, stripped: str) -> bool:
    if _SIGNATURE_DELIMITER.match(stripped):
        return True
    if len(stripped) <= _MAX_FOOTER_CHARS and _any(MOBILE_FOOTERS, stripped):
        return True
    return bool(_RULE_LINE.match(stripped)) and _short_tail(lines, parts, i)


def _short_tail(lines: list[str], parts: list[_Part], i: int) -> bool:
    """A rule of underscores followed by a few more reply lines: a signature block."""
    tail = sum(1 for j in range(i + 1, len(lines)) if parts[j] is _Part.REPLY and lines[j].strip())
    return 0 < tail <= _MAX_SIGNATURE_TAIL


def _is_disclaimer(lines: list[str], i: int, stripped: str) -> bool:
    if not _any(DISCLAIMER_OPENERS, stripped):
        return False
    end = _paragraph_end(lines, i)
    if end == i + 1 and len(stripped.split()) <= _MAX_HEADING_WORDS:
        # a heading on its own ("Disclaimer", "Hinweis:"): the legalese is in the next paragraph
        following = _next_nonblank(lines, end)
        end = end if following is None else _paragraph_end(lines, following)
    return any(_LEGALESE.search(lines[j]) for j in range(i, min(end, i + _MAX_DISCLAIMER_SCAN)))


def _paragraph_end(lines: list[str], i: int) -> int:
    for j in range(i, len(lines)):
        if not lines[j].strip():
            return j
    return len(lines)


def _to_signature(parts: list[_Part], start: int, end: int) -> None:
    for j in range(start, end):
        if parts[j] is _Part.REPLY:
            parts[j] = _Part.SIGNATURE


def _mark_contact_block(lines: list[str], parts: list[_Part]) -> None:
    """After the last sign-off and up to two name lines, a block of short lines with a phone number,
    postcode or web address is the sender's business card: it goes to the signature. Any longer line
    (a "PS", a sentence) keeps the whole block in the reply."""
    closing = _last_closing(lines, parts)
    if closing is None:
        return
    block: list[int] = []
    for j in range(closing + 1, len(lines)):
        if parts[j] is not _Part.REPLY:
            break
        if lines[j].strip():
            block.append(j)
    contact = block[_MAX_NAME_LINES:]
    if not contact or not all(_is_contact_line(lines[j]) for j in contact):
        return
    if any(_CONTACT.search(lines[j]) for j in contact):
        for j in range(contact[0], contact[-1] + 1):
            parts[j] = _Part.SIGNATURE


def _last_closing(lines: list[str], parts: list[_Part]) -> int | None:
    found = None
    for i, line in enumerate(lines):
        if parts[i] is _Part.REPLY and _CLOSING.match(line.strip()):
            found = i
        elif parts[i] is not _Part.REPLY and found is not None:
            break
    return found


def _is_contact_line(line: str) -> bool:
    stripped = line.strip()
    return (
        len(stripped) <= _MAX_CONTACT_CHARS
        and len(stripped.split()) <= _MAX_CONTACT_WORDS
        and "?" not in stripped
        and not stripped.lower().startswith(("ps", "p.s"))
    )


def _drop_trailing_rules(lines: list[str], parts: list[_Part]) -> None:
    """Lines of only punctuation at the end of the reply ("-----", "***", a lone "ᐧ" from Gmail's read
    tracker) are leftover separators."""
    for i in range(len(lines) - 1, -1, -1):
        if parts[i] is not _Part.REPLY or not lines[i].strip():
            continue
        if _ALNUM.search(lines[i]) and len(lines[i].strip()) > 1:
            return
        parts[i] = _Part.SIGNATURE

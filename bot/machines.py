"""Machine detection: is a parsed mail a bounce, an auto reply, bulk mail or our own mail?

Runs before any prose rule. `RULES` is the whole procedure as data: an ordered tuple of small named
functions, each looking at one kind of signal and returning a `Finding` or None. The rule's name is
put in front of its reason, so staff see which rule fired.

How findings become a verdict (`detect`):
- A *final* finding decides at once (our own mail, an ARF feedback report, a success DSN): these
  would otherwise collect misleading signals such as a null Return-Path.
- Otherwise the strongest kind among the *strong* findings wins: BOUNCE over AUTO_REPLY over BULK.
  So "Precedence: bulk" plus an out-of-office text is AUTO_REPLY, and a bounce carrying
  "Auto-Submitted: auto-replied" (Postfix and Exchange both add it) is a BOUNCE.
- *Weak* findings (X-Auto-Response-Suppress, an out-of-office phrase, a ticket header) never decide
  on their own: Outlook sets X-Auto-Response-Suppress on ordinary mail, and people write "ich bin
  nicht im Büro" in real replies. They are added to the reasons once a strong finding exists.
- Nothing strong: HUMAN, and the prose rules read the mail.

Our own mail (`OwnIdentity`): a mail is OWN when its From is one of our addresses (the bot or staff
writing from info@ must never be answered by the bot: that is how mail loops start), or when it
carries our marker header and a Message-ID in our domain (our outgoing mail coming back through a
forward or list). An auto reply *to* our mail (In-Reply-To in our domain) is not OWN: it is an
AUTO_REPLY about our mail, which staff may want to see.

Body texts are read only from `reply_text` for auto-reply phrases (so a quoted out-of-office text
does not make a human reply a machine), and from `body_text` for bounce details, and only once the
headers or the sender already say "bounce".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from bot.models import DeliveryFailure, MachineKind, MachineVerdict, ParsedMail


@dataclass(frozen=True, slots=True)
class OwnIdentity:
    """Who "we" are: the bot's own addresses and the domains of the Message-IDs it writes."""

    addresses: frozenset[str]
    message_id_domains: tuple[str, ...] = ()
    marker_header: str = "x-anmeldebot-kind"

    @classmethod
    def of(cls, *addresses: str, message_id_domains: Iterable[str] = ()) -> OwnIdentity:
        """Build from addresses; the Message-ID domains default to the addresses' domains."""
        lowered = frozenset(a.strip().lower() for a in addresses if a.strip())
        domains = tuple(d.lower() for d in message_id_domains) or tuple(
            sorted({a.rsplit("@", 1)[-1] for a in lowered if "@" in a})
        )
        return cls(addresses=lowered, message_id_domains=domains)

    def owns_message_id(self, message_id: str | None) -> bool:
        domain = (message_id or "").strip("<>").rsplit("@", 1)[-1].lower()
        return bool(domain) and any(domain == d or domain.endswith("." + d) for d in self.message_id_domains)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: MachineKind
    reason: str
    failures: tuple[DeliveryFailure, ...] = ()
    weak: bool = False  # supports a verdict, never makes one
    final: bool = False  # decides at once; later rules are not consulted


class Context:
    """One mail under inspection, with the costly derived texts computed once for all rules."""

    def __init__(self, mail: ParsedMail, own: OwnIdentity) -> None:
        self.mail = mail
        self.own = own

    @cached_property
    def section(self) -> str:
        """The report part of the body: before the returned original, quoted headers removed."""
        return _QUOTED_HEADER_LINE.sub("", failure_section(self.mail.body_text))

    @cached_property
    def failure_words(self) -> re.Match[str] | None:
        return _BOUNCE_TEXT.search(self.mail.subject + "\n" + self.section[:5000])

    @cached_property
    def text_failures(self) -> tuple[DeliveryFailure, ...]:
        return text_failures(self.mail, self.own, self.section)

    @cached_property
    def _head(self) -> tuple[str, str]:
        head = self.mail.reply_text[:3000]
        return head, head.lower()

    @cached_property
    def _head_or_body(self) -> tuple[str, str]:
        head = self.mail.reply_text[:3000] or self.mail.body_text[:3000]
        return head, head.lower()

    def words(self, pattern: re.Pattern[str], *, or_body: bool = False) -> str:
        """The words of the reply's first 3,000 characters (or of the body's, when the reply is
        empty) that a lower-case `pattern` matches, as written; "" when none."""
        head, lower = self._head_or_body if or_body else self._head
        found = pattern.search(lower)
        if found is None:
            return ""
        # lower() keeps the length but for a few letters ("İ"): then the lower-case words.
        return head[found.start() : found.end()] if len(head) == len(lower) else found.group(0)


Rule = Callable[[Context], Finding | None]

_PRIORITY = (MachineKind.BOUNCE, MachineKind.AUTO_REPLY, MachineKind.BULK)


def detect(mail: ParsedMail, own: OwnIdentity) -> MachineVerdict:
    """The machine verdict for one mail (see the module docstring for how rules combine)."""
    ctx = Context(mail, own)
    named: list[tuple[str, Finding]] = []
    for rule in RULES:
        finding = rule(ctx)
        if finding is None:
            continue
        if finding.final:
            return _verdict(finding.kind, [(rule.__name__, finding)], ctx)
        named.append((rule.__name__, finding))
    strong = [f.kind for _, f in named if not f.weak]
    kind = next((k for k in _PRIORITY if k in strong), MachineKind.HUMAN)
    if kind is MachineKind.HUMAN:
        return MachineVerdict(kind, no_reply=_is_noreply_sender(mail))
    return _verdict(kind, named, ctx)


def _verdict(kind: MachineKind, named: list[tuple[str, Finding]], ctx: Context) -> MachineVerdict:
    # Staff read the reasons: only the findings that support the verdict, not every side signal.
    reasons = [f"{name}: {f.reason}" for name, f in named if f.kind is kind]
    failures: tuple[DeliveryFailure, ...] = ()
    if kind is MachineKind.BOUNCE:
        # Rules reading a report structure (DSN, SES) carry their failures; otherwise the text.
        failures = next((f.failures for _, f in named if f.failures), ()) or ctx.text_failures
        if not any(f.failures for _, f in named):
            reasons.append(f"Empfänger: {_describe(failures)}")
    return MachineVerdict(kind=kind, reasons=tuple(reasons), failures=failures, no_reply=True)


# --- patterns (data) ---------------------------------------------------------------------------

_REPLY_PREFIX = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)*(?:re|aw|wg|fw|fwd|antw|sv|vs|tr|r)\s*(?:\[\d+\])?\s*:", re.I
)
_TAG_PREFIX = re.compile(r"^\s*(?:\[(?:extern|external|ext|spam|\*+spam\*+)[^\]]*\]\s*)+", re.I)

# Auto-reply subjects: German and English Exchange/Outlook, GMX/Web.de, Gmail, Apple, Lotus Notes.
_AUTO_SUBJECT = re.compile(
    r"abwesenheitsnotiz|automatische antwort|automatic reply|auto[- ]?reply|autoreply|"
    r"auto[- ]?response|out of (?:the )?office|ich bin nicht im b(?:ü|ue)ro|"
    # Lotus Notes: "Ingrid Pohl ist außer Haus." / "… is out of the office."
    r"\bist (?:nicht im b(?:ü|ue)ro|au(?:ß|ss)er haus|abwesend|im urlaub)\.?$|"
    r"^(?:abwesend|urlaub|abwesenheit|auto|vacation|away)\s*:|^eingangsbestätigung\b|^(?:abwesend|urlaub|abwesenheit)$|"
    r"^(?:abwesend|urlaub|abwesenheit|out of office)\s+(?:bis|vom|ab|until|from)\b",
    re.I,
)
# Ticket systems put their ticket number in the subject (Zammad/OTRS/Znuny "[Ticket#123]",
# RT "[rt.example.org #123]", Freshdesk/Zendesk "[#123]", Jira Service Desk "[JIRA] (SD-12)").
_TICKET_SUBJECT = re.compile(
    r"\[(?:ticket\s*#?|[\w.-]+\s+#|#|request\s+(?:id\s*)?#?:?\s*|case\s*#?)\s*[\w-]*\d+\]|\[jira\]", re.I
)
_TICKET_HEADER_PREFIXES = (
    "x-otrs-",
    "x-zammad-",
    "x-rt-",
    "rt-ticket",
    "x-freshdesk-",
    "x-zendesk-",
    "x-jsd-",
)
# The three texts below are searched in lower case from a word start (`Context.words`): an
# IGNORECASE alternation tried at every position of 3,000 characters costs more than reading the mail.
_ACK_TEXT = re.compile(
    r"\b(?:ihre (?:anfrage|nachricht|e-?mail|mail) (?:ist|wurde)\b.{0,40}?\b(?:eingegangen|erhalten|registriert)|"
    r"bestätigen wir (?:ihnen )?den eingang|ist bei (?:uns|der|dem)\b.{0,60}?\beingegangen|"
    r"eingangsbestätigung|wir melden uns|ticketnummer|ticket number|a ticket has been created|"
    r"(?:we have|we've) received your (?:request|message|e-?mail|enquiry|inquiry)|"
    r"thank you for (?:contacting|your (?:e-?mail|message|request)))",
)
# A message saying of itself that a machine wrote it.
_AUTO_NOTICE = re.compile(
    r"\b(?:(?:diese|die) (?:nachricht|e-?mail|mail|antwort) wurde automatisch (?:erstellt|generiert|versandt|verschickt|erzeugt)|"
    r"automatisch (?:erstellte|generierte|erzeugte|versandte|versendete) (?:nachricht|e-?mail|antwort)|"
    r"this (?:message|e-?mail|reply) (?:was|has been|is) (?:automatically generated|generated automatically|sent automatically)|"
    r"automatically generated (?:message|e-?mail|reply))"
    # GMX and web.de sign a vacation text with "(automatische Antwort)"
    r"|\((?:automatische antwort|automatische nachricht|auto-?reply|automatic reply|autoresponder)\)",
)
_OOO_TEXT = re.compile(
    r"\b(?:nicht im b(?:ü|ue)ro|au(?:ß|ss)er haus|abwesend|abwesenheit|im urlaub|urlaubsbedingt|"
    # "Dieses Postfach wird seit dem 01.05. nicht mehr betreut", "this mailbox is no longer monitored"
    r"(?:postfach|mailbox|adresse) (?:wird )?(?:seit [^,;!?]{0,30}?\s)?nicht mehr (?:betreut|gelesen|genutzt|abgerufen)|"
    r"no longer (?:monitored|in use|read)|"
    r"nicht erreichbar|eingeschränkt erreichbar|wieder (?:im b(?:ü|ue)ro|erreichbar|da)|nicht besetzt|"
    r"nach (?:meiner|unserer) r(?:ü|ue)ckkehr|auf reha|in (?:der )?reha|keine e-?mails? (?:beantworten|lesen|abrufen)|"
    r"lese (?:meine )?(?:e-?mails?|mails|nachrichten) (?:nur )?(?:sporadisch|unregelmä(?:ß|ss)ig|eingeschränkt|selten)|"
    r"out of (?:the )?office|on (?:vacation|holiday|leave|annual leave)|away from (?:the|my) (?:office|desk)|"
    r"(?:i will|i'll) be back|returning on|limited access to (?:my )?e-?mail)"
    # inside compounds too: "urlaubsabwesend", "Urlaubsabwesenheit"
    r"|abwesen(?:d|heit)",
)
_NOREPLY_LOCAL = re.compile(r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|noreply[-_.].*)", re.I)
# MTA mailboxes. MDaemon and "Mail.Delivery.System" are real senders of bounces (flufl corpus);
# Exchange sends NDRs as "MicrosoftExchange<hex>@domain".
_MACHINE_LOCAL = re.compile(
    r"^(?:mailer[-_]?daemon|post[-_]?master|mdaemon|mail[-_.]?delivery(?:[-_.]system)?|"
    r"microsoftexchange[0-9a-f]*)\b",
    re.I,
)
_MACHINE_NAME = re.compile(r"mail delivery (?:system|subsystem|service)|mailer[-_ ]daemon|postmaster", re.I)

# Bounce subjects of common MTAs: Postfix, Exim, qmail, sendmail, Exchange (de/en), Gmail,
# Notes, GroupWise, MDaemon, SMTP32, Yahoo, AOL, Amazon SES, GMX/1&1.
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|unzustellbar|nicht zustellbar|mail delivery failed|undelivered mail|"
    r"delivery status notification|failure notice|returned mail|zustellung fehlgeschlagen|"
    r"could not send message|delivery fail|failed delivery|failure delivery|delivery problem|"
    r"non[- ]?delivery|nondeliverable|mail system error|delivery notification|"
    r"not (?:be )?delivered|unable to deliver|message not delivered|delivery report|"
    r"returned to sender|failed mail|mail failure|delivery error|permanent (?:error|failure)|"
    r"benachrichtigung .{0,40}zustell|zustellungsbericht|fehlgeschlagen|rejected|"
    r"message you sent|notice of delivery|delayed mail|delivery delay|warning: message|"
    r"delivery warning|mail error|processing error|user unknown",
    re.I,
)
_BOUNCE_TEXT = re.compile(
    r"could not be delivered|couldn't be delivered|was not delivered|undeliverable|"
    r"delivery (?:has )?failed|delivery to the following|following address(?:es)? failed|"
    r"permanent(?:ly)? (?:fatal )?error|user unknown|unknown user|no such (?:user|mailbox|recipient)|"
    r"mailbox (?:unavailable|full|is full|not found)|quota exceeded|did not reach|"
    r"unable to deliver|returned to sender|konnte nicht zugestellt|ist fehlgeschlagen|"
    r"nicht zugestellt|unzustellbar|delivery status notification|recipient address rejected|"
    r"not (?:be )?delivered|failed recipient|addresses had permanent|message delivery failure|"
    r"could not deliver|deferred|will retry|will be retried|delayed|cannot be delivered|"
    r"has been returned|returning message|error while (?:being )?processed|postponed|"
    r"\b(?:550|551|552|553|554|5\.\d\.\d{1,3})\b",
    re.I,
)
_TEMPORARY_TEXT = re.compile(
    r"could not send message for past|delivery status notification \(delay\)|\bdelay(?:ed)?\b|"
    r"will (?:be )?retr(?:y|ied)|still (?:trying|being retried)|deferred|warning:|verzögert|"
    r"not yet been delivered|has not been delivered yet|temporar",
    re.I,
)
_PERMANENT_TEXT = re.compile(
    r"\b5\d\d\b|\b5\.\d\.\d{1,3}\b|permanent|fatal|unknown|not exist|gave up|giving up", re.I
)
_FAILURE_STATEMENT = re.compile(
    r"\b(?:message|mail|e-?mail|nachricht)\b[^\n]{0,40}?\b(?:could not|couldn't|cannot|can't|was not|"
    r"konnte nicht)\s+(?:be\s+)?(?:delivered|zugestellt)|n'a pas pu (?:e|ê)tre (?:d(?:e|é)livr|remis)|"
    r"delivery to the following recipients? failed",
    re.I,
)
_EXCHANGE_NDR_HEADERS = ("x-ms-exchange-message-is-ndr", "x-ms-exchange-crosstenant-originalarrivaltime-ndr")

_ADDRESS = r"[\w.!#$%&'*+?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+"
_ADDRESS_RE = re.compile(_ADDRESS)
# Where the returned original starts: addresses after this point are the original's, not failures.
_ORIGINAL_START = re.compile(
    r"^[ \t>]*(?:-{2,}\s*)?(?:original message|this is a copy of|below this line is a copy|"
    r"unsent message below|the original message|original message (?:follows|headers)|"
    r"a copy of the original message|returned mail follows|returned message|message headers? follow|"
    r"(?:-+ )?header of the (?:original|source) (?:message|mail)|the text you sent follows|"
    r"your message reads|the first \d+ lines of your original|content-type: message/rfc822|"
    r"received: from |return-path: <)",
    re.I | re.M,
)
# Header lines quoted inside the report ("Your message  To: list@x  Subject: ..." in Exchange and
# GroupWise NDRs) name the original's addressees, not the failed recipient.
_QUOTED_HEADER_LINE = re.compile(
    r"^[ \t>]*(?:to|from|cc|bcc|sender|reply-to|return-path|date|sent|subject|message-id|an|von|"
    r"gesendet|betreff)[ \t]*:.*$",
    re.I | re.M,
)
# "The following recipients failed:" and its kin: the failed addresses follow such a line.
_LIST_INTRO = re.compile(
    r"following (?:recipient|address|user|destination)[^\n]*|did not reach the following[^\n]*|"
    r"addresses had permanent fatal errors[^\n]*|folgende[n]? empfänger[^\n]*|"
    r"message not delivered to the following[^\n]*|"
    r"(?:could not|cannot|can't|unable to) (?:be )?deliver(?:ed)? (?:your message |the message )?"
    r"to the following[^\n]*|failed to deliver to the following[^\n]*",
    re.I,
)
_ALIAS = re.compile(
    rf"(?:expanded from|generated from|original address|original-recipient|alias|\bsmtp=)[:\s]*"
    rf"(?:rfc822;\s*)?<?({_ADDRESS})",
    re.I,
)
_LINE_START = re.compile(rf"^[ \t>*\-\"'•]*<?({_ADDRESS})>?[\"']?(?=[\s:;,.(]|$)", re.M)
# Exchange lists failed recipients as "Display Name (address)" lines.
_NAME_THEN_ADDRESS = re.compile(rf"^[^\n@]{{1,80}}\(<?({_ADDRESS})>?\)[ \t]*$", re.M)
# Failed-recipient mentions of known MTAs, most specific first. Each captures the address.
_FAILURE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("postfix/qmail", re.compile(rf"^[ \t>]*<({_ADDRESS})>:", re.M)),
    ("exim", re.compile(rf"^[ \t]+<?({_ADDRESS})>?[ \t]*\n[ \t]+(?:SMTP error|\(|mailbox|retry|host)", re.M)),
    (
        "sendmail/lsmtp",
        re.compile(
            rf"<({_ADDRESS})>\.\.\.|^[ \t]*({_ADDRESS})[ \t]*\.\.\.|RCPT TO:[ \t]*<?({_ADDRESS})>?|"
            rf"^Error-for:[ \t]*<?({_ADDRESS})",
            re.I | re.M,
        ),
    ),
    (
        "wording",
        re.compile(
            rf"\b(?:to|for|recipient|recipients|address|addressed|user|mailbox|destination|empfänger|"
            rf"an|attempts|userid)\b[^\n@<]{{0,20}}?[ \t:,\"'<(]<?({_ADDRESS})",
            re.I,
        ),
    ),
    ("line-start", _LINE_START),
)


# --- helpers -----------------------------------------------------------------------------------


def _sender_email(mail: ParsedMail) -> str:
    return mail.sender.email if mail.sender else ""


def _local_part(address: str) -> str:
    return address.rsplit("@", 1)[0] if "@" in address else address


def _is_noreply_sender(mail: ParsedMail) -> bool:
    return bool(_NOREPLY_LOCAL.match(_local_part(_sender_email(mail))))


def _null_return_path(mail: ParsedMail) -> bool:
    return any(v.replace(" ", "") in ("<>", "") for v in mail.headers.get("return-path", ()))


def _mta_sender(mail: ParsedMail) -> bool:
    """From is an MTA mailbox (MAILER-DAEMON, postmaster, Exchange system mailbox)."""
    if mail.sender is not None and _MACHINE_LOCAL.match(_local_part(mail.sender.email)):
        return True
    if not _MACHINE_NAME.search(mail.header("from")):  # also "<Postmaster\@x.com@x.com>" (sic)
        return False
    # Only the display name says "Mail Delivery Subsystem": a real one sends with an empty envelope
    # sender (RFC 5321 4.5.5); "support@webmail-service.example" with a return address of its own
    # is phishing dressed as a bounce ("Ihr Postfach ist voll").
    return not any(v.replace(" ", "") not in ("<>", "") for v in mail.headers.get("return-path", ()))


def _null_sender(mail: ParsedMail) -> bool:
    """Empty envelope sender, a From without an address ("Jetmail System" <>), or a noreply
    system sender (KDDI au one net sends its bounces from no-reply@)."""
    if _null_return_path(mail) or _is_noreply_sender(mail):
        return True
    return mail.sender is None and "from" in mail.headers


def _acceptable(address: str, excluded: frozenset[str]) -> bool:
    local = _local_part(address)
    return address not in excluded and not _MACHINE_LOCAL.match(local) and not _NOREPLY_LOCAL.match(local)


def failure_section(text: str) -> str:
    """The part of a bounce text before the returned original message."""
    match = _ORIGINAL_START.search(text, 1)
    return text[: match.start()] if match else text[:20_000]


def text_failures(mail: ParsedMail, own: OwnIdentity, section: str) -> tuple[DeliveryFailure, ...]:
    """Failed recipients of a free-text bounce: X-Failed-Recipients, the report text, the
    subject, else the returned original's To: (never its From:, never us or an MTA mailbox)."""
    excluded = own.addresses | {_sender_email(mail)}
    header = [a.lower() for v in mail.headers.get("x-failed-recipients", ()) for a in _ADDRESS_RE.findall(v)]
    addresses = (
        _clean(header, excluded)
        or _addresses_in_text(section, mail.subject, excluded)
        or _clean(_ADDRESS_RE.findall(mail.subject), excluded)  # "Warning: x@y - User unknown!"
        or _original_recipients(mail, excluded)
    )
    permanent = _text_is_permanent(mail.subject, section)
    return tuple(DeliveryFailure(recipient=a, permanent=permanent) for a in addresses)


def _addresses_in_text(section: str, subject: str, excluded: frozenset[str]) -> list[str]:
    found = _clean(_ALIAS.findall(section), excluded) or _listed_addresses(section, excluded)
    for _name, pattern in _FAILURE_PATTERNS:
        if found:
            break
        found = _clean([next(g for g in m.groups() if g) for m in pattern.finditer(section)], excluded)
    return _prefer_subject(found, subject)


def _listed_addresses(section: str, excluded: frozenset[str]) -> list[str]:
    """Addresses at the start of the lines after a "the following recipients failed" line."""
    intro = _LIST_INTRO.search(section)
    if intro is None:
        return []
    region = section[intro.end() : intro.end() + 3000]
    return _clean(_LINE_START.findall(region), excluded) or _clean(
        _NAME_THEN_ADDRESS.findall(region), excluded
    )


def _clean(addresses: Iterable[str], excluded: frozenset[str]) -> list[str]:
    cleaned = (a.strip(".'\"").lower() for a in addresses)
    return list(dict.fromkeys(a for a in cleaned if _acceptable(a, excluded)))


def _prefer_subject(found: list[str], subject: str) -> list[str]:
    """Of several candidates, those the subject names ("FAILED MAIL to \"trotts1\"", LLNL)."""
    if len(found) < 2:
        return found
    lowered = subject.lower()
    named = [a for a in found if a in lowered or f'"{_local_part(a)}"' in lowered]
    return named or found


def _original_recipients(mail: ParsedMail, excluded: frozenset[str]) -> list[str]:
    return _clean((a for v in mail.attached_headers.get("to", ()) for a in _ADDRESS_RE.findall(v)), excluded)


def _text_is_permanent(subject: str, section: str) -> bool:
    """Free-text bounces: temporary only when they say so and name no permanent code."""
    head = section[:5000]
    return not (_TEMPORARY_TEXT.search(subject + "\n" + head) and not _PERMANENT_TEXT.search(head[:3000]))


def _fill_recipients(ctx: Context, failures: tuple[DeliveryFailure, ...]) -> tuple[DeliveryFailure, ...]:
    """DSN blocks without a usable recipient get one from the text or the original's To:."""
    if all(f.recipient for f in failures):
        return failures
    fallback = [f.recipient for f in ctx.text_failures]
    if not fallback:
        return failures
    return tuple(f if f.recipient else replace(f, recipient=fallback[0]) for f in failures)


def _describe(failures: tuple[DeliveryFailure, ...]) -> str:
    parts = [" ".join(p for p in (f.recipient or "?", f.status) if p) for f in failures[:5]]
    if any(not f.permanent for f in failures):
        parts = [f"{p} (vorübergehend)" for p in parts]
    more = f" (+{len(failures) - 5})" if len(failures) > 5 else ""
    return ", ".join(parts) + more if parts else "Empfänger unbekannt"


# --- rules: own mail and reports ---------------------------------------------------------------


def own_mail(ctx: Context) -> Finding | None:
    mail, own = ctx.mail, ctx.own
    if _sender_email(mail) in own.addresses:
        return Finding(MachineKind.OWN, f"Absender ist unsere Adresse {_sender_email(mail)}", final=True)
    if mail.headers.get(own.marker_header) and own.owns_message_id(mail.message_id):
        return Finding(MachineKind.OWN, f"unsere eigene Mail ({own.marker_header})", final=True)
    return None


def feedback_report(ctx: Context) -> Finding | None:
    # ARF (RFC 5965): a complaint report from a mailbox provider, not a delivery failure.
    if ctx.mail.report_type == "feedback-report":
        return Finding(MachineKind.BULK, "Beschwerde-Report (ARF, feedback-report)", final=True)
    return None


def read_receipt(ctx: Context) -> Finding | None:
    # RFC 8098 message disposition notifications ("Gelesen:", "Read:") are written by the client.
    if (
        ctx.mail.report_type == "disposition-notification"
        or "disposition-notification" in ctx.mail.content_type
    ):
        return Finding(MachineKind.AUTO_REPLY, "Lesebestätigung (disposition-notification)", final=True)
    return None


def success_dsn(ctx: Context) -> Finding | None:
    # Delivery confirmations (Action: delivered/relayed/expanded) look like bounces but are not.
    mail = ctx.mail
    if mail.dsn_actions and not mail.delivery_failures:
        actions = ", ".join(dict.fromkeys(mail.dsn_actions))
        return Finding(MachineKind.BULK, f"Zustellbestätigung (DSN, Action: {actions})", final=True)
    return None


def ses_notification(ctx: Context) -> Finding | None:
    # Amazon SES forwards bounce, complaint and delivery events as JSON in a plain-text mail
    # from no-reply@sns.amazonaws.com.
    body = ctx.mail.body_text.lstrip()
    if not body.startswith("{") or '"notificationType"' not in body[:200]:
        return None
    try:
        event = json.loads(body[: body.rfind("}") + 1])
    except ValueError:
        return None
    kind = str(event.get("notificationType", "")) if isinstance(event, dict) else ""
    if kind != "Bounce":
        return Finding(MachineKind.BULK, f"Amazon-SES-Benachrichtigung ({kind or '?'})", final=True)
    failures = _ses_failures(event.get("bounce"))
    return Finding(MachineKind.BOUNCE, f"Amazon-SES-Bounce: {_describe(failures)}", failures)


def _ses_failures(bounce: object) -> tuple[DeliveryFailure, ...]:
    if not isinstance(bounce, dict):
        return ()
    permanent = bounce.get("bounceType") != "Transient"
    recipients = bounce.get("bouncedRecipients")
    return tuple(
        DeliveryFailure(
            recipient=str(r.get("emailAddress", "")).lower(),
            status=str(r.get("status", "")),
            permanent=permanent,
            diagnostic=str(r.get("diagnosticCode", ""))[:500],
        )
        for r in (recipients if isinstance(recipients, list) else [])
        if isinstance(r, dict)
    )


def delivery_status(ctx: Context) -> Finding | None:
    mail = ctx.mail
    if mail.delivery_failures:
        failures = _fill_recipients(ctx, mail.delivery_failures)
        return Finding(MachineKind.BOUNCE, f"Zustellfehler (DSN): {_describe(failures)}", failures)
    if mail.report_type == "delivery-status":
        return Finding(MachineKind.BOUNCE, "Zustellbericht (DSN) ohne Empfängerblock")
    return None


def failed_recipients_header(ctx: Context) -> Finding | None:
    # Exim adds X-Failed-Recipients to its bounces; it is the most reliable free-text signal.
    value = ctx.mail.header("x-failed-recipients")
    return Finding(MachineKind.BOUNCE, f"X-Failed-Recipients: {value[:100]}") if value else None


def exchange_ndr(ctx: Context) -> Finding | None:
    # Exchange marks its NDRs with an (often empty) X-MS-Exchange-Message-Is-Ndr header.
    if any(h in ctx.mail.headers for h in _EXCHANGE_NDR_HEADERS):
        return Finding(MachineKind.BOUNCE, "Exchange-Unzustellbarkeitsbericht (X-MS-Exchange-Message-Is-Ndr)")
    return None


def bounce_subject(ctx: Context) -> Finding | None:
    # A bounce subject counts unless the mail is a reply ("AW: Unzustellbar: ..."), and only
    # with an MTA/empty sender or failure wording, so a person's "Returned mail?" stays human.
    subject = ctx.mail.subject
    if _REPLY_PREFIX.match(subject) or not _BOUNCE_SUBJECT.search(subject):
        return None
    if not (_mta_sender(ctx.mail) or _null_sender(ctx.mail) or ctx.failure_words):
        return None
    if ctx.mail.report_type != "delivery-status" and _PARCEL.search(
        subject + "\n" + ctx.mail.reply_text[:2000]
    ):
        return None  # "Ihre Sendung – Zustellung fehlgeschlagen" from a (fake) parcel service
    return Finding(MachineKind.BOUNCE, f"Betreff „{subject[:60]}“")


def mta_sender(ctx: Context) -> Finding | None:
    # MAILER-DAEMON and postmaster write bounces whatever the subject ("Processing Error",
    # Sina's GB2312 subject, Verizon's "Re:Test message"); success DSNs were set apart before.
    if _mta_sender(ctx.mail):
        return Finding(MachineKind.BOUNCE, f"Absender ist ein Mailsystem ({ctx.mail.header('from')[:80]})")
    return None


_PARCEL = re.compile(
    r"\b(?:paket\w*|sendungsverfolgung|sendungsnummer|zustellversuch|paketdienst|parcel|package|tracking number)\b",
    re.IGNORECASE,
)


def null_sender_failure_text(ctx: Context) -> Finding | None:
    # An empty sender with failure wording in the report part ("Mail Error" from Jetmail).
    if _REPLY_PREFIX.match(ctx.mail.subject) or not _null_sender(ctx.mail) or not ctx.failure_words:
        return None
    if _PARCEL.search(ctx.mail.subject + "\n" + ctx.mail.reply_text[:2000]):
        return None  # "Ihre Sendung konnte nicht zugestellt werden" from a (fake) parcel service
    return Finding(MachineKind.BOUNCE, f"leerer Absender und „{ctx.failure_words.group(0)}“")


def failure_statement(ctx: Context) -> Finding | None:
    # Some gateways bounce from an ordinary mailbox with a "RE:" subject (socgen.com): the
    # sender's own text then opens with "Your message could not be delivered to <address>".
    lead = ctx.mail.reply_text[:600]
    statement = _FAILURE_STATEMENT.search(lead)
    if statement and _ADDRESS_RE.search(lead):
        return Finding(MachineKind.BOUNCE, f"Zustellfehler-Meldung im Text („{statement.group(0)}“)")
    return None


# --- rules: auto replies -----------------------------------------------------------------------


def auto_submitted(ctx: Context) -> Finding | None:
    value = ctx.mail.header("auto-submitted").strip().lower()
    if value and not value.startswith("no"):
        return Finding(MachineKind.AUTO_REPLY, f"Auto-Submitted: {value}")
    return None


def autoreply_headers(ctx: Context) -> Finding | None:
    mail = ctx.mail
    for name in ("x-autoreply", "x-autorespond", "x-autogenerated", "x-autoresponder"):
        value = mail.header(name).strip().lower()
        if name in mail.headers and value not in ("no", "false", "0"):
            return Finding(MachineKind.AUTO_REPLY, f"{name}: {value or '(gesetzt)'}")
    if mail.header("x-apple-action").strip().upper() == "VACATION":
        return Finding(MachineKind.AUTO_REPLY, "X-Apple-Action: VACATION (iCloud-Abwesenheit)")
    return None


def auto_subject(ctx: Context) -> Finding | None:
    subject = _TAG_PREFIX.sub("", ctx.mail.subject).strip()
    if _REPLY_PREFIX.match(subject) or not _AUTO_SUBJECT.search(subject):
        return None
    return Finding(MachineKind.AUTO_REPLY, f"Betreff „{subject[:60]}“")


def ticket_acknowledgement(ctx: Context) -> Finding | None:
    # Agents answer from the same ticket systems, so a ticket header alone is only weak; together
    # with acknowledgement wording it is an automatic receipt.
    mail = ctx.mail
    header = next((h for h in mail.headers if h.startswith(_TICKET_HEADER_PREFIXES)), "")
    tag = _TICKET_SUBJECT.search(mail.subject)
    marker = header or (tag.group(0) if tag else "")
    ack = ctx.words(_ACK_TEXT, or_body=True)
    if marker and ack:
        return Finding(MachineKind.AUTO_REPLY, f"Ticket-Eingangsbestätigung ({marker}, „{ack}“)")
    notice = ctx.words(_AUTO_NOTICE, or_body=True) if ack else ""
    if ack and notice:
        # A town hall's "Ihre Nachricht ist eingegangen … Diese Nachricht wurde automatisch erstellt."
        return Finding(MachineKind.AUTO_REPLY, f"Eingangsbestätigung („{ack}“, „{notice}“)")
    if marker or ack:
        return Finding(MachineKind.AUTO_REPLY, f"Ticketsystem-Merkmal ({marker or ack})", weak=True)
    return None


# Mailman, Sympa and Majordomo answer a post to a moderated list from the list's admin address: an
# automatic reply to our mail (like a ticket receipt), not a mailing of the list.
_LIST_ADMIN = re.compile(
    r"^(?:[\w.+-]+-(?:owner|bounces|request|admin)|owner-[\w.+-]+|sympa|mailman|majordomo)@", re.I
)
_MODERATION = re.compile(
    r"wartet auf (?:die )?Freigabe|Freigabe durch den Moderator|wurde zurückgehalten|awaits? moderator approval"
    r"|held for moderation|requires? (?:moderator )?approval|waiting for moderator|en attente de modération",
    re.I,
)


def list_moderation_notice(ctx: Context) -> Finding | None:
    mail = ctx.mail
    if not _LIST_ADMIN.match(_sender_email(mail)):
        return None
    held = _MODERATION.search(mail.subject) or _MODERATION.search(mail.body_text[:3000])
    if held is None:
        return None
    return Finding(MachineKind.AUTO_REPLY, f"Moderationshinweis der Listensoftware („{held.group(0)}“)")


def precedence(ctx: Context) -> Finding | None:
    value = ctx.mail.header("precedence").strip().lower()
    if value == "auto_reply":
        return Finding(MachineKind.AUTO_REPLY, "Precedence: auto_reply")
    if value in ("bulk", "junk"):
        # vacation(1) and many autoresponders send "Precedence: bulk/junk": with an
        # out-of-office text it is an auto reply, without one a mass mailing.
        ooo = ctx.words(_OOO_TEXT)
        if ooo:
            return Finding(MachineKind.AUTO_REPLY, f"Precedence: {value} mit Abwesenheitstext „{ooo}“")
        # Helpdesks (Freshdesk, Zendesk) send their receipts as bulk mail without Auto-Submitted.
        ack = ctx.words(_ACK_TEXT)
        if ack:
            return Finding(MachineKind.AUTO_REPLY, f"Precedence: {value} mit Eingangsbestätigung „{ack}“")
        return Finding(MachineKind.BULK, f"Precedence: {value}")
    if value == "list":
        return Finding(MachineKind.BULK, "Precedence: list")
    return None


def exchange_rules_loop(ctx: Context) -> Finding | None:
    # Set by Exchange on mail its inbox rules (out-of-office among them) generated; also on
    # rule-based forwards, hence only weak.
    if "x-ms-exchange-inbox-rules-loop" in ctx.mail.headers:
        return Finding(MachineKind.AUTO_REPLY, "X-MS-Exchange-Inbox-Rules-Loop", weak=True)
    return None


def auto_response_suppress(ctx: Context) -> Finding | None:
    # Outlook sets this on ordinary mail and meeting responses too: supporting evidence only.
    value = ctx.mail.header("x-auto-response-suppress")
    return Finding(MachineKind.AUTO_REPLY, f"X-Auto-Response-Suppress: {value}", weak=True) if value else None


def out_of_office_text(ctx: Context) -> Finding | None:
    ooo = ctx.words(_OOO_TEXT)
    if not ooo:
        return None
    notice = ctx.words(_AUTO_NOTICE)
    if notice:
        # "ich bin bis 20. Juni auf Reha … (automatische Antwort)": the text says a machine sent it
        return Finding(MachineKind.AUTO_REPLY, f"Abwesenheitstext „{ooo}“, „{notice}“")
    return Finding(MachineKind.AUTO_REPLY, f"Abwesenheitstext „{ooo}“", weak=True)


def null_return_path(ctx: Context) -> Finding | None:
    # Only MTAs and auto-responders send with an empty envelope sender (RFC 5321 4.5.5).
    if not _null_return_path(ctx.mail):
        return None
    mail = ctx.mail
    answers = mail.in_reply_to or mail.references or _REPLY_PREFIX.match(mail.subject)
    listed = any(h in mail.headers for h in _LIST_HEADERS)
    # "nicht im Büro", "Ihre Nachricht ist eingegangen": a noreply sender's automatic reply after all
    says_so = ctx.words(_OOO_TEXT) or ctx.words(_ACK_TEXT)
    if not answers and (listed or (_is_noreply_sender(mail) and not says_so)):
        # A newsletter or a "Ihre Sendung konnte nicht zugestellt werden" from noreply@ with an empty
        # envelope sender answers nothing of ours: a mass mailing, not an auto reply.
        return Finding(MachineKind.BULK, "Return-Path: <>, aber keine Antwort auf eine Mail")
    return Finding(MachineKind.AUTO_REPLY, "Return-Path: <> (leerer Umschlag-Absender)")


# --- rules: bulk -------------------------------------------------------------------------------


_LIST_HEADERS = ("list-id", "list-unsubscribe", "list-post")


def list_headers(ctx: Context) -> Finding | None:
    present = [h for h in _LIST_HEADERS if h in ctx.mail.headers]
    return Finding(MachineKind.BULK, "Liste/Newsletter (" + ", ".join(present) + ")") if present else None


def noreply_sender(ctx: Context) -> Finding | None:
    # A noreply sender alone is a notification (portal, newsletter): never answered, but not an
    # auto reply to our mail; stronger rules upgrade it when they find more.
    if _is_noreply_sender(ctx.mail):
        return Finding(MachineKind.BULK, f"Noreply-Absender {_sender_email(ctx.mail)}")
    return None


RULES: tuple[Rule, ...] = (
    own_mail,
    feedback_report,
    read_receipt,
    success_dsn,
    ses_notification,
    delivery_status,
    failed_recipients_header,
    exchange_ndr,
    bounce_subject,
    mta_sender,
    null_sender_failure_text,
    failure_statement,
    auto_submitted,
    autoreply_headers,
    auto_subject,
    ticket_acknowledgement,
    list_moderation_notice,
    precedence,
    exchange_rules_loop,
    auto_response_suppress,
    null_return_path,
    out_of_office_text,
    list_headers,
    noreply_sender,
)

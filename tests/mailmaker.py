"""Tiny realistic messages for unit tests, built with the email package."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from zoneinfo import ZoneInfo

INVITATION_ID = "<einladung-ag-kommune-2020-06@b-b-e.de>"
INVITATION_SUBJECT = (
    "Einladung: Arbeitstreffen der AG Bürgerschaftliches Engagement und Kommune am 22. Juni 2020 (Zoom)"
)
QUOTE = """
Am 08.06.2020 um 10:12 schrieb BBE-Geschäftsstelle <info@b-b-e.de>:
> Einladung zum Arbeitstreffen (Zoom-Konferenz), am Montag, 22. Juni 2020, 9:00 – 12:30 Uhr
> Alle, die sich zur AG-Sitzung angemeldet haben, erhalten spätestens Freitag, 19. Juni, die Zugangsdaten.
> Bitte melden Sie sich bis Freitag, 12. Juni 2020 an bei: BBE-Geschäftsstelle, info@b-b-e.de.
"""


def make(
    text: str,
    *,
    sender: str = "Anna Beispiel <anna.beispiel@stadt-wetzlar.de>",
    to: str = "BBE-Geschäftsstelle <info@b-b-e.de>",
    cc: str | None = None,
    subject: str = "Re: " + INVITATION_SUBJECT,
    reply_to_invitation: bool = True,
    quote: bool = True,
    date: datetime | None = None,
    headers: dict[str, str] | None = None,
    message_id: str = "<test-1@stadt-wetzlar.de>",
    authenticated: bool = True,
) -> bytes:
    msg = EmailMessage()
    if authenticated:
        # What our receiving server writes on top of every mail it accepted (see config.toml).
        domain = sender.rpartition("@")[2].strip(">")
        msg["Authentication-Results"] = f"mx01.b-b-e.de; spf=pass smtp.mailfrom={domain}"
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date or datetime(2020, 6, 9, 8, 12, tzinfo=ZoneInfo("Europe/Berlin")))
    msg["Message-ID"] = message_id
    if reply_to_invitation:
        msg["In-Reply-To"] = INVITATION_ID
        msg["References"] = INVITATION_ID
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(text + ("\n" + QUOTE if quote else ""))
    return msg.as_bytes()

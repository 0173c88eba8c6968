"""Calendar files (.ics) for the mails that promise one.

One UID per event and attendee, so the confirmation, the update with the join link and a
cancellation (METHOD:CANCEL) all change the same entry in the member's calendar. A calendar applies a
file only when its SEQUENCE is higher than the one it has, so SEQUENCE grows with time (minutes since
2020) plus a small rank for mails written in the same minute (confirmation, then access data, then
cancellation): a registration after a cancellation still replaces the cancelled entry.

The files are METHOD:PUBLISH, not REQUEST: a REQUEST makes Outlook show "Accept/Decline" and send
calendar replies to info@, which would be read as new mail. PUBLISH carries no ATTENDEE (RFC 5546,
3.2.1). Times carry TZID=Europe/Berlin (the configured zone) and the file its VTIMEZONE, so Outlook,
which ignores the IANA database, shows the right hour.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from bot.compose import Attachment
from bot.config import Event

RANK = {"confirmation": 0, "access_data": 1, "cancellation": 2}
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def event_uid(event: Event, email: str, domain: str) -> str:
    local = email.lower().replace("@", "=")
    return f"{event.id}.{local}@{domain}"


def sequence(kind: str, stamp: datetime) -> int:
    minutes = int((stamp - SEQUENCE_EPOCH).total_seconds() // 60)
    return max(minutes, 0) * 4 + RANK.get(kind, 0)


def calendar_file(
    event: Event,
    *,
    email: str,
    name: str,
    organizer: str,
    domain: str,
    kind: str,
    stamp: datetime,
    join_url: str | None = None,
    details: tuple[str, ...] = (),
) -> Attachment:
    """The .ics for `kind` ("confirmation", "access_data", "cancellation"); `details` go to DESCRIPTION."""
    method = "CANCEL" if kind == "cancellation" else "PUBLISH"
    cal = Calendar()
    cal.add("prodid", "-//Anmeldebot//DE")
    cal.add("version", "2.0")
    cal.add("method", method)
    vevent = _vevent(event, email, domain, kind, stamp, join_url, details)
    vevent.add("organizer", vCalAddress(f"mailto:{organizer}"))
    if method == "CANCEL":
        attendee = vCalAddress(f"mailto:{email}")
        if name:
            attendee.params["cn"] = vText(name)
        vevent.add("attendee", attendee)
    cal.add_component(vevent)
    # Only the transitions around the event: the full 1970-2038 history would be 10 kB per mail.
    cal.add_missing_timezones(
        first_date=date(event.starts.year - 1, 1, 1), last_date=date(event.ends.year + 2, 1, 1)
    )
    return Attachment(
        filename=f"{event.id}.ics",
        content=cal.to_ical(),
        maintype="text",
        subtype="calendar",
        params=(("method", method), ("charset", "utf-8")),
    )


def _vevent(
    event: Event,
    email: str,
    domain: str,
    kind: str,
    stamp: datetime,
    join_url: str | None,
    details: tuple[str, ...],
) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", event_uid(event, email, domain))
    vevent.add("sequence", sequence(kind, stamp))
    vevent.add("dtstamp", stamp.astimezone(UTC))
    vevent.add("dtstart", event.starts)
    vevent.add("dtend", event.ends)
    vevent.add("summary", event.title)
    vevent.add("location", join_url or event.location)
    if join_url:
        vevent.add("url", join_url)
    description = "\n".join((event.title, *details))
    vevent.add("description", description)
    vevent.add("status", "CANCELLED" if kind == "cancellation" else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    return vevent

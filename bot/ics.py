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
from functools import lru_cache

from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent
from icalendar.parser import Contentline, Parameters

from bot.config import Event
from bot.wire import Attachment

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
    uid = event_uid(event, email, domain)
    if method == "CANCEL":
        content = _calendar(event, organizer, kind, stamp, join_url, details, uid, (email, name))
    else:
        # A PUBLISH file differs between attendees only in its UID. Writing one with icalendar costs
        # about 4 ms (most of it the VTIMEZONE), as long as sending the mail: the access data to
        # 5,000 people write the file once and set each person's UID line into it.
        shared = _published(event, organizer, domain, kind, stamp, join_url, details)
        content = shared.replace(_uid_line(UID_SLOT), _uid_line(uid), 1)
    return Attachment(
        filename=f"{event.id}.ics",
        content=content,
        maintype="text",
        subtype="calendar",
        params=(("method", method), ("charset", "utf-8")),
    )


UID_SLOT = "anmeldebot-uid-slot"


@lru_cache(maxsize=32)
def _published(
    event: Event,
    organizer: str,
    domain: str,
    kind: str,
    stamp: datetime,
    join_url: str | None,
    details: tuple[str, ...],
) -> bytes:
    return _calendar(event, organizer, kind, stamp, join_url, details, UID_SLOT, None)


def _uid_line(uid: str) -> bytes:
    """The UID content line as icalendar writes it (escaped, folded at 75 octets), with its line end."""
    line: bytes = Contentline.from_parts("UID", Parameters(), vText(uid)).to_ical()
    return line + b"\r\n"


def _calendar(
    event: Event,
    organizer: str,
    kind: str,
    stamp: datetime,
    join_url: str | None,
    details: tuple[str, ...],
    uid: str,
    attendee: tuple[str, str] | None,
) -> bytes:
    """The whole file; `attendee` (email, name) only in a CANCEL, which names whose entry it ends."""
    method = "CANCEL" if kind == "cancellation" else "PUBLISH"
    cal = Calendar()
    cal.add("prodid", "-//Anmeldebot//DE")
    cal.add("version", "2.0")
    cal.add("method", method)
    vevent = _vevent(event, uid, kind, stamp, join_url, details)
    vevent.add("organizer", vCalAddress(f"mailto:{organizer}"))
    if method == "CANCEL" and attendee is not None:
        email, name = attendee
        address = vCalAddress(f"mailto:{email}")
        if name:
            address.params["cn"] = vText(name)
        vevent.add("attendee", address)
    cal.add_component(vevent)
    # Only the transitions around the event: the full 1970-2038 history would be 10 kB per mail.
    cal.add_missing_timezones(
        first_date=date(event.starts.year - 1, 1, 1), last_date=date(event.ends.year + 2, 1, 1)
    )
    content: bytes = cal.to_ical()
    return content


def _vevent(
    event: Event,
    uid: str,
    kind: str,
    stamp: datetime,
    join_url: str | None,
    details: tuple[str, ...],
) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", uid)
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

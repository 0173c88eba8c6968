"""Calendar files (.ics) for the mails that promise one.

One UID per event and attendee, so the confirmation, the update with the join link (higher
SEQUENCE) and a cancellation (METHOD:CANCEL) all change the same entry in the member's calendar.
"""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from bot.compose import Attachment
from bot.config import Event

# SEQUENCE grows with each change the member's calendar must apply over the previous file.
SEQUENCE = {"confirmation": 0, "access_data": 1, "reminder": 1, "cancellation": 2}


def event_uid(event: Event, email: str, domain: str) -> str:
    local = email.lower().replace("@", "=")
    return f"{event.id}.{local}@{domain}"


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
) -> Attachment:
    method = "CANCEL" if kind == "cancellation" else "PUBLISH"
    cal = Calendar()
    cal.add("prodid", "-//Anmeldebot//DE")
    cal.add("version", "2.0")
    cal.add("method", method)
    vevent = VEvent()
    vevent.add("uid", event_uid(event, email, domain))
    vevent.add("sequence", SEQUENCE.get(kind, 0))
    vevent.add("dtstamp", stamp.astimezone(UTC))
    vevent.add("dtstart", event.starts)
    vevent.add("dtend", event.ends)
    vevent.add("summary", event.title)
    location = join_url if join_url else event.location
    vevent.add("location", location)
    if join_url:
        vevent.add("url", join_url)
        vevent.add("description", f"{event.title}\n{join_url}")
    vevent.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    org = vCalAddress(f"mailto:{organizer}")
    vevent.add("organizer", org)
    attendee = vCalAddress(f"mailto:{email}")
    if name:
        attendee.params["cn"] = vText(name)
    vevent.add("attendee", attendee)
    cal.add_component(vevent)
    return Attachment(
        filename=f"{event.id}.ics",
        content=cal.to_ical(),
        maintype="text",
        subtype="calendar",
        params=(("method", method),),
    )

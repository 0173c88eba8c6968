"""Which event a mail (or one clause of it) means.

Evidence, strongest first: an explicit date ("22.6.", "22. Juni", "June 22") or a place or alias
named in config ("Göttingen", "Zoom"); a month ("im September") or a weekday ("am Montag") that
only one event has; then the thread (In-Reply-To/References against `invitation_message_id`, the
subject against `invitation_subject`); then the only or next event still open for registration.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.config import Event
from bot.models import ParsedMail

MONTHS_DE = (
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
)
MONTHS_EN = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTHS_SHORT = ("jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez")
WEEKDAYS_DE = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Words of a location that name no particular place.
GENERIC_PLACE = frozenset(
    "konferenz online videokonferenz landkreis kreis stadt raum saal haus straße str und der die das im in am".split()
)

# Why a mail belongs to an event by its thread (also read by bot/classify.py).
BY_INVITATION = "Antwort auf die Einladung"
BY_INVITATION_SUBJECT = "Betreff der Einladung"

DATE = 3  # an explicit day
PLACE = 2  # a place or alias
HINT = 1  # a month or weekday unique to one event


@dataclass(frozen=True)
class EventMatcher:
    event: Event
    dates: re.Pattern[str]
    places: re.Pattern[str] | None
    month: str
    weekday: str
    day: re.Pattern[str]

    @classmethod
    def build(cls, event: Event) -> EventMatcher:
        return cls(
            event,
            _date_pattern(event.starts),
            _place_pattern(event),
            _month_pattern(event.starts),
            _weekday_pattern(event.starts),
            _day_pattern(event.starts),
        )


def _date_pattern(day: datetime) -> re.Pattern[str]:
    d, m = day.day, day.month
    dd, mm = f"0?{d}", f"0?{m}"
    month_words = "|".join({MONTHS_DE[m - 1], MONTHS_EN[m - 1], MONTHS_SHORT[m - 1] + r"\.?"})
    forms = (
        rf"(?<![\d.]){dd}\.\s?{mm}\.(?!\d{{3}})",  # 22.6. / 22.06.2020 / 22.06.20
        rf"(?<![\d.]){dd}\.\s?{mm}(?![\d.])",  # 22.6 at the end of a phrase
        rf"(?<![\d.]){dd}/{mm}(?![\d])",  # 22/6
        rf"(?<![\d.]){dd}(?:\.|st|nd|rd|th)?\s+(?:{month_words})\b",  # 22. Juni / 22 June / 4th September
        rf"\b(?:{month_words})\s+{dd}(?:st|nd|rd|th)?\b(?![.\d])",  # June 22
    )
    return re.compile("|".join(forms), re.IGNORECASE)


def _day_pattern(day: datetime) -> re.Pattern[str]:
    """ "am 22. bin ich dabei": the day without its month, in a reply to the invitation of that day.

    Read in the text as written: a noun after it makes it an ordinal ("zum 4. Arbeitstreffen").
    """
    months = "|".join(sorted({*MONTHS_SHORT, *(m[:3].lower() for m in MONTHS_EN)}))
    return re.compile(
        # not an absence's last day: "bis den 22.", "bis einschließlich den 22."
        rf"(?i:(?<!bis )(?<!einschließlich )(?<!inkl\. )\b(?:am|zum|den)\s+0?{day.day}\.)(?!\s*(?:\d|[A-ZÄÖÜ]|(?i:{months}|mal\b)))"
    )


def _place_pattern(event: Event) -> re.Pattern[str] | None:
    words = set()
    for part in re.split(r"[,;/()]+", event.location):
        for word in re.findall(r"[A-Za-zÄÖÜäöüß][\wÄÖÜäöüß]+", part):
            if word.lower() not in GENERIC_PLACE and len(word) > 2:
                words.add(re.escape(word.lower()))
    words.update(re.escape(a.lower().strip()) for a in event.aliases if a.strip())
    if not words:
        return None
    return re.compile(
        r"(?<![\wäöüß])(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?![\wäöüß])", re.IGNORECASE
    )


def _month_pattern(day: datetime) -> str:
    return MONTHS_DE[day.month - 1]


def _weekday_pattern(day: datetime) -> str:
    return WEEKDAYS_DE[day.weekday()]


class EventFinder:
    """Built once per config; finds events in text and in a mail's thread."""

    def __init__(self, events: Iterable[Event]) -> None:
        self.matchers = tuple(EventMatcher.build(e) for e in events)
        months = [m.month for m in self.matchers]
        weekdays = [m.weekday for m in self.matchers]
        self.unique_months = {m.event.id: m.month for m in self.matchers if months.count(m.month) == 1}
        self.unique_weekdays = {
            m.event.id: m.weekday for m in self.matchers if weekdays.count(m.weekday) == 1
        }
        self._seen: dict[str, dict[str, int]] = {}

    def mentions(self, text: str) -> dict[str, int]:
        """Event id -> strength of the evidence in `text` (DATE, PLACE or HINT)."""
        # The classifier asks about the same clause several times (its own event, its neighbours').
        known = self._seen.get(text)
        if known is None:
            if len(self._seen) > 2048:
                self._seen.clear()
            known = self._seen[text] = self._mentions(text)
        return dict(known)

    def _mentions(self, text: str) -> dict[str, int]:
        lower = text.lower()
        found: dict[str, int] = {}
        for matcher in self.matchers:
            event_id = matcher.event.id
            score = 0
            if matcher.dates.search(lower):
                score = DATE
            elif matcher.places is not None and matcher.places.search(lower):
                score = PLACE
            elif self._hinted(matcher, lower):
                score = HINT
            if score:
                found[event_id] = score
        return found

    def _hinted(self, matcher: EventMatcher, lower: str) -> bool:
        """A month or weekday that only this event has."""
        event = matcher.event
        return (event.id in self.unique_months and _has_word(lower, *_month_words(event.starts))) or (
            event.id in self.unique_weekdays and _has_word(lower, *_weekday_words(event.starts))
        )

    def from_thread(self, mail: ParsedMail, known: Callable[[str], str | None]) -> tuple[str | None, str]:
        """The event the mail's thread belongs to, and why; (None, "") when the thread says nothing."""
        ids = [*mail.in_reply_to, *reversed(mail.references)]
        for matcher in self.matchers:
            if matcher.event.invitation_message_id and matcher.event.invitation_message_id in ids:
                return matcher.event.id, BY_INVITATION
        for message_id in ids:
            event_id = known(message_id)
            if event_id:
                return event_id, "Antwort auf eine Mail des Bots"
        subject = strip_subject(mail.subject).lower()
        for matcher in self.matchers:
            if _under_invitation_subject(matcher.event, subject):
                return matcher.event.id, BY_INVITATION_SUBJECT
        return None, ""

    def open_event(self, at: datetime) -> str | None:
        """The only event, else the next one still open for registration at `at`."""
        if len(self.matchers) == 1:
            return self.matchers[0].event.id
        upcoming = sorted((m.event for m in self.matchers if m.event.starts > at), key=lambda e: e.starts)
        open_now = [e for e in upcoming if e.registration_deadline >= at]
        chosen = open_now or upcoming
        return chosen[0].id if chosen else None

    def passed_over(self, at: datetime) -> list[str]:
        """The meetings still ahead at `at` whose registration has closed and that come before the
        one `open_event` gives, earliest first."""
        chosen = self.open_event(at)
        upcoming = sorted((m.event for m in self.matchers if m.event.starts > at), key=lambda e: e.starts)
        before = itertools.takewhile(lambda e: e.id != chosen, upcoming)
        return [e.id for e in before if e.registration_deadline < at]

    def next_event(self, at: datetime, skip: set[str]) -> str | None:
        """The first event starting after `at` that is not in `skip`."""
        upcoming = sorted((m.event for m in self.matchers if m.event.starts > at), key=lambda e: e.starts)
        return next((e.id for e in upcoming if e.id not in skip), None)

    def answered_invitation(self, mail: ParsedMail) -> str | None:
        """The event whose invitation this mail answers directly: in reply to the invitation itself,
        or a new mail under its subject (not a reply deeper in the thread, to someone's answer)."""
        subject = strip_subject(mail.subject).lower()
        for matcher in self.matchers:
            event = matcher.event
            if event.invitation_message_id and event.invitation_message_id in mail.in_reply_to:
                return event.id
            if _under_invitation_subject(event, subject) and not (mail.in_reply_to or mail.references):
                return event.id
        return None

    def day_span(self, event_id: str, text: str) -> tuple[int, int] | None:
        """Where "am 22." names the event's day without its month (read only for the meeting the
        mail is about: "die Zugangsdaten am 19." in June is not 19 November)."""
        for matcher in self.matchers:
            found = matcher.day.search(text) if matcher.event.id == event_id else None
            if found is not None:
                return found.span()
        return None

    def spans(self, text: str) -> dict[str, tuple[int, int]]:
        """Where in `text` each event is first named by its date or place."""
        lower = text.lower()
        found: dict[str, tuple[int, int]] = {}
        for matcher in self.matchers:
            hits = [
                m for m in (matcher.dates.search(lower), matcher.places and matcher.places.search(lower)) if m
            ]
            if hits:
                first = min(hits, key=lambda m: m.start())
                found[matcher.event.id] = first.span()
        return found

    def outside_span(self, event_ids: Iterable[str], text: str) -> bool:
        """Every one of these meetings falls outside the days an absence written in `text` spans:
        "bis zum 14. Juni verreist" ends before 22 June, "ab dem 25.6. im Urlaub" starts after it.
        False when the text gives no day of the span's start or end. "ab dem 29. Juni wieder im
        Büro" is the day back, not the start."""
        first, last = (0, 0), (13, 0)
        for m in _SPAN_EDGE.finditer(text):
            day = _day_month(m)
            until = m.group(1).lower() == "bis"
            if day is None or (not until and _BACK.match(text, m.end())):
                continue  # "ab dem 29. Juni wieder im Büro" is the day back ("bis … danach wieder" is not)
            if until:
                last = min(last, day)
            else:
                first = max(first, day)
        if (first, last) == ((0, 0), (13, 0)):
            return False
        wanted = set(event_ids)
        days = [(m.event.starts.month, m.event.starts.day) for m in self.matchers if m.event.id in wanted]
        return all(not first <= day <= last for day in days)

    def still_ahead(self, event_ids: Iterable[str], at: datetime) -> list[str]:
        """Of these events, the ones not yet begun at `at`, earliest first."""
        wanted = set(event_ids)
        ahead = [m.event for m in self.matchers if m.event.id in wanted and m.event.starts > at]
        return [e.id for e in sorted(ahead, key=lambda e: e.starts)]

    def upcoming(self, event_id: str, at: datetime) -> bool:
        return any(m.event.id == event_id and m.event.ends > at for m in self.matchers)


# The first or last day of an absence: "bis zum 14. Juni", "bis einschließlich 14.6.", "ab dem 25.06.",
# "vom 1. Juli".
_SPAN_EDGE = re.compile(
    r"\b(bis|ab|vom)\s+(?:zum\s+|dem\s+|einschließlich\s+|inkl\.?\s+)?(?:\w+,?\s+(?:den\s+)?)??"
    r"(\d{1,2})\.\s?(?:(\d{1,2})\.|(" + "|".join(MONTHS_DE) + r")\b)",
    re.IGNORECASE,
)


_BACK = re.compile(r"\s+(?:\w+\s+){0,4}?(?:wieder|zurück)\b", re.IGNORECASE)


def _day_month(match: re.Match[str]) -> tuple[int, int] | None:
    """(month, day) of a `_SPAN_EDGE` match, None for no date."""
    day = int(match.group(2))
    month = int(match.group(3)) if match.group(3) else MONTHS_DE.index(match.group(4).lower()) + 1
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return month, day


def _under_invitation_subject(event: Event, subject: str) -> bool:
    """The (stripped, lower-case) subject repeats the event's invitation subject."""
    invitation = event.invitation_subject
    if not invitation:
        return False
    return strip_subject(invitation).lower() in subject


def _month_words(day: datetime) -> tuple[str, str]:
    return MONTHS_DE[day.month - 1], MONTHS_EN[day.month - 1]


def _weekday_words(day: datetime) -> tuple[str, str]:
    return WEEKDAYS_DE[day.weekday()], WEEKDAYS_EN[day.weekday()]


@functools.cache
def _word_pattern(word: str) -> re.Pattern[str]:
    # not "seit Juni", "seit Freitag", "since Monday": a time past, not the meeting's
    since = "(?<!seit )(?<!since )(?<!seit anfang )(?<!seit mitte )(?<!seit ende )"
    return re.compile(rf"(?<![\wäöüß]){since}{re.escape(word)}(?![\wäöüß])")


def _has_word(text: str, *words: str | None) -> bool:
    return any(w and w in text and _word_pattern(w).search(text) for w in words)


_PREFIX = re.compile(r"^\s*((re|aw|wg|fw|fwd|antw|antwort|sv|vs|r|tr)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def strip_subject(subject: str) -> str:
    """The subject without Re:/AW:/WG:/Fwd: prefixes."""
    return _PREFIX.sub("", subject).strip()

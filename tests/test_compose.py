"""Every kind of mail, rendered and parsed back; templates that cannot be filled fail at start.

Pure: no mail server. The mails come from the real MailFactory over the example config.toml, in every
situation bot/samples.py knows (early, late, for a colleague, after the access data, ...).
"""

from __future__ import annotations

import email
import email.policy
import io
import shutil
import tomllib
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from bot import samples
from bot.cli import Env, main
from bot.commands.preview import preview_message, render_for_terminal
from bot.compose import (
    KINDS,
    LANGUAGES,
    Rendered,
    Templates,
    Threading,
    build_message,
    check_headers,
    clean_name,
    default_templates_dir,
    to_html,
)
from bot.config import Config, load_config, parse_config
from bot.errors import ConfigError
from bot.mails import MailFactory
from bot.models import Address, Intent, MachineKind, MachineVerdict
from bot.records import OutgoingMail

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "config.toml"
PASSCODE = "246810"
BERLIN = ZoneInfo("Europe/Berlin")
ZOOM = "2020-06-22-zoom"
CALENDAR_KINDS = {"confirmation", "cancellation", "moved_up", "access_data"}


def factory_for(config: Config, templates: Path | None = None) -> MailFactory:
    folder = templates or default_templates_dir(config.path)
    return MailFactory(config, Templates(folder), lambda _secret: PASSCODE)


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def factory(config: Config) -> MailFactory:
    return factory_for(config)


def parsed(mail: OutgoingMail) -> EmailMessage:
    msg = email.message_from_string(mail.raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def text_of(msg: EmailMessage, subtype: str = "plain") -> str:
    part = msg.get_body((subtype,))
    assert part is not None
    content = part.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


def calendars(msg: EmailMessage) -> list[icalendar.Calendar]:
    return [
        icalendar.Calendar.from_ical(part.get_content())
        for part in msg.iter_attachments()
        if part.get_content_type() == "text/calendar"
    ]


ALL = [(v, lang) for v in samples.VARIANTS for lang in LANGUAGES]


# ---- every kind, every situation ----------------------------------------------------------------


def test_every_kind_has_a_variant_and_a_template_in_both_languages() -> None:
    assert {v.kind for v in samples.VARIANTS} == set(KINDS)
    for kind in KINDS:
        for lang in LANGUAGES:
            assert (ROOT / "templates" / lang / f"{kind}.txt.j2").is_file()


@pytest.mark.parametrize(("variant", "lang"), ALL, ids=[f"{v.kind}-{v.label}-{lang}" for v, lang in ALL])
def test_each_mail_parses_back_with_clean_headers_parts_and_calendar(
    factory: MailFactory, config: Config, variant: samples.Variant, lang: str
) -> None:
    event = config.event(ZOOM)
    mail = variant.build(factory, event, lang)
    assert mail is not None
    assert mail.raw.isascii(), "7-bit clean: passes servers without 8BITMIME"
    msg = parsed(mail)

    assert msg["X-Anmeldebot-Kind"] == variant.kind
    assert msg["Message-ID"] == mail.message_id and mail.message_id.endswith("@b-b-e.de>")
    assert msg["From"].addresses[0].addr_spec == "info@b-b-e.de"
    assert [a.addr_spec for a in msg["To"].addresses] == [mail.to]
    assert msg["Content-Language"] == lang
    assert msg["Date"].datetime is not None
    scheduled = variant.kind in ("moved_up", "access_data", "reminder") or variant.label.startswith("von der")
    assert msg["Auto-Submitted"] == ("auto-generated" if scheduled else "auto-replied")
    assert msg["X-Auto-Response-Suppress"] == "All"

    text, html = text_of(msg), text_of(msg, "html")
    assert "None" not in text and "None" not in html
    assert text.startswith("Guten Tag " if lang == "de" else "Dear ")
    # Only the acknowledgement and the "no registration" status name no meeting.
    assert (event.in_language(lang).title in text) == (
        variant.kind != "review_ack" and variant.label != "keine Anmeldung"
    )
    assert ("Mit besten Grüßen" if lang == "de" else "Best regards") in text
    for part in msg.walk():
        if part.get_content_maintype() == "text" and part.get_content_subtype() in ("plain", "html"):
            assert part["Content-Transfer-Encoding"] == "quoted-printable"
            assert part.get_content_charset() == "utf-8"

    ics = calendars(msg)
    promised = variant.kind in CALENDAR_KINDS and variant.label != "war nicht angemeldet"
    assert len(ics) == (1 if promised else 0)
    for cal in ics:
        check_calendar(cal, mail)


def check_calendar(cal: icalendar.Calendar, mail: OutgoingMail) -> None:
    [vevent] = cal.walk("VEVENT")
    [tz] = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Berlin"
    assert vevent.decoded("dtstart") == datetime(2020, 6, 22, 9, 0, tzinfo=BERLIN)
    assert vevent["dtstart"].params["TZID"] == "Europe/Berlin"
    assert vevent.decoded("dtend") == datetime(2020, 6, 22, 12, 30, tzinfo=BERLIN)
    assert str(vevent["uid"]) == f"{ZOOM}.{mail.to.replace('@', '=')}@b-b-e.de"
    cancel = mail.kind == "cancellation"
    assert str(cal["method"]) == ("CANCEL" if cancel else "PUBLISH")
    assert str(vevent["status"]) == ("CANCELLED" if cancel else "CONFIRMED")
    # RFC 5546: PUBLISH carries no ATTENDEE (Outlook would offer to "respond" to info@ otherwise).
    assert ("attendee" in vevent) == cancel


@pytest.mark.parametrize("event_id", ["2020-09-04-goettingen", "2020-11-19-berlin"])
def test_events_in_a_room_get_no_access_data_and_no_online_promise(
    factory: MailFactory, config: Config, event_id: str
) -> None:
    event = config.event(event_id)
    assert samples.sample(factory, "access_data", event, "de") is None
    confirmation = samples.sample(factory, "confirmation", event, "de")
    assert confirmation is not None
    text = text_of(parsed(confirmation))
    assert "Zugangsdaten" not in text and "Kurz vor dem Treffen erinnern wir Sie" in text
    assert event.location in text


# ---- what the mails say -------------------------------------------------------------------------


def test_confirmation_says_when_what_next_and_how_to_cancel(factory: MailFactory, config: Config) -> None:
    mail = samples.sample(factory, "confirmation", config.event(ZOOM), "de")
    assert mail is not None
    text = text_of(parsed(mail))
    assert "  Montag, 22. Juni 2020, 9:00 bis 12:30 Uhr\n  Zoom-Konferenz" in text
    assert "Die Zugangsdaten zur Konferenz erhalten Sie spätestens am Freitag, 19. Juni, per E-Mail." in text
    assert "ab 8:45 Uhr" in text
    assert "mit „Abmeldung“" in text


def test_english_confirmation_uses_english_dates(factory: MailFactory, config: Config) -> None:
    mail = samples.sample(factory, "confirmation", config.event(ZOOM), "en")
    assert mail is not None
    text = text_of(parsed(mail))
    assert "Monday, 22 June 2020, 9:00 am to 12:30 pm" in text
    assert "by Friday, 19 June at the latest" in text and 'with "cancel"' in text
    # the event's English title and place from config, in the text and the calendar entry (the
    # subject is the member's own, "Re: …", in the thread)
    assert "4th meeting of the working group" in text and "  Zoom conference" in text
    assert "Arbeitstreffen" not in text
    event = calendars(parsed(mail))[0].walk("VEVENT")[0]
    assert str(event["SUMMARY"]).startswith("4th meeting of the working group")


def test_german_mail_keeps_the_german_title(factory: MailFactory, config: Config) -> None:
    mail = samples.sample(factory, "confirmation", config.event(ZOOM), "de")
    assert mail is not None
    assert "4. Arbeitstreffen der AG" in text_of(parsed(mail))
    assert str(calendars(parsed(mail))[0].walk("VEVENT")[0]["SUMMARY"]).startswith("4. Arbeitstreffen")


@pytest.mark.parametrize("kind", ["access_data", "reminder"])
def test_access_data_carry_every_value_of_config(factory: MailFactory, config: Config, kind: str) -> None:
    event = config.event(ZOOM)
    mail = samples.sample(factory, kind, event, "de")
    assert mail is not None and event.access is not None
    text = text_of(parsed(mail))
    access = event.access
    for value in (
        access.url,
        access.meeting_id,
        PASSCODE,
        access.phone,
        access.support_phone,
        access.requirements,
    ):
        assert value and value in text, value
    assert "ab 8:45 Uhr geöffnet" in text
    assert f'<a href="{access.url}">' in text_of(parsed(mail), "html")


def test_the_access_data_update_the_confirmations_calendar_entry(
    factory: MailFactory, config: Config
) -> None:
    event = config.event(ZOOM)
    reg = samples.registration(event, "de")
    early, access_at, last_minute = (
        samples.early(event),
        event.access_data_at,
        event.starts - timedelta(hours=1),
    )
    assert access_at is not None
    register = samples.reading(event, "de", early)
    cancel = samples.reading(event, "de", last_minute, intent=Intent.CANCEL)
    built = [
        factory.confirmation(register, event, samples.MEMBER, early),
        factory.access_data(event, reg, access_at),
        factory.cancellation(cancel, event, samples.MEMBER, last_minute, was_registered=True),
        # Registered again after cancelling: the new entry must win over the cancellation.
        factory.confirmation(register, event, samples.MEMBER, last_minute + timedelta(minutes=1)),
    ]
    entries = [calendars(parsed(m))[0].walk("VEVENT")[0] for m in built if m is not None]
    assert len({str(e["uid"]) for e in entries}) == 1
    sequences = [int(e.decoded("sequence")) for e in entries]
    assert len(entries) == 4 and sequences == sorted(sequences) and len(set(sequences)) == 4
    assert event.access is not None and str(entries[1]["url"]) == event.access.url
    assert str(entries[1]["location"]).startswith("https://zoom.us/")


def test_colleagues_get_their_own_confirmation_and_the_sender_the_list(
    factory: MailFactory, config: Config
) -> None:
    event = config.event(ZOOM)
    anna, bernd = samples.MEMBER, samples.COLLEAGUE
    reading = samples.reading(event, "de", samples.early(event), attendees=(bernd,))
    for_bernd = factory.confirmation(reading, event, bernd, samples.early(event))
    to_anna = factory.registered_others(reading, event, [bernd], samples.early(event))
    assert for_bernd is not None and to_anna is not None
    assert (for_bernd.to, to_anna.to) == (bernd.email, anna.email)
    bernd_msg = parsed(for_bernd)
    assert "Anna Beispiel hat Sie für das folgende Treffen angemeldet" in text_of(bernd_msg)
    assert bernd_msg["In-Reply-To"] is None, "Bernd never wrote: not a reply in a thread he lacks"
    anna_msg = parsed(to_anna)
    assert anna_msg["In-Reply-To"] == reading.mail.message_id
    assert "\n\n  - Bernd Muster (bernd.muster@stadt-wetzlar.de): angemeldet\n\n" in text_of(anna_msg)


# ---- threading and hygiene ----------------------------------------------------------------------


def test_a_reply_is_threaded_to_the_members_mail(factory: MailFactory, config: Config) -> None:
    event = config.event(ZOOM)
    reading = samples.reading(event, "de", samples.early(event))
    mail = factory.confirmation(reading, event, samples.MEMBER, samples.early(event))
    assert mail is not None
    msg = parsed(mail)
    member_id = reading.mail.message_id
    assert member_id is not None
    assert msg["In-Reply-To"] == member_id
    assert msg["References"].split() == [event.invitation_message_id, member_id]
    assert msg["Subject"] == "AW: " + (event.invitation_subject or "")


def hostile(name: str) -> str:
    rendered = Rendered("Betreff", "Guten Tag,\n\nText.\n", to_html("Guten Tag,\n\nText.\n"))
    return build_message(
        sender="BBE-Geschäftsstelle <info@b-b-e.de>",
        to_email="eve@example.org",
        to_name=name,
        rendered=rendered,
        message_id="<x@b-b-e.de>",
        date=datetime(2020, 6, 5, 10, tzinfo=BERLIN),
        kind="confirmation",
        auto_submitted="auto-replied",
    )


@pytest.mark.parametrize(
    "name",
    [
        "Eve\r\nBcc: x@evil.example",
        "Eve\nBcc: x@evil.example",
        "Eve\rBcc: x@evil.example",
        '"Eve"\r\n\r\nBcc: x@evil.example',
        "=?utf-8?q?Eve=0D=0ABcc=3A_x=40evil=2Eexample?=",
        "Eve\u2028Bcc: x@evil.example",
    ],
)
def test_a_display_name_cannot_add_a_header_or_a_recipient(name: str) -> None:
    raw = hostile(name)
    msg = email.message_from_string(raw, policy=email.policy.default)
    assert msg["Bcc"] is None and msg["Cc"] is None
    assert [a.addr_spec for a in msg["To"].addresses] == ["eve@example.org"]
    header_block = raw.split("\r\n\r\n", 1)[0]
    assert not any(line.lower().startswith("bcc") for line in header_block.split("\r\n"))
    assert "evil.example" not in str(msg["To"])


def test_names_are_cleaned_of_controls_links_and_addresses() -> None:
    assert clean_name("Anna\r\nBeispiel") == "Anna Beispiel"
    assert clean_name('"Anna" <Beispiel>') == "Anna Beispiel"
    assert clean_name("Anna https://phish.example/login") == "Anna"
    assert clean_name("Anna www.phish.example") == "Anna"
    assert clean_name("anna@stadt-wetzlar.de") == ""


def test_html_escapes_member_input_and_links_only_urls() -> None:
    html = to_html("Guten Tag <script>alert(1)</script> & Co,\n\n  Link: https://zoom.us/j/1.\n")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert '<a href="https://zoom.us/j/1">https://zoom.us/j/1</a>.' in html


def test_a_hostile_member_name_reaches_the_html_part_escaped(factory: MailFactory, config: Config) -> None:
    event = config.event(ZOOM)
    reading = samples.reading(event, "de", samples.early(event))
    person = Address("anna@stadt-wetzlar.de", "<img src=x onerror=alert(1)> Anna")
    mail = factory.confirmation(reading, event, person, samples.early(event))
    assert mail is not None
    html = text_of(parsed(mail), "html")
    assert "<img" not in html and "img src=x onerror=alert(1) Anna" in html


@pytest.mark.parametrize(
    "address", ["info@b-b-e.de", "noreply@stadt-wetzlar.de", "no-reply@x.de", "MAILER-DAEMON@x.de"]
)
def test_no_mail_to_our_own_or_unanswerable_addresses(
    factory: MailFactory, config: Config, address: str
) -> None:
    event = config.event(ZOOM)
    person = Address(address, "")
    reading = samples.reading(event, "de", samples.early(event), attendees=(person,), sender=person)
    assert factory.confirmation(reading, event, person, samples.early(event)) is None
    assert factory.review_ack(reading, samples.early(event)) is None
    assert factory.access_data(event, samples.registration(event, "de", person), event.starts) is None
    # Named as a colleague by a human sender: still no mail to that address.
    colleague = samples.reading(event, "de", samples.early(event), attendees=(samples.MEMBER, person))
    assert factory.confirmation(colleague, event, person, samples.early(event)) is None


@pytest.mark.parametrize(
    "kind", [MachineKind.AUTO_REPLY, MachineKind.BOUNCE, MachineKind.BULK, MachineKind.OWN]
)
def test_no_answer_to_a_machine_even_if_a_planner_asked_for_one(
    factory: MailFactory, config: Config, kind: MachineKind
) -> None:
    event = config.event(ZOOM)
    reading = samples.reading(event, "de", samples.early(event))
    reading.verdict = MachineVerdict(kind, no_reply=True)
    assert factory.confirmation(reading, event, samples.MEMBER, samples.early(event)) is None
    assert factory.review_ack(reading, samples.early(event)) is None
    # A colleague named in such a mail is not its sender: the rule is about answering machines.
    assert factory.confirmation(reading, event, samples.COLLEAGUE, samples.early(event)) is not None


def test_a_noreply_verdict_on_a_human_mail_is_honoured(factory: MailFactory, config: Config) -> None:
    event = config.event(ZOOM)
    reading = samples.reading(event, "de", samples.early(event), intent=Intent.QUESTION, attendees=())
    reading.verdict = MachineVerdict(MachineKind.HUMAN, no_reply=True)
    assert factory.review_ack(reading, samples.early(event)) is None


# ---- templates that cannot be filled fail when the bot starts -----------------------------------


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy of templates/ to break; returned as the folder beside a copy of the example config."""
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "config.toml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_template_asking_for_an_unknown_value_fails_at_the_check(broken: Path) -> None:
    template = broken / "templates" / "en" / "reminder.txt.j2"
    edit(template, "{{ event_block() }}", "{{ event_block() }}\nVenue: {{ event.venue }}")
    config = load_config(broken / "config.toml")
    with pytest.raises(ConfigError) as caught:
        samples.check_templates(factory_for(config, broken / "templates"))
    message = str(caught.value)
    line = template.read_text(encoding="utf-8").splitlines().index("Venue: {{ event.venue }}") + 1
    assert message.startswith(f"{template}: events.{ZOOM}: line {line}: ")
    assert "venue" in message and "language en" in message


def test_a_value_config_lacks_fails_at_the_check_instead_of_printing_none(broken: Path) -> None:
    edit(
        broken / "templates" / "de" / "access_data.txt.j2",
        "{{ access_notes() }}",
        "Hotline: {{ access.support_phone }}",
    )
    edit(broken / "config.toml", 'support_phone = "0176 24992118 (Dieter Schöffmann, AG-Sprecher)"\n', "")
    config = load_config(broken / "config.toml")
    with pytest.raises(ConfigError) as caught:
        samples.check_templates(factory_for(config, broken / "templates"))
    assert "access_data.txt.j2" in str(caught.value) and f"events.{ZOOM}" in str(caught.value)
    assert "empty in config" in str(caught.value)


def test_every_access_value_is_optional_for_the_templates_except_the_link(broken: Path) -> None:
    for key in ("meeting_id", "phone", "room_opens", "support_phone", "requirements", "passcode_env"):
        text = (broken / "config.toml").read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if not line.startswith(f"{key} =")]
        (broken / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = load_config(broken / "config.toml")
    assert samples.check_templates(factory_for(config)) == len(config.events) * 2 * len(samples.VARIANTS)


def test_promised_access_data_without_a_link_fail_at_the_check(config: Config) -> None:
    data = tomllib_data()
    del data["events"][0]["access"]
    bad = parse_config(EXAMPLE, data)
    with pytest.raises(ConfigError, match=rf"events\.{ZOOM}\.access\.url: missing: access_data_at promises"):
        samples.check_templates(factory_for(bad))
    del data["events"][0]["access_data_at"]
    with pytest.raises(ConfigError, match=r"location 'Zoom-Konferenz' is online"):
        samples.check_templates(factory_for(parse_config(EXAMPLE, data)))


def tomllib_data() -> dict[str, Any]:
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def run_command(config: Path, *argv: str, environ: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = (
        {"ANMELDEBOT_ZOOM_PASSCODE": PASSCODE, "ANMELDEBOT_IMAP_PASSWORD": "x"}
        if environ is None
        else environ
    )
    code = main([*argv, "--config", str(config)], Env(out, err, env))
    return code, out.getvalue(), err.getvalue()


def test_run_stops_at_start_with_exit_2_naming_the_template_and_event(broken: Path) -> None:
    template = broken / "templates" / "de" / "confirmation.txt.j2"
    edit(template, "{{ event_block() }}", "{{ event_block() }}\n{{ event.organiser }}")
    code, out, err = run_command(broken / "config.toml", "run", "--once", "--now", "2020-06-05T10:00")
    assert code == 2 and out == ""
    assert err.startswith(f"anmeldebot: {template}: events.{ZOOM}: line ")
    assert "organiser" in err and "Traceback" not in err


def test_run_stops_at_start_when_the_passcode_is_not_in_the_environment(broken: Path) -> None:
    code, _out, err = run_command(broken / "config.toml", "run", "--once", environ={})
    assert code == 2
    assert (
        err
        == f"anmeldebot: {broken / 'config.toml'}: events.{ZOOM}.access.passcode_env: environment variable ANMELDEBOT_ZOOM_PASSCODE is not set\n"
    )


# ---- preview ------------------------------------------------------------------------------------


def test_preview_renders_every_kind_for_every_event_of_the_example_config(
    factory: MailFactory, config: Config
) -> None:
    shown = 0
    for event in config.events:
        for kind in KINDS:
            for lang in LANGUAGES:
                message = preview_message(factory, kind, event, lang)
                if message is None:
                    assert kind == "access_data" and not event.online
                    continue
                text = render_for_terminal(message)
                assert text.startswith("From: BBE-Geschäftsstelle <info@b-b-e.de>\nTo: Anna Beispiel")
                shown += 1
    assert shown == len(config.events) * len(KINDS) * 2 - 4  # Göttingen and Berlin have no access data


@pytest.mark.parametrize("kind", KINDS)
def test_the_preview_command_shows_each_kind(kind: str) -> None:
    code, out, err = run_command(EXAMPLE, "preview", kind, "--event", ZOOM, "--lang", "en")
    assert (code, err) == (0, "")
    assert "\nContent-Language: en\n\nDear Anna Beispiel,\n" in out


def test_preview_prints_the_mail_and_writes_the_html_part(tmp_path: Path) -> None:
    html = tmp_path / "access.html"
    code, out, _err = run_command(EXAMPLE, "preview", "access_data", "--event", ZOOM, "--html", str(html))
    assert code == 0
    assert "Subject: Zugangsdaten: 4. Arbeitstreffen" in out and f"Kenncode: {PASSCODE}" in out
    assert "Anhang: 2020-06-22-zoom.ics (text/calendar" in out
    assert '<a href="https://zoom.us/j/93847561234">' in html.read_text(encoding="utf-8")


def test_preview_without_the_passcode_shows_a_placeholder_and_an_unknown_event_is_a_usage_error() -> None:
    code, out, _err = run_command(EXAMPLE, "preview", "access_data", "--event", ZOOM, environ={})
    assert code == 0 and "Kenncode: «ANMELDEBOT_ZOOM_PASSCODE»" in out
    code, _out, err = run_command(EXAMPLE, "preview", "confirmation", "--event", "nope")
    assert code == 2 and "unknown event 'nope'" in err


def test_a_subject_or_message_id_cannot_add_a_header_either() -> None:
    trick = "=?utf-8?q?Hallo=0D=0ABcc=3A_x=40evil=2Eexample?="
    rendered = Rendered("Betreff", "Text.\n", to_html("Text.\n"))
    raw = build_message(
        sender="info@b-b-e.de",
        to_email="eve@example.org",
        to_name="Eve",
        rendered=rendered,
        message_id="<x@b-b-e.de>",
        date=datetime(2020, 6, 5, 10, tzinfo=BERLIN),
        kind="confirmation",
        auto_submitted="auto-replied",
        threading=Threading(f"<a{trick}@x>", (f"<b{trick}@x>", "<ok@x>"), f"Re: {trick}"),
    )
    msg = email.message_from_string(raw, policy=email.policy.default)
    assert msg["Bcc"] is None
    assert msg["In-Reply-To"] is None and msg["References"] is None, "ids with tricks are left out"
    assert str(msg["Subject"]).startswith("AW: = ?utf-8?q?Hallo")


def test_a_header_block_with_a_header_we_did_not_write_is_refused() -> None:
    with pytest.raises(ValueError, match="injected headers"):
        check_headers("From: info@b-b-e.de\r\nTo: eve@example.org\r\nBcc: x@evil.example\r\n\r\nText\r\n")
    with pytest.raises(ValueError, match="injected headers"):
        check_headers("From: info@b-b-e.de\r\nTo: eve@example.org\r\nTo: x@evil.example\r\n\r\nText\r\n")


def test_html_keeps_the_texts_structure() -> None:
    html = to_html(
        "Guten Tag,\n\n  Titel\n  Montag\n\nAngemeldet:\n\n  - Anna <a@x.de>\n  - Bernd\n\n(Hinweis.)\n"
    )
    assert '<div style="' in html and "Titel<br>\nMontag</div>" in html
    assert "<ul><li>Anna &lt;a@x.de&gt;</li><li>Bernd</li></ul>" in html
    assert '<p style="font-size:13px;color:#666">(Hinweis.)</p>' in html

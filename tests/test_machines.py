"""bot.machines: one test per rule on tiny messages, and the 20 samples' machine verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.machines import RULES, OwnIdentity, detect
from bot.models import MachineKind, MachineVerdict
from bot.parse import parse

OWN = OwnIdentity.of("info@b-b-e.de")
SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"


def verdict(headers: str, body: str = "Hallo\n") -> MachineVerdict:
    return detect(parse((headers.strip("\n") + "\n\n" + body).encode()), OWN)


def fired(v: MachineVerdict) -> list[str]:
    return [r.split(":", 1)[0] for r in v.reasons]


HUMAN = "From: Anna <anna@x.de>\nTo: info@b-b-e.de\nSubject: Re: Einladung\n"


def test_rules_are_named_functions_in_one_tuple() -> None:
    names = [r.__name__ for r in RULES]
    assert len(names) == len(set(names))
    assert names[0] == "own_mail"


def test_plain_human_mail() -> None:
    v = verdict(HUMAN, "Ich bin dabei.\n")
    assert v == MachineVerdict(MachineKind.HUMAN)


# --- own mail ----------------------------------------------------------------------------------


def test_own_address_is_own() -> None:
    v = verdict("From: BBE <INFO@b-b-e.de>\nSubject: Einladung\n")
    assert v.kind is MachineKind.OWN and v.no_reply and fired(v) == ["own_mail"]


def test_own_marker_with_our_message_id_is_own() -> None:
    v = verdict("From: x@y.de\nMessage-ID: <r-1@b-b-e.de>\nX-Anmeldebot-Kind: confirmation\n")
    assert v.kind is MachineKind.OWN


def test_marker_with_foreign_message_id_is_not_own() -> None:
    assert verdict("From: x@y.de\nMessage-ID: <r-1@y.de>\nX-Anmeldebot-Kind: x\n").kind is MachineKind.HUMAN


def test_auto_reply_to_our_message_id_is_auto_reply_not_own() -> None:
    v = verdict(HUMAN + "In-Reply-To: <anmeldung-1@b-b-e.de>\nAuto-Submitted: auto-replied\n")
    assert v.kind is MachineKind.AUTO_REPLY


def test_own_identity_subdomain_message_ids() -> None:
    assert OWN.owns_message_id("<x@smtp-out.b-b-e.de>") and not OWN.owns_message_id("<x@notb-b-e.de>")


# --- bounces -----------------------------------------------------------------------------------

DSN_HEADERS = (
    "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    'Return-Path: <>\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n'
)


def dsn(action: str, status: str, recipient: str = "Final-Recipient: rfc822; anna@x.de") -> str:
    return (
        "--b\nContent-Type: text/plain\n\nreport\n--b\nContent-Type: message/delivery-status\n\n"
        f"Reporting-MTA: dns; mx\n\n{recipient}\nAction: {action}\nStatus: {status}\n\n"
        "--b\nContent-Type: text/rfc822-headers\n\nFrom: info@b-b-e.de\nTo: anna@x.de\n\n--b--\n"
    )


def test_dsn_failure() -> None:
    v = verdict(DSN_HEADERS, dsn("failed", "5.1.1"))
    assert v.kind is MachineKind.BOUNCE and v.no_reply
    assert [(f.recipient, f.status, f.permanent) for f in v.failures] == [("anna@x.de", "5.1.1", True)]
    assert v.reasons[0] == "delivery_status: Zustellfehler (DSN): anna@x.de 5.1.1"


def test_dsn_delay_is_temporary_bounce() -> None:
    v = verdict(DSN_HEADERS, dsn("delayed", "4.4.7"))
    assert v.kind is MachineKind.BOUNCE and not v.failures[0].permanent


def test_dsn_without_recipient_takes_the_originals_to() -> None:
    v = verdict(DSN_HEADERS, dsn("failed", "5.0.0", recipient="Final-Recipient: x400; ?"))
    assert [f.recipient for f in v.failures] == ["anna@x.de"]


def test_success_dsn_is_bulk() -> None:
    v = verdict(DSN_HEADERS, dsn("delivered", "2.0.0"))
    assert v.kind is MachineKind.BULK and fired(v) == ["success_dsn"]


def test_feedback_report_is_bulk() -> None:
    v = verdict(
        "From: staff@hotmail.com\nReturn-Path: <>\n"
        'Content-Type: multipart/report; report-type=feedback-report; boundary="b"\n',
        "--b\nContent-Type: text/plain\n\nabuse report\n--b\nContent-Type: message/feedback-report\n\n"
        "Feedback-Type: abuse\n\n--b--\n",
    )
    assert v.kind is MachineKind.BULK and fired(v) == ["feedback_report"]


def test_ses_json_bounce() -> None:
    body = (
        '{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bouncedRecipients":'
        '[{"emailAddress":"Anna@x.de","status":"5.1.1"}]}}'
    )
    v = verdict("From: no-reply@sns.amazonaws.com\nSubject: AWS Notification Message\n", body)
    assert v.kind is MachineKind.BOUNCE and v.failures[0].recipient == "anna@x.de"


def test_x_failed_recipients() -> None:
    v = verdict("From: someone@mx.de\nSubject: Problem\nX-Failed-Recipients: Anna@x.de\n", "Fehler\n")
    assert v.kind is MachineKind.BOUNCE and [f.recipient for f in v.failures] == ["anna@x.de"]


def test_exchange_ndr_german() -> None:
    v = verdict(
        "From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@amt.de>\n"
        "Subject: Unzustellbar: Einladung\nX-MS-Exchange-Message-Is-Ndr:\n",
        "Die Zustellung an folgende Empfänger oder Gruppen ist fehlgeschlagen:\n\n"
        "Büro (buero@amt.de)\nDas Postfach ist voll.\n",
    )
    assert v.kind is MachineKind.BOUNCE and "exchange_ndr" in fired(v)
    assert [f.recipient for f in v.failures] == ["buero@amt.de"]


def test_postfix_free_text_bounce() -> None:
    v = verdict(
        "From: MAILER-DAEMON@mx.de (Mail Delivery System)\nSubject: Undelivered Mail Returned to Sender\n",
        "I'm sorry to have to inform you that your message could not\nbe delivered.\n\n"
        "<anna@x.de>: host mx.x.de[1.2.3.4] said: 550 5.1.1 user unknown (in reply to RCPT TO)\n\n"
        "--- Below this line is a copy of the message.\n\nFrom: info@b-b-e.de\nTo: anna@x.de\n",
    )
    assert v.kind is MachineKind.BOUNCE and fired(v)[:2] == ["bounce_subject", "mta_sender"]
    assert [(f.recipient, f.permanent) for f in v.failures] == [("anna@x.de", True)]


def test_exim_bounce() -> None:
    v = verdict(
        "From: Mail Delivery System <Mailer-Daemon@mx.web.de>\n"
        "Subject: Mail delivery failed: returning message to sender\n",
        "This message was created automatically by mail delivery software.\n\n"
        "A message that you sent could not be delivered to one or more of its\nrecipients. "
        "This is a permanent error. The following address(es) failed:\n\n"
        "  anna@x.de\n    SMTP error from remote mail server after RCPT TO:<anna@x.de>:\n    550 unknown\n",
    )
    assert [f.recipient for f in v.failures] == ["anna@x.de"]


def test_sendmail_expanded_from_gives_the_address_we_sent_to() -> None:
    v = verdict(
        "From: Mail Delivery Subsystem <MAILER-DAEMON@x.de>\nSubject: Returned mail: User unknown\n",
        "   ----- The following addresses had permanent fatal errors -----\n"
        "anna17@mbox.x.de\n    (expanded from: anna@x.de)\n",
    )
    assert [f.recipient for f in v.failures] == ["anna@x.de"]


def test_warning_subject_is_temporary() -> None:
    v = verdict(
        "From: MAILER-DAEMON@x.de\nSubject: Warning: could not send message for past 4 hours\n",
        "The following message to <anna@x.de> was undeliverable.\nWill keep trying.\n",
    )
    assert v.kind is MachineKind.BOUNCE
    assert [(f.recipient, f.permanent) for f in v.failures] == [("anna@x.de", False)]


def test_null_sender_with_failure_text() -> None:
    v = verdict(
        'From: "Jetmail System" <>\nSubject: Mail Error\n', "Your mail cannot be delivered to anna@x.de\n"
    )
    assert v.kind is MachineKind.BOUNCE and "null_sender_failure_text" in fired(v)


def test_failure_statement_from_an_ordinary_mailbox() -> None:
    v = verdict(
        "From: gw@bank.fr\nSubject: RE: Einladung\n", "Your message could not be delivered to\nanna@x.de\n"
    )
    assert v.kind is MachineKind.BOUNCE and v.failures[0].recipient == "anna@x.de"


def test_bounce_never_names_mailer_daemon_or_us() -> None:
    v = verdict(
        "From: MAILER-DAEMON@x.de\nSubject: failure notice\n",
        "Hi. This is the qmail-send program.\n\n"
        "<postmaster@x.de>:\n<info@b-b-e.de>:\n<anna@x.de>:\nuser unknown\n",
    )
    assert [f.recipient for f in v.failures] == ["anna@x.de"]


def test_reply_quoting_a_bounce_is_human() -> None:
    v = verdict(
        "From: Anna <anna@x.de>\nSubject: AW: Unzustellbar: Einladung\n",
        "Meine Kollegin hat eine neue Adresse.\n\n"
        "> Die Zustellung ist fehlgeschlagen.\n> 550 5.1.1 user unknown\n",
    )
    assert v.kind is MachineKind.HUMAN


# --- auto replies ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["auto-replied", "auto-generated", "auto-notified"])
def test_auto_submitted(value: str) -> None:
    v = verdict(HUMAN + f"Auto-Submitted: {value}\n")
    assert v.kind is MachineKind.AUTO_REPLY and fired(v) == ["auto_submitted"] and v.no_reply


def test_auto_submitted_no_is_human() -> None:
    assert verdict(HUMAN + "Auto-Submitted: no\n").kind is MachineKind.HUMAN


@pytest.mark.parametrize(
    "header", ["X-Autoreply: yes", "X-Autorespond: 1", "X-Autogenerated: Reply", "X-Apple-Action: VACATION"]
)
def test_autoreply_headers(header: str) -> None:
    assert verdict(HUMAN + header + "\n").kind is MachineKind.AUTO_REPLY


@pytest.mark.parametrize(
    "subject",
    [
        "Abwesenheitsnotiz: Einladung",
        "Automatische Antwort: Einladung",
        "Autoreply: Einladung",
        "Auto-Reply: Einladung",
        "Out of Office: Einladung",
        "Abwesend: Einladung",
        "Urlaub: Einladung",
        "Automatic reply: Einladung",
        "Ich bin nicht im Büro",
        "[EXTERN] Automatische Antwort: Einladung",
        "Ingrid Pohl ist außer Haus.",  # Lotus Notes, no other marker
        "Eingangsbestätigung: Zugangsdaten",
        "Urlaub bis 14.08.2020",
        "Eingangsbestätigung Ihrer Nachricht",
    ],
)
def test_auto_reply_subjects(subject: str) -> None:
    v = verdict(f"From: anna@x.de\nSubject: {subject}\n")
    assert v.kind is MachineKind.AUTO_REPLY and "auto_subject" in fired(v)


def test_an_acknowledgement_that_says_a_machine_wrote_it() -> None:
    body = (
        "vielen Dank für Ihre E-Mail. Ihre Nachricht ist bei uns eingegangen und wird weitergeleitet.\n"
        "Diese Nachricht wurde automatisch erstellt. Bitte antworten Sie nicht auf diese E-Mail.\n"
    )
    v = verdict("From: Stadt <ehrenamt@stadt.example>\nSubject: Ihre Nachricht\n", body)
    assert v.kind is MachineKind.AUTO_REPLY, v.reasons


def test_subject_containing_anmeldung_stays_human() -> None:
    assert (
        verdict("From: anna@x.de\nSubject: Anmeldung zum AG-Treffen\n", "Ich melde mich an.\n").kind
        is MachineKind.HUMAN
    )


def test_reply_to_an_out_of_office_subject_stays_human() -> None:
    assert verdict("From: anna@x.de\nSubject: AW: Abwesenheitsnotiz: Einladung\n").kind is MachineKind.HUMAN


def test_ticket_acknowledgement() -> None:
    v = verdict(
        "From: kontakt@verein.de\nSubject: [Ticket#31045] Eingangsbestätigung\n"
        "X-Zammad-Ticket-Number: 31045\n",
        "Ihre Nachricht ist eingegangen. Wir melden uns.\n",
    )
    assert v.kind is MachineKind.AUTO_REPLY and "ticket_acknowledgement" in fired(v)


def test_ticket_header_alone_is_weak() -> None:
    v = verdict(HUMAN + "X-OTRS-Loop: false\n", "Ja, ich komme.\n")
    assert v.kind is MachineKind.HUMAN


def test_x_auto_response_suppress_alone_is_human() -> None:
    assert verdict(HUMAN + "X-Auto-Response-Suppress: All\n", "Ich komme.\n").kind is MachineKind.HUMAN


def test_x_auto_response_suppress_supports_another_signal() -> None:
    v = verdict(HUMAN + "X-Auto-Response-Suppress: All\nAuto-Submitted: auto-generated\n")
    assert fired(v) == ["auto_submitted", "auto_response_suppress"]


def test_inbox_rules_loop_with_auto_subject() -> None:
    v = verdict("From: a@x.de\nSubject: Automatic reply: x\nX-MS-Exchange-Inbox-Rules-Loop: a@x.de\n")
    assert v.kind is MachineKind.AUTO_REPLY and "exchange_rules_loop" in fired(v)


def test_inbox_rules_loop_alone_is_human() -> None:
    assert verdict(HUMAN + "X-MS-Exchange-Inbox-Rules-Loop: a@x.de\n").kind is MachineKind.HUMAN


def test_null_return_path_alone_is_machine() -> None:
    v = verdict(HUMAN + "Return-Path: <>\n")
    assert v.kind is MachineKind.AUTO_REPLY and fired(v) == ["null_return_path"]


@pytest.mark.parametrize(
    "headers",
    [
        "From: Netzwerk <newsletter@netzwerk.de>\nSubject: Newsletter Juli\nReturn-Path: <>\n"
        "List-Unsubscribe: <https://netzwerk.de/abmelden>\n",
        "From: DHL Paket <noreply@dhl-info.com>\nSubject: Ihre Sendung wartet\nReturn-Path: <>\n",
    ],
)
def test_a_mass_mailing_with_an_empty_envelope_sender_answers_nothing(headers: str) -> None:
    v = verdict(headers)
    assert v.kind is MachineKind.BULK and v.no_reply, v.reasons


def test_a_vacation_text_signed_as_an_automatic_answer() -> None:
    v = verdict(HUMAN, "Liebe Absender,\n\nich bin vom 6. bis 20. Juni auf Reha.\n\n(automatische Antwort)\n")
    assert v.kind is MachineKind.AUTO_REPLY


def test_a_vacation_text_sent_as_bulk_mail_is_an_auto_reply() -> None:
    v = verdict(
        HUMAN + "Precedence: bulk\n",
        "ich bin bis zum 15. Juni unterwegs und lese meine Mails nur sporadisch.\n",
    )
    assert v.kind is MachineKind.AUTO_REPLY


def test_a_noreply_receipt_with_an_empty_envelope_sender_is_an_auto_reply() -> None:
    v = verdict(
        "From: noreply@stadt.de\nSubject: Ihr Anliegen\nReturn-Path: <>\n",
        "Ihre Nachricht ist bei uns eingegangen und wird bearbeitet.\n",
    )
    assert v.kind is MachineKind.AUTO_REPLY


def test_an_answer_with_an_empty_envelope_sender_from_noreply_stays_an_auto_reply() -> None:
    v = verdict("From: noreply@x.de\nSubject: Re: Einladung\nReturn-Path: <>\n")
    assert v.kind is MachineKind.AUTO_REPLY


def test_precedence_bulk_with_out_of_office_text_is_auto_reply() -> None:
    v = verdict(HUMAN + "Precedence: bulk\n", "Ich bin bis 15.6. nicht im Büro.\n")
    assert v.kind is MachineKind.AUTO_REPLY


def test_precedence_bulk_alone_is_bulk() -> None:
    assert verdict(HUMAN + "Precedence: bulk\n", "Newsletter Juni\n").kind is MachineKind.BULK


def test_precedence_auto_reply() -> None:
    assert verdict(HUMAN + "Precedence: auto_reply\n").kind is MachineKind.AUTO_REPLY


def test_out_of_office_text_alone_stays_human() -> None:
    v = verdict(HUMAN, "Am 22.6. bin ich leider im Urlaub und nicht im Büro, ich sage ab.\n")
    assert v.kind is MachineKind.HUMAN


def test_quoted_out_of_office_stays_human() -> None:
    v = verdict(HUMAN, "Ich komme.\n\n> Ich bin nicht im Büro.\n> Automatische Antwort\n")
    assert v.kind is MachineKind.HUMAN


# --- bulk --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", ["List-Id: <ag.lists.x.de>", "List-Unsubscribe: <mailto:u@x.de>", "Precedence: list"]
)
def test_lists_are_bulk(header: str) -> None:
    v = verdict(HUMAN + header + "\n")
    assert v.kind is MachineKind.BULK and v.no_reply


def test_list_with_auto_submitted_is_auto_reply() -> None:
    assert verdict(HUMAN + "List-Id: <l.x.de>\nAuto-Submitted: auto-replied\n").kind is MachineKind.AUTO_REPLY


@pytest.mark.parametrize(
    "sender", ["noreply@portal.de", "no-reply@x.de", "donotreply@x.de", "do-not-reply@x.de"]
)
def test_noreply_sender(sender: str) -> None:
    v = verdict(f"From: {sender}\nSubject: Ihre Buchung\n")
    assert v.kind is MachineKind.BULK and v.no_reply


# --- the 20 samples ----------------------------------------------------------------------------

EXPECTED = {
    "auto_reply": MachineKind.AUTO_REPLY,
    "bounce": MachineKind.BOUNCE,
}


def _labels() -> dict[str, dict[str, object]]:
    path = SAMPLES / "labels.json"
    if not path.is_file():
        pytest.skip(f"shared samples not found at {SAMPLES}")
    labels: dict[str, dict[str, object]] = json.loads(path.read_text())
    return labels


@pytest.mark.parametrize("name", [f"{i:03d}.eml" for i in range(1, 21)])
def test_sample_verdicts(name: str) -> None:
    label = _labels()[name]
    v = detect(parse((SAMPLES / "replies" / name).read_bytes()), OWN)
    assert v.kind is EXPECTED.get(str(label["intent"]), MachineKind.HUMAN), v.reasons
    assert v.no_reply == (v.kind is not MachineKind.HUMAN)


def test_sample_bounce_addresses() -> None:
    _labels()
    for name, address, status in (
        ("007.eml", "h.schuster@t-online.de", "5.0.0"),
        ("018.eml", "buero.bm@schwielowsee.de", "5.2.2"),
    ):
        v = detect(parse((SAMPLES / "replies" / name).read_bytes()), OWN)
        assert [(f.recipient, f.status, f.permanent) for f in v.failures] == [(address, status, True)]


def test_a_parcel_that_could_not_be_delivered_is_no_bounce() -> None:
    raw = (
        b"Return-Path: <bounce-x@mta7.example.ru>\nFrom: DHL Paket <noreply@dhl-sendungsverfolgung.info>\n"
        b"To: info@b-b-e.de\nSubject: Ihre Sendung konnte nicht zugestellt werden\n"
        b"Message-ID: <p1@x.info>\nContent-Type: text/plain; charset=utf-8\n\n"
        + "Ihr Paket konnte nicht zugestellt werden. Bitte bestätigen Sie Ihre Sendungsnummer.\n".encode()
    )
    assert detect(parse(raw), OWN).kind is not MachineKind.BOUNCE


def test_a_list_moderation_notice_is_an_automatic_reply_a_list_post_is_bulk() -> None:
    notice = (
        "From: ehrenamt-netz-owner@lists.example.de\nTo: info@b-b-e.de\nPrecedence: bulk\n"
        "List-Id: <ehrenamt-netz.lists.example.de>\n"
        "Subject: Ihre Nachricht an Ehrenamt-Netz wartet auf Freigabe durch den Moderator\n"
    )
    v = verdict(notice, "Ihre Mail wurde zurückgehalten, bis der Moderator sie freigegeben hat.\n")
    assert v.kind is MachineKind.AUTO_REPLY and fired(v)[0] == "list_moderation_notice"
    post = "From: ehrenamt-netz@lists.example.de\nTo: info@b-b-e.de\nPrecedence: bulk\nList-Id: <e.lists.example.de>\nSubject: Rundbrief\n"
    assert verdict(post, "Liebe Listenmitglieder, hier der Rundbrief.\n").kind is MachineKind.BULK


def test_out_of_office_words_inside_compounds() -> None:
    v = verdict(
        HUMAN + "Precedence: bulk\n", "Aufgrund von Urlaubsabwesenheit lese ich Ihre Mail erst ab 29.6.\n"
    )
    assert v.kind is MachineKind.AUTO_REPLY


def test_a_parcel_notice_with_a_failure_subject_is_no_bounce() -> None:
    v = verdict(
        "From: DHL Paket <noreply@dhl-zustellung-info.com>\nTo: info@b-b-e.de\n"
        "Subject: Ihre Sendung JJD00024901840271 – Zustellung fehlgeschlagen\n",
        "Ihr Paket konnte nicht zugestellt werden. Bitte bestätigen Sie Ihre Zustelladresse.\n",
    )
    assert v.kind is not MachineKind.BOUNCE

"""The staff commands through `main(argv, env)` against the local mail server, and each once as a
real subprocess: status, check, export, add, cancel, review, resolve, resend, purge.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.lock import worker_lock
from devmail.server import MailServer
from tests.botenv import BotEnv
from tests.mailmaker import make

pytestmark = pytest.mark.mailserver

ZOOM = "2020-06-22-zoom"
GOE = "2020-09-04-goettingen"
JUNE = "2020-06-05T10:00"


@pytest.fixture
def bot(mailserver: MailServer, mail_users: Callable[[str], str], tmp_path: Path) -> BotEnv:
    return BotEnv(mailserver, mail_users("info"), tmp_path)


def ok(bot: BotEnv, *argv: str, now: str = JUNE) -> str:
    code, out, err = bot.run(*argv, "--now", now)
    assert code == 0, err
    return out


def usage_error(bot: BotEnv, *argv: str) -> str:
    code, out, err = bot.run(*argv, "--now", JUNE)
    assert code == 2, (out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    return err


def kinds(bot: BotEnv, address: str) -> list[str]:
    return [str(m["X-Anmeldebot-Kind"]) for m in bot.mails(address)]


def people(bot: BotEnv, event: str = ZOOM) -> list[tuple[str, str]]:
    out = ok(bot, "attendees", "--event", event, "--format", "json", "--all")
    return [(r["email"], r["status"]) for r in json.loads(out)]


def test_add_and_cancel_by_hand(bot: BotEnv, mail_users: Callable[[str], str]) -> None:
    anna, bernd = mail_users("anna"), mail_users("bernd")
    out = ok(
        bot, "add", anna, "--event", ZOOM, "--name", "Anna Ähnlich", "--reason", "am Telefon", "--notify"
    )
    assert "angemeldet für 2020-06-22-zoom (am Telefon)" in out and "1 Mail(s) gesendet" in out
    assert kinds(bot, anna) == ["confirmation"]
    [mail] = bot.mails(anna)
    assert mail["In-Reply-To"] is None and "Anna Ähnlich" in str(mail["To"])

    out = ok(bot, "add", anna, "--event", ZOOM, "--reason", "doppelt", "--notify")
    assert "schon angemeldet" in out and kinds(bot, anna) == ["confirmation"]

    ok(bot, "add", bernd, "--event", ZOOM, "--reason", "Liste vom Vorstand")  # no --notify: no mail
    assert kinds(bot, bernd) == []
    out = ok(bot, "cancel", anna, "--event", ZOOM, "--reason", "krank", "--notify")
    assert kinds(bot, anna) == ["confirmation", "cancellation"]
    assert people(bot) == [(anna, "cancelled"), (bernd, "registered")]
    history = json.loads(ok(bot, "export", "--event", ZOOM, "--format", "json", "--all"))[0]["history"]
    assert [h["source"] for h in history] == ["Geschäftsstelle: am Telefon", "Geschäftsstelle: krank"]

    assert "nicht bekannt" in usage_error(
        bot, "cancel", mail_users("carla"), "--event", ZOOM, "--reason", "x"
    )
    assert "unknown event" in usage_error(bot, "add", anna, "--event", "2021-01-01-nix", "--reason", "x")
    assert "keine gültige Mail-Adresse" in usage_error(
        bot, "add", "anna at x", "--event", ZOOM, "--reason", "x"
    )
    assert "--reason" in usage_error(bot, "add", anna, "--event", ZOOM, "--reason", "  ")


def test_cancel_frees_a_seat_for_the_waiting_list(bot: BotEnv, mail_users: Callable[[str], str]) -> None:
    bot.write_config(**{"capacity = 30": "capacity = 1"})
    first, second = mail_users("erste"), mail_users("zweite")
    bot.deliver(
        make(
            "Ich melde mich an.",
            sender=first,
            message_id="<g1@x.test>",
            subject="Re: 3. Quartal",
            quote=False,
        ),
        make(
            "Ich melde mich an.",
            sender=second,
            message_id="<g2@x.test>",
            subject="Re: 3. Quartal",
            quote=False,
        ),
    )
    bot.cycle(JUNE)
    assert people(bot, GOE) == [(first, "registered"), (second, "waitlisted")]
    ok(bot, "cancel", first, "--event", GOE, "--reason", "hat abgesagt")
    assert people(bot, GOE) == [(first, "cancelled"), (second, "registered")]
    assert kinds(bot, second) == ["waitlisted", "moved_up"]


def test_resend_only_to_registered_addresses(bot: BotEnv, mail_users: Callable[[str], str]) -> None:
    anna, bernd, stranger = mail_users("anna"), mail_users("bernd"), mail_users("fremd")
    for who in (anna, bernd):
        ok(bot, "add", who, "--event", ZOOM, "--reason", "Test")
    after = "2020-06-20T10:00"  # the access data went out on 19 June
    out = ok(bot, "resend", "access_data", "--event", ZOOM, "--to", anna, now=after)
    assert "1 Mail(s) gesendet" in out and kinds(bot, anna) == ["access_data"]
    assert "246810" in str(bot.mails(anna)[0].get_body(("plain",)).get_content())  # type: ignore[union-attr]
    ok(bot, "resend", "access_data", "--event", ZOOM, "--to", anna, now="2020-06-21T08:00")
    assert kinds(bot, anna) == ["access_data", "access_data"]  # a fresh purpose: it really goes again

    ok(bot, "resend", "confirmation", "--event", ZOOM, now=after)
    assert kinds(bot, anna)[-1] == "confirmation" and kinds(bot, bernd) == ["confirmation"]

    assert "nicht angemeldet" in usage_error(bot, "resend", "access_data", "--event", ZOOM, "--to", stranger)
    assert kinds(bot, stranger) == []
    assert "keine Zugangsdaten" in usage_error(bot, "resend", "access_data", "--event", GOE)
    assert "invalid choice" in usage_error(bot, "resend", "everything", "--event", ZOOM)


def test_a_running_worker_sends_what_a_command_queued(bot: BotEnv, mail_users: Callable[[str], str]) -> None:
    anna = mail_users("anna")
    with worker_lock(bot.store_path):  # as if `anmeldebot run` were running
        out = ok(bot, "add", anna, "--event", ZOOM, "--reason", "Test", "--notify")
    assert "Der laufende Worker sendet 1 Mail(s)" in out and kinds(bot, anna) == []
    assert "1 Mail(s) gesendet" in bot.cycle(JUNE)
    assert kinds(bot, anna) == ["confirmation"]


def test_review_and_resolve(bot: BotEnv, mail_users: Callable[[str], str]) -> None:
    emil, ida = mail_users("emil"), mail_users("ida")
    bot.deliver(
        make("Gibt es eine Aufzeichnung?", sender=f"Emil Eichhorn <{emil}>", message_id="<r1@x.test>"),
        make("Vielleicht kann ich teilnehmen, das entscheidet sich erst nächste Woche.", sender=ida, message_id="<r2@x.test>"),
    )  # fmt: skip
    bot.cycle(JUNE)
    table = ok(bot, "review")
    items = json.loads(ok(bot, "review", "--json"))
    assert [i["sender"] for i in items] == [emil, ida]
    for item in items:
        assert item["id"] in table and item["folder"] == "Anmeldebot/Prüfen"
    assert "Gibt es eine Aufzeichnung?" in items[0]["excerpt"] and "Emil Eichhorn" in table

    assert "keine Mail mit der ID" in usage_error(bot, "resolve", "deadbeef", "--as", "ignore")
    assert items[1]["event"] is None  # the bot could not tell: staff must name the event
    assert "--event" in usage_error(bot, "resolve", items[1]["id"], "--as", "register")
    assert "invalid choice" in usage_error(bot, "resolve", items[1]["id"], "--as", "maybe")
    ok(bot, "resolve", items[1]["id"], "--as", "register", "--event", ZOOM)
    assert kinds(bot, ida) == ["review_ack", "confirmation"]
    assert bot.mails(ida)[1]["In-Reply-To"] == "<r2@x.test>"
    ok(bot, "resolve", items[0]["id"], "--as", "cancel", "--event", ZOOM)  # "I can't come after all"
    assert kinds(bot, emil) == ["review_ack", "cancellation"]
    assert bot.mails(emil)[1]["In-Reply-To"] == "<r1@x.test>"
    assert sorted(people(bot)) == sorted([(ida, "registered"), (emil, "cancelled")])
    assert "Keine Mail wartet" in ok(bot, "review")
    code, _out, err = bot.run("resolve", items[1]["id"], "--as", "register", "--event", ZOOM)
    assert code == 1 and "schon erledigt" in err
    assert kinds(bot, ida) == ["review_ack", "confirmation"]


def test_export_csv_xlsx_json(bot: BotEnv, mail_users: Callable[[str], str], tmp_path: Path) -> None:
    joerg, evil = mail_users("joerg"), mail_users("evil")
    ok(
        bot,
        "add",
        joerg,
        "--event",
        ZOOM,
        "--name",
        "Jörg Weiß-Müller",
        "--organisation",
        "Straßenverein",
        "--reason",
        "x",
    )
    ok(
        bot,
        "add",
        evil,
        "--event",
        ZOOM,
        "--name",
        '=HYPERLINK("http://x")',
        "--reason",
        "x",
        now="2020-06-06T10:00",
    )
    text = ok(bot, "export", "--event", ZOOM, "--format", "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.encode("utf-8").decode("utf-8-sig")), delimiter=";"))
    assert [(r["Name"], r["Organisation"], r["E-Mail"], r["Status"]) for r in rows] == [
        ("Jörg Weiß-Müller", "Straßenverein", joerg, "angemeldet"),
        ('\'=HYPERLINK("http://x")', "", evil, "angemeldet"),  # text, never a formula
    ]
    path = tmp_path / "liste.csv"
    ok(bot, "export", "--event", ZOOM, "--format", "csv", "--output", str(path))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") and "Jörg Weiß-Müller" in path.read_text("utf-8-sig")

    xlsx = tmp_path / "liste.xlsx"
    ok(bot, "export", "--event", ZOOM, "--format", "xlsx", "--output", str(xlsx))
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    assert sheet["A3"].value == "Jörg Weiß-Müller" and sheet["C3"].value == joerg
    assert sheet["A4"].value == '=HYPERLINK("http://x")' and sheet["A4"].data_type == "s"
    assert "--output" in usage_error(bot, "export", "--event", ZOOM, "--format", "xlsx")

    rows = json.loads(ok(bot, "export", "--event", ZOOM, "--format", "json"))
    assert [r["organisation"] for r in rows] == ["Straßenverein", ""]
    _libreoffice_reads(path, tmp_path)


def _libreoffice_reads(csv_path: Path, tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed: the CSV was checked by reading it back only")
    subprocess.run(
        [office, "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--infilter=CSV:59,34,76",
         "--outdir", str(tmp_path / "lo"), str(csv_path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    sheet = load_workbook(tmp_path / "lo" / "liste.xlsx").active
    assert sheet is not None and sheet["A2"].value == "Jörg Weiß-Müller"


def test_status_and_check(bot: BotEnv, mail_users: Callable[[str], str]) -> None:
    ok(bot, "add", mail_users("anna"), "--event", ZOOM, "--reason", "x")
    out = ok(bot, "status")
    for text in (
        "Worker läuft nicht",
        "2020-06-22-zoom",
        "Aufgaben",
        "Zugangsdaten an die 1 Angemeldeten",
        "0 von 30",
    ):
        assert text in out, text

    with worker_lock(bot.store_path):
        assert f"Worker läuft (pid {os.getpid()})" in ok(bot, "status")
    assert "Worker läuft nicht" in ok(bot, "status")  # the pid stays in the file; the lock is gone

    out = ok(bot, "check")
    assert out.count("✓") == 5 and "✗" not in out and "Alles in Ordnung." in out
    password = bot.environ["ANMELDEBOT_IMAP_PASSWORD"]
    assert password not in out

    bot.environ["ANMELDEBOT_IMAP_PASSWORD"] = "falsch-" + password
    code, out, _err = bot.run("check")
    assert code == 1 and "✗ IMAP-Anmeldung als" in out and "falsch-" not in out
    bot.environ["ANMELDEBOT_IMAP_PASSWORD"] = password
    bot.write_config(**{f"port = {bot.server.info.smtp_port}": "port = 1"})
    code, out, _err = bot.run("check")
    assert code == 1 and "✗ SMTP 127.0.0.1:1 (ohne Verschlüsselung): keine Verbindung" in out
    assert "✓ IMAP-Anmeldung" in out and "1 Prüfung(en) fehlgeschlagen." in out


def test_purge_removes_exactly_the_expired_personal_data(
    bot: BotEnv, mail_users: Callable[[str], str]
) -> None:
    zoom_people = [mail_users("anna"), mail_users("bernd")]
    kurt = mail_users("kurt")
    bot.deliver(
        make("Ich melde mich an.", sender=f"Anna Ähnlich <{zoom_people[0]}>", message_id="<p1@mail.test>")
    )
    bot.cycle(JUNE)
    ok(bot, "add", zoom_people[1], "--event", ZOOM, "--name", "Bernd Bärwald", "--reason", "x", "--notify")
    ok(bot, "add", kurt, "--event", GOE, "--name", "Kurt Kühn", "--reason", "x")

    dry = ok(bot, "purge", "--dry-run", now="2020-09-21T12:00")
    assert "Würde löschen" in dry and "2020-06-22-zoom: 2 Anmeldung(en), 1 Nachricht(en), 2 Mail(s)" in dry
    before = bot.store_path.read_text("utf-8")
    assert all(a in before for a in zoom_people)
    assert "Nichts zu löschen" in ok(bot, "purge", now="2020-09-20T12:00")  # 90 days not yet over
    out = ok(bot, "purge", now="2020-09-21T12:00")
    assert out.startswith("Gelöscht") and "2020-06-22-zoom: 2 Anmeldung(en)" in out
    raw = bot.store_path.read_text("utf-8")
    for address, name in zip(zoom_people, ("Ähnlich", "Bärwald"), strict=True):
        assert address not in raw and name not in raw
    assert kurt in raw and "Kurt Kühn" in raw
    assert people(bot) == [] and people(bot, GOE) == [(kurt, "registered")]
    assert "Nichts zu löschen" in ok(bot, "purge", now="2020-09-22T12:00")


def test_every_command_runs_as_a_subprocess(bot: BotEnv, mail_users: Callable[[str], str]) -> None:
    anna, bernd = mail_users("anna"), mail_users("bernd")
    bot.deliver(make("Eine Frage: gibt es Parkplätze?", sender=bernd, message_id="<s1@x.test>"))
    bot.cycle(JUNE)

    def together(*commands: tuple[str, ...]) -> list[str]:
        """Run the commands as processes at the same time (they share the store, as in real use)."""
        with ThreadPoolExecutor(len(commands)) as pool:
            done = list(pool.map(lambda argv: bot.subprocess(*argv), commands))
        for argv, result in zip(commands, done, strict=True):
            assert result.returncode == 0, (argv, result.stderr)
        return [result.stdout for result in done]

    added, review, status, check = together(
        ("add", anna, "--event", ZOOM, "--reason", "Telefon", "--notify", "--now", JUNE),
        ("review", "--json", "--now", JUNE),
        ("status", "--now", JUNE),
        ("check", "--now", JUNE),
    )
    assert "angemeldet für" in added and "Treffen" in status and "Alles in Ordnung." in check
    [item] = json.loads(review)
    _resolved, _resent, exported = together(
        ("resolve", item["id"], "--as", "ignore", "--now", JUNE),
        ("resend", "confirmation", "--event", ZOOM, "--to", anna, "--now", "2020-06-06T10:00"),
        ("export", "--event", ZOOM, "--format", "csv", "--now", JUNE),
    )
    assert kinds(bot, anna) == ["confirmation", "confirmation"]
    assert exported.startswith("\ufeff") and anna in exported
    together(("cancel", anna, "--event", ZOOM, "--reason", "Test", "--now", JUNE))
    [purged] = together(("purge", "--now", "2020-09-21T12:00"))
    assert purged.startswith("Gelöscht")

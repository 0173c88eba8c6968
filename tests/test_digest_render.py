"""The digest as staff read it: collected from a store with a few days of history, rendered, and the
HTML part shown by a real browser (headless Chromium), screenshotted and its text checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import Config, load_config
from bot.digest import REPORTED_MAIL, Digest, collect
from bot.records import (
    JobRun,
    MailStatus,
    MessageRecord,
    Outcome,
    OutgoingMail,
    Registration,
    RegStatus,
)
from bot.reports import ReportWriter, chart, sparkline
from bot.reviews import review_id
from bot.store import Store

ROOT = Path(__file__).resolve().parents[1]
TZ = ZoneInfo("Europe/Berlin")
ZOOM = "2020-06-22-zoom"
NOW = datetime(2020, 6, 11, 7, 30, tzinfo=TZ)
SINCE = datetime(2020, 6, 10, 7, 30, tzinfo=TZ)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2020, 6, day, hour, tzinfo=TZ)


def reg(email: str, name: str, *changes: tuple[datetime, RegStatus]) -> Registration:
    history = [{"at": t.isoformat(), "status": s.value, "source": "Mail <x@mail.test>"} for t, s in changes]
    return Registration(
        event=ZOOM,
        email=email,
        name=name,
        status=changes[-1][1],
        registered_at=changes[0][0],
        updated_at=changes[-1][0],
        source_message_id="<x@mail.test>",
        history=history,
    )


def record(key: str, intent: str, handled: datetime, **kw: object) -> MessageRecord:
    return MessageRecord(
        key=key,
        message_id=key,
        folder="INBOX",
        uid=1,
        uidvalidity=1,
        handled_at=handled,
        outcome=Outcome.REVIEW if kw.get("review_open") else Outcome.IGNORED,
        intent=intent,
        marked=True,
        **kw,  # type: ignore[arg-type]
    )


def week_store(path: Path) -> Store:
    """Six registrations over four days, one cancelled yesterday; a question, a bounce, an auto reply."""
    store = Store(path)
    with store.transaction() as tx:
        tx.put_registration(reg("anna@stadt.test", "Anna Ähnlich", (at(8), RegStatus.REGISTERED)))
        tx.put_registration(reg("bernd@kreis.test", "Bernd Bärwald", (at(8, 11), RegStatus.REGISTERED)))
        tx.put_registration(reg("carla@kreis.test", "Carla Czerny", (at(9), RegStatus.REGISTERED)))
        tx.put_registration(
            reg(
                "dora@stadt.test",
                "Dora Dorfmann",
                (at(9), RegStatus.REGISTERED),
                (at(10, 9), RegStatus.CANCELLED),
            )
        )
        tx.put_registration(reg("emil@verein.test", "Emil Eichhorn", (at(10, 9), RegStatus.REGISTERED)))
        tx.put_registration(reg("fritz@verein.test", "Fritz Fröhlich", (at(10, 15), RegStatus.REGISTERED)))
        tx.put_message(
            record(
                "<q-1@verein.test>",
                "question",
                at(10, 12),
                sender="gabi@verein.test",
                sender_name="Gabi Groß",
                subject="Frage zur Barrierefreiheit",
                reasons=["Frage an die Geschäftsstelle"],
                excerpt="Ist der Zoom-Raum auch per Telefon barrierefrei erreichbar? / Danke!",
                review_open=True,
                target_folder="Anmeldebot/Prüfen",
            )
        )
        tx.put_message(
            record(
                "<dsn-1@mx.test>",
                "bounce",
                at(10, 13),
                classification={"failures": [{"recipient": "bernd@kreis.test", "status": "5.1.1"}]},
            )
        )
        tx.put_message(
            record(
                "<ooo-1@x.test>", "auto_reply", at(10, 14), sender="otto@x.test", subject="Abwesend bis 15.6."
            )
        )
        tx.put_mail(
            OutgoingMail(
                id="m1",
                purpose="confirmation:zoom:fritz",
                kind="confirmation",
                to="fritz@verein.test",
                status=MailStatus.FAILED,
                created_at=at(10, 15),
                raw="",
                message_id="<m1@b-b-e.test>",
                subject="Anmeldebestätigung",
                last_error="SMTP rcpt: 550 5.1.1 mailbox unavailable",
            )
        )
        tx.mark_job_done(JobRun("reminder:2020-06-22-zoom:1d", at(10, 16), "übersprungen: Test"))
    return store


@pytest.fixture
def config() -> Config:
    return load_config(ROOT / "config.toml")


@pytest.fixture
def digest(config: Config, tmp_path: Path) -> Digest:
    with week_store(tmp_path / "store.json") as store:
        return collect(config, store, NOW, SINCE)


def test_digest_collects_exactly_the_news_of_the_window(digest: Digest) -> None:
    [zoom] = [e for e in digest.events if e.event.id == ZOOM]
    assert [c.email for c in zoom.changed(RegStatus.REGISTERED)] == ["emil@verein.test", "fritz@verein.test"]
    assert [(c.email, c.before) for c in zoom.changed(RegStatus.CANCELLED)] == [
        ("dora@stadt.test", "registered")
    ]
    assert zoom.counts[RegStatus.REGISTERED] == 5 and zoom.counts[RegStatus.CANCELLED] == 1
    assert zoom.curve == [(at(d).date(), n) for d, n in ((8, 2), (9, 4), (10, 5), (11, 5))]
    assert [r.id for r in digest.reviews] == [review_id("<q-1@verein.test>")]
    assert digest.reviews[0].folder == "Anmeldebot/Prüfen"
    [bounce] = digest.bounces
    assert bounce.address == "bernd@kreis.test" and bounce.registered_for == [zoom.event.title]
    assert [f.to for f in digest.failed] == ["fritz@verein.test"]
    assert [a.text for a in digest.auto_replies] == ["otto@x.test"]
    assert [j.detail for j in digest.jobs] == ["übersprungen: Test"]
    assert digest.news


def test_nothing_new_is_not_news(config: Config, tmp_path: Path) -> None:
    with week_store(tmp_path / "store.json") as store:
        with store.transaction() as tx:
            rec = store.message("<q-1@verein.test>")
            assert rec is not None
            rec.review_open = False
            tx.put_message(rec)
            tx.set_state(REPORTED_MAIL, ["m1"])  # what reports.py records once a digest showed it
        later = collect(config, store, NOW + timedelta(days=1), NOW)
    assert not later.news and later.failed == []
    assert [e.counts[RegStatus.REGISTERED] for e in later.events if e.event.id == ZOOM] == [5]


def test_chart_and_sparkline() -> None:
    curve = [(at(d).date(), n) for d, n in ((8, 0), (9, 4), (10, 8))]
    assert sparkline(curve) == "▁▄█ 0 → 8"
    bars = chart(curve)
    assert [b["height"] for b in bars] == [1, 30, 60] and [b["label"] for b in bars] == [
        "8.6.",
        "9.6.",
        "10.6.",
    ]


def test_html_digest_renders_in_chromium(config: Config, digest: Digest, tmp_path: Path) -> None:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    rendered = ReportWriter(config).digest(digest)
    page = tmp_path / "digest.html"
    page.write_text(rendered.html, encoding="utf-8")
    shot = tmp_path / "digest.png"
    _chromium(tmp_path, page, f"--screenshot={shot}")
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
    dom = _chromium(tmp_path, page, "--dump-dom")
    for text in (
        "Tagesbericht des Anmeldebots",
        review_id("<q-1@verein.test>"),
        "Gabi Groß &lt;gabi@verein.test&gt;",
        "Ist der Zoom-Raum auch per Telefon barrierefrei erreichbar?",
        "Emil Eichhorn &lt;emil@verein.test&gt;",
        "Dora Dorfmann &lt;dora@stadt.test&gt; (vorher angemeldet)",
        "bekommt unsere Mails (auch die Zugangsdaten) nicht.",
        "SMTP rcpt: 550 5.1.1 mailbox unavailable",
        "Angemeldete am Ende jedes Tages",
    ):
        assert text in dom, text
    if os.environ.get("ANMELDEBOT_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["ANMELDEBOT_KEEP_SCREENSHOT"])


def _chromium(tmp_path: Path, page: Path, *args: str) -> str:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'chromium'}",
        "--window-size=1000,1400",
        *args,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout

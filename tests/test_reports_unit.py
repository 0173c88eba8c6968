"""When the reports fall due, and their config, without any server: a store in a temp folder."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.config import Config, load_config, parse_config
from bot.digest import collect
from bot.errors import ConfigError
from bot.exports import to_csv
from bot.records import JobRun, MessageRecord, Outcome, Registration, RegStatus
from bot.reports import DIGEST, ReportWriter, daily_due
from bot.store import Store
from bot.summary import due_summaries, planned_summaries

ROOT = Path(__file__).resolve().parents[1]
TZ = ZoneInfo("Europe/Berlin")
ZOOM = "2020-06-22-zoom"


def at(month: int, day: int, hour: int = 7, minute: int = 30) -> datetime:
    return datetime(2020, month, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def config() -> Config:
    return load_config(ROOT / "config.toml")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store.json")


def test_the_digest_is_due_once_a_day_at_its_time_even_after_downtime(config: Config, store: Store) -> None:
    assert not daily_due(config, store, DIGEST, at(6, 8, 7, 29))
    assert daily_due(config, store, DIGEST, at(6, 8, 7, 30))
    with store.transaction() as tx:
        tx.mark_job_done(JobRun(DIGEST, at(6, 8, 9, 0), "x"))
    assert not daily_due(config, store, DIGEST, at(6, 8, 23, 59))
    assert not daily_due(config, store, DIGEST, at(6, 9, 7, 0))
    assert daily_due(config, store, DIGEST, at(6, 9, 7, 30))
    assert daily_due(config, store, DIGEST, at(6, 15, 12, 0))  # a week down: due, and once
    with store.transaction() as tx:
        tx.mark_job_done(JobRun(DIGEST, at(6, 15, 12, 0), "x"))
    assert not daily_due(config, store, DIGEST, at(6, 15, 12, 5))


def test_summaries_at_the_deadline_and_a_day_before(config: Config) -> None:
    zoom = [s for s in planned_summaries(config) if s.event.id == ZOOM]
    assert [(s.which, s.at) for s in zoom] == [("deadline", at(6, 12, 23, 59)), ("before", at(6, 21, 9, 0))]
    only_deadline = replace(config, summary=replace(config.summary, before=None))
    assert [s.which for s in planned_summaries(only_deadline) if s.event.id == ZOOM] == ["deadline"]


def test_a_late_worker_sends_only_the_latest_summary_and_none_after_the_start(
    config: Config, store: Store
) -> None:
    due = [s for s in due_summaries(config, store, at(6, 21, 10)) if s.event.id == ZOOM]
    assert [(s.which, s.skip) for s in due] == [
        ("deadline", "übersprungen: eine spätere Übersicht ist ebenfalls fällig"),
        ("before", ""),
    ]
    due = [s for s in due_summaries(config, store, at(6, 22, 9, 5)) if s.event.id == ZOOM]
    assert {s.skip for s in due} == {"übersprungen: das Treffen hatte schon begonnen"}


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ('[digest]\ntime = "7.30"', 'digest.time: must be a time of day such as "07:30"'),
        ("[digest]\nsend_empty = 1", "digest.send_empty: must be true or false"),
        ('[summary]\nbefore = "soon"', "summary.before: not a duration"),
        ("[retention]\ndays = 0", "retention.days: must be at least 1"),
        ("[retention]\nmonths = 3", "retention.months: unknown key"),
    ],
)
def test_report_config_errors_name_the_key(section: str, problem: str, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'timezone = "Europe/Berlin"\n'
        + section
        + '\n[[events]]\nid = "e"\ntitle = "T"\nstarts = 2020-06-22T09:00:00\nends = 2020-06-22T12:00:00\n'
        'location = "L"\nregistration_deadline = 2020-06-12T23:59:00\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=problem.replace("(", r"\(")):
        load_config(path)


def test_report_config_defaults(tmp_path: Path) -> None:
    data: dict[str, Any] = {
        "timezone": "Europe/Berlin",
        "digest": {"time": "18:05", "send_empty": True},
        "summary": {"before": ""},
        "events": [
            {
                "id": "e",
                "title": "T",
                "starts": datetime(2020, 6, 22, 9),
                "ends": datetime(2020, 6, 22, 12),
                "location": "L",
                "registration_deadline": datetime(2020, 6, 12, 23, 59),
            }
        ],
    }
    config = parse_config(tmp_path / "c.toml", data)
    assert config.digest.at == time(18, 5) and config.digest.send_empty
    assert config.summary.before is None and config.summary.at_deadline
    assert config.retention.days == 90


def test_html_escapes_what_members_wrote(config: Config, store: Store) -> None:
    with store.transaction() as tx:
        tx.put_message(
            MessageRecord(
                key="<x@evil.test>",
                message_id="<x@evil.test>",
                folder="INBOX",
                uid=1,
                uidvalidity=1,
                handled_at=at(6, 10, 12),
                outcome=Outcome.REVIEW,
                sender="evil@evil.test",
                sender_name='<img src=x onerror="alert(1)">',
                subject="<script>alert(2)</script>",
                excerpt="</td></table><h1>gefälscht</h1>",
                review_open=True,
            )
        )
    rendered = ReportWriter(config).digest(collect(config, store, at(6, 11), at(6, 10)))
    for raw in ("<img src=x", "<script>", "<h1>gefälscht"):
        assert raw not in rendered.html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in rendered.html
    assert "<script>alert(2)</script>" in rendered.text  # plain text shows it as written


def test_csv_cells_that_look_like_formulas_stay_text() -> None:
    reg = Registration(
        event=ZOOM,
        email="x@y.test",
        name="+49 30 1234",
        status=RegStatus.REGISTERED,
        registered_at=at(6, 1),
        updated_at=at(6, 1) + timedelta(hours=1),
        source_message_id="",
        organisation="@Verein",
    )
    data = to_csv([reg]).decode("utf-8-sig")
    assert data.splitlines()[1].startswith("'+49 30 1234;'@Verein;x@y.test;angemeldet;01.06.2020 07:30;")

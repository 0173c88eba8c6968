"""Deadline jobs are derived from config and the store alone (issue 5)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config import load_config
from bot.jobs import due_jobs, offset_name, planned_jobs
from bot.records import JobRun
from bot.store import Store

ROOT = Path(__file__).resolve().parents[1]
CONFIG = load_config(ROOT / "config.toml")
TZ = ZoneInfo("Europe/Berlin")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def names(jobs: list) -> list[str]:  # type: ignore[type-arg]
    return [j.name for j in jobs]


def test_offset_names() -> None:
    assert offset_name(timedelta(days=1)) == "1d"
    assert offset_name(timedelta(hours=2)) == "2h"
    assert offset_name(timedelta(minutes=90)) == "1h30"


def test_planned_jobs_of_the_example_config_in_time_order() -> None:
    jobs = [(j.name, j.at.isoformat()) for j in planned_jobs(CONFIG)]
    assert jobs[:3] == [
        ("access_data:2020-06-22-zoom", "2020-06-19T09:00:00+02:00"),
        ("reminder:2020-06-22-zoom:1d", "2020-06-21T09:00:00+02:00"),
        ("reminder:2020-06-22-zoom:2h", "2020-06-22T07:00:00+02:00"),
    ]
    assert "reminder:2020-09-04-goettingen:1d" in dict(jobs)
    assert not any(name.startswith("access_data:2020-09-04") for name, _ in jobs), "no access data for a room"


def test_nothing_due_before_the_moment(tmp_path: Path) -> None:
    with Store(tmp_path / "s.json") as store:
        assert due_jobs(CONFIG, store, at("2020-06-19T08:59")) == []
        assert names(due_jobs(CONFIG, store, at("2020-06-19T09:00"))) == ["access_data:2020-06-22-zoom"]


def test_a_job_done_is_never_due_again(tmp_path: Path) -> None:
    with Store(tmp_path / "s.json") as store:
        with store.transaction() as tx:
            tx.mark_job_done(JobRun("access_data:2020-06-22-zoom", at("2020-06-19T09:00")))
        assert due_jobs(CONFIG, store, at("2020-06-19T10:00")) == []


def test_catch_up_sends_only_the_latest_reminder_and_skips_what_lost_its_point(tmp_path: Path) -> None:
    with Store(tmp_path / "s.json") as store:
        jobs = {j.name: j for j in due_jobs(CONFIG, store, at("2020-06-22T07:30"))}
        assert jobs["access_data:2020-06-22-zoom"].skip == ""
        assert "spätere Erinnerung" in jobs["reminder:2020-06-22-zoom:1d"].skip
        assert jobs["reminder:2020-06-22-zoom:2h"].skip == ""
        late = {j.name: j for j in due_jobs(CONFIG, store, at("2020-06-22T09:30"))}
        assert "begonnen" in late["reminder:2020-06-22-zoom:2h"].skip
        over = {j.name: j for j in due_jobs(CONFIG, store, at("2020-06-22T13:00"))}
        assert "vorbei" in over["access_data:2020-06-22-zoom"].skip

"""Config loading: the example config is valid, and every mistake names file, key and problem."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import Env, main
from bot.config import load_config
from bot.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = (ROOT / "config.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_loads() -> None:
    config = load_config(ROOT / "config.toml")
    assert [e.id for e in config.events] == ["2020-06-22-zoom", "2020-09-04-goettingen", "2020-11-19-berlin"]
    zoom = config.events[0]
    assert zoom.starts.isoformat() == "2020-06-22T09:00:00+02:00"
    assert zoom.registration_deadline.isoformat() == "2020-06-12T23:59:00+02:00"
    assert zoom.access is not None and zoom.access.url and zoom.access.passcode is not None
    assert zoom.access.passcode.env == "ANMELDEBOT_ZOOM_PASSCODE"
    assert config.events[1].capacity == 30
    assert config.own_addresses == ("info@b-b-e.de",)
    assert config.storage is not None and config.storage.path == ROOT / "data" / "anmeldebot.json"


def test_example_config_keeps_no_password() -> None:
    for line in EXAMPLE.splitlines():
        key = line.split("=", 1)[0].strip()
        assert key not in ("password", "passcode"), line


def test_classify_needs_only_timezone_and_events(tmp_path: Path) -> None:
    text = EXAMPLE.split("\n[mailbox]")[0] + "\n[[events]]" + EXAMPLE.split("\n[[events]]", 1)[1]
    config = load_config(write(tmp_path, text))
    assert config.mailbox is None and config.smtp is None and config.storage is None
    with pytest.raises(ConfigError, match="mailbox: section missing"):
        config.require_mailbox()


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        (("port = 10143", 'port = "imap"'), "mailbox.port", "must be a whole number"),
        (("port = 10143", "port = 99999"), "mailbox.port", "between 1 and 65535"),
        (('security = "none"', 'security = "ssl"'), "mailbox.security", "must be one of"),
        (('timezone = "Europe/Berlin"', 'timezone = "Europe/Bonn"'), "timezone", "unknown timezone"),
        (
            ("starts = 2020-06-22T09:00:00", "starts = 2020-06-22"),
            "events.2020-06-22-zoom.starts",
            "bare date",
        ),
        (
            ("ends = 2020-06-22T12:30:00", "ends = 2020-06-22T08:00:00"),
            "events.2020-06-22-zoom.ends",
            "after starts",
        ),
        (('id = "2020-09-04-goettingen"', 'id = "2020-06-22-zoom"'), "events[1].id", "duplicate event id"),
        (("batch_size = 200", "batchsize = 200"), "mailbox.batchsize", "unknown key"),
        (
            ('late_policy = "accept"         #', 'late_policy = "maybe"         #'),
            "events.2020-06-22-zoom.late_policy",
            "must be one of",
        ),
        (
            (
                'host = "127.0.0.1"             # the demo server; e.g. "imap',
                'host = "imap.example.org" # "imap',
            ),
            "mailbox.security",
            "only for a server on loopback",
        ),
    ],
)
def test_config_errors_name_file_key_and_problem(
    tmp_path: Path, change: tuple[str, str], key: str, problem: str
) -> None:
    old, new = change
    assert old in EXAMPLE
    path = write(tmp_path, EXAMPLE.replace(old, new, 1))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {key}: "), message
    assert problem in message


def test_missing_required_key(tmp_path: Path) -> None:
    path = write(tmp_path, EXAMPLE.replace('location = "Berlin"\n', ""))
    with pytest.raises(ConfigError, match=r"events\.2020-11-19-berlin\.location: missing"):
        load_config(path)


def test_not_toml(tmp_path: Path) -> None:
    path = write(tmp_path, "timezone = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


def test_missing_secret_is_a_config_error() -> None:
    config = load_config(ROOT / "config.toml")
    assert config.mailbox is not None
    with pytest.raises(ConfigError, match="ANMELDEBOT_IMAP_PASSWORD is not set"):
        config.secret(config.mailbox.password, {})
    assert config.secret(config.mailbox.password, {"ANMELDEBOT_IMAP_PASSWORD": "pw"}) == "pw"


def run_cli(*argv: str, environ: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), Env(out, err, environ or {}))
    return code, out.getvalue(), err.getvalue()


def test_invalid_config_exits_2_with_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, EXAMPLE.replace("port = 10143", 'port = "x"'))
    code, _out, err = run_cli("attendees", "--event", "2020-06-22-zoom", "--config", str(path))
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{path}: mailbox.port: must be a whole number" in err


def test_unknown_event_exits_2(tmp_path: Path) -> None:
    code, _out, err = run_cli("attendees", "--event", "nope", "--config", str(ROOT / "config.toml"))
    assert code == 2
    assert "unknown event 'nope'" in err and "2020-06-22-zoom" in err


def test_missing_config_file_exits_2(tmp_path: Path) -> None:
    code, _out, err = run_cli("attendees", "--event", "x", "--config", str(tmp_path / "none.toml"))
    assert code == 2 and "config file not found" in err


def test_bad_usage_exits_2() -> None:
    code, _out, err = run_cli("frobnicate")
    assert code == 2 and "invalid choice" in err

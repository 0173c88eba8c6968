"""A bot wired to the local mail server: its own info@ mailbox, config and store per test."""

from __future__ import annotations

import email
import email.policy
import io
import os
import subprocess
import sys
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from bot.cli import Env, main
from devmail.server import MailServer

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = (ROOT / "config.toml").read_text(encoding="utf-8")


def config_text(server: MailServer, info: str, store: Path, extra: dict[str, str] | None = None) -> str:
    """The example config, pointed at this test's mailbox, store and the server's ports."""
    info_ = server.info
    text = EXAMPLE
    replacements = {
        "port = 10143": f"port = {info_.imap_port}",
        "port = 10025": f"port = {info_.smtp_port}",
        'username = "info@b-b-e.de"': f'username = "{info}"',
        'from = "BBE-Geschäftsstelle <info@b-b-e.de>"': f'from = "BBE-Geschäftsstelle <{info}>"',
        'path = "data/anmeldebot.json"': f'path = "{store}"',
        # No digest or attendee summary unless a test asks for them (tests/test_reports_week.py):
        # they would add mail to every count and to the inbox the bot reads.
        'staff = ["info@b-b-e.de"]': "staff = []",
        'spokespersons = ["sprecher-ag-kommune@b-b-e.de"]': "spokespersons = []",
        **(extra or {}),
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@dataclass
class BotEnv:
    server: MailServer
    info: str
    folder: Path
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.store_path = self.folder / "store" / "anmeldebot.json"
        self.config_path = self.folder / "config.toml"
        self.write_config()
        self.environ = {
            "ANMELDEBOT_IMAP_PASSWORD": self.server.info.password,
            "ANMELDEBOT_SMTP_PASSWORD": self.server.info.password,
            "ANMELDEBOT_ZOOM_PASSCODE": "246810",
        }

    def write_config(self, **extra: str) -> None:
        self.extra.update(extra)
        self.config_path.write_text(
            config_text(self.server, self.info, self.store_path, self.extra), encoding="utf-8"
        )

    def run(self, *argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main([*argv, "--config", str(self.config_path)], Env(out, err, self.environ))
        return code, out.getvalue(), err.getvalue()

    def cycle(self, now: str) -> str:
        code, out, err = self.run("run", "--once", "--now", now)
        assert code == 0, err
        return out

    def subprocess(
        self, *argv: str, timeout: float = 60, wrapper: list[str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, *(wrapper or ["-m", "bot"]), *argv, "--config", str(self.config_path)]
        env = {**os.environ, **self.environ, "PYTHONPATH": str(ROOT)}
        return subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT, check=False
        )

    def deliver(self, *raws: bytes) -> None:
        self.server.append(self.info, list(raws))

    def mails(self, address: str, folder: str = "INBOX") -> list[EmailMessage]:
        return [
            email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[misc]
            for raw in self.server.messages(address, folder)
        ]

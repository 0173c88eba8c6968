"""pytest fixtures for the dev mail server; enable with `pytest_plugins = ["devmail.pytest_plugin"]`.

mailserver   session-scoped MailServer, started on first use, stopped at the end of the session
mail_users   per test: mail_users("info") -> "info-<n>@b-b-e.test", a mailbox no other test uses
smtp_faults  per test: the server's FaultControl, cleared after the test
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from devmail.faults import FaultControl
from devmail.server import MailServer

_numbers = itertools.count(1)


class MailUsers:
    """Hands out fresh addresses; also recorded in the server's users file."""

    def __init__(self, server: MailServer, domain: str = "b-b-e.test") -> None:
        self.server = server
        self.domain = domain
        self.created: list[str] = []

    def __call__(self, name: str = "user", domain: str | None = None) -> str:
        # Each session (and each pytest-xdist worker) has its own server, so a counter suffices.
        address = f"{name}-{next(_numbers)}@{domain or self.domain}"
        self.created.append(self.server.add_user(address))
        return self.created[-1]


@pytest.fixture(scope="session")
def mailserver() -> Iterator[MailServer]:
    with MailServer() as server:
        yield server


@pytest.fixture
def mail_users(mailserver: MailServer) -> Iterator[MailUsers]:
    yield MailUsers(mailserver)
    mailserver.smtp_faults.clear()  # a test that set faults must not leak them into the next one


@pytest.fixture
def smtp_faults(mailserver: MailServer) -> Iterator[FaultControl]:
    mailserver.smtp_faults.clear()
    yield mailserver.smtp_faults
    mailserver.smtp_faults.clear()

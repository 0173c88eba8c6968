"""The mailbox edge: the only module that imports imapclient.

Reads only new messages, by UID, in batches, without setting \\Seen (BODY.PEEK), and marks each
handled message on the server: a keyword flag, then a move to the folder that shows staff the bot's
decision ("Anmeldebot/Erledigt", "Anmeldebot/Prüfen"). Folder names in config use "/" as the
hierarchy separator; the server's own separator (Dovecot's maildir uses ".") replaces it here.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import imapclient
from imapclient.exceptions import IMAPClientError

from bot.config import MailboxConfig
from bot.errors import MailboxError

FETCH_KEYS = (b"BODY.PEEK[]", b"RFC822.SIZE")


@dataclass(frozen=True, slots=True)
class FolderStatus:
    uidvalidity: int
    uidnext: int
    exists: int


@dataclass(frozen=True, slots=True)
class FetchedMail:
    uid: int
    raw: bytes


ClientFactory = Callable[[MailboxConfig], Any]


def _tls_context(config: MailboxConfig) -> ssl.SSLContext:
    return (
        ssl.create_default_context(cafile=config.ca_file) if config.ca_file else ssl.create_default_context()
    )


def connect_client(config: MailboxConfig) -> Any:
    """Open the connection as config says (tls / starttls / none). All sockets are made here."""
    try:
        if config.security == "tls":
            client = imapclient.IMAPClient(
                config.host,
                port=config.port,
                ssl=True,
                ssl_context=_tls_context(config),
                timeout=config.timeout,
            )
        else:
            client = imapclient.IMAPClient(config.host, port=config.port, ssl=False, timeout=config.timeout)
            if config.security == "starttls":
                client.starttls(_tls_context(config))
    except (OSError, IMAPClientError, ssl.SSLError) as exc:
        raise MailboxError(f"IMAP {config.host}:{config.port}: cannot connect ({_why(exc)})") from None
    return client


def _why(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout):
        return "timed out"
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]


class Mailbox:
    """One logged-in IMAP session on one folder."""

    def __init__(self, config: MailboxConfig, password: str, factory: ClientFactory = connect_client) -> None:
        self.config = config
        self._password = password
        self._factory = factory
        self._client: Any = None
        self._delimiter = "/"
        self._known_folders: set[str] = set()

    # ---- session -------------------------------------------------------------------------------

    def __enter__(self) -> Mailbox:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> None:
        client = self._factory(self.config)
        try:
            client.login(self.config.username, self._password)
        except IMAPClientError as exc:
            _safe_logout(client)
            # The server's words, never the password.
            raise MailboxError(f"IMAP login as {self.config.username} refused: {_why(exc)}") from None
        except OSError as exc:
            raise MailboxError(f"IMAP connection lost during login: {_why(exc)}") from None
        self._client = client
        self._delimiter = self._find_delimiter()

    def close(self) -> None:
        if self._client is not None:
            _safe_logout(self._client)
            self._client = None

    @property
    def client(self) -> Any:
        if self._client is None:
            raise MailboxError("IMAP session is not open")
        return self._client

    def _call(self, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (IMAPClientError, OSError, ssl.SSLError) as exc:
            raise MailboxError(f"IMAP {what} failed: {_why(exc)}") from None

    def _find_delimiter(self) -> str:
        try:
            folders = self.client.list_folders("", "")
        except (IMAPClientError, OSError):
            return "/"
        for _flags, delimiter, _name in folders:
            if delimiter:
                return delimiter.decode() if isinstance(delimiter, bytes) else str(delimiter)
        return "/"

    def server_name(self, folder: str) -> str:
        """A config folder name ("Anmeldebot/Prüfen") as the server spells it."""
        return folder.replace("/", self._delimiter) if self._delimiter != "/" else folder

    # ---- reading -----------------------------------------------------------------------------

    def select(self, folder: str) -> FolderStatus:
        info = self._call(f"SELECT {folder}", self.client.select_folder, self.server_name(folder))
        return FolderStatus(
            uidvalidity=int(info.get(b"UIDVALIDITY", 0)),
            uidnext=int(info.get(b"UIDNEXT", 0) or 0),
            exists=int(info.get(b"EXISTS", 0)),
        )

    def uids_after(self, last_uid: int) -> list[int]:
        """UIDs above `last_uid`, ascending.

        `UID SEARCH UID n:*` always answers the highest UID even when it is below n, so filter.
        """
        found = self._call("SEARCH", self.client.search, ["UID", f"{last_uid + 1}:*"])
        return sorted(uid for uid in found if uid > last_uid)

    def all_uids(self) -> list[int]:
        return sorted(self._call("SEARCH", self.client.search, ["ALL"]))

    def fetch(self, uids: Sequence[int]) -> Iterator[FetchedMail]:
        """The full raw messages, in batches of `batch_size`; a vanished UID is skipped."""
        size = self.config.batch_size
        for start in range(0, len(uids), size):
            batch = list(uids[start : start + size])
            data = self._call("FETCH", self.client.fetch, batch, list(FETCH_KEYS))
            for uid in batch:
                item = data.get(uid)
                if item is None:
                    continue
                raw = item.get(b"BODY[]")
                if raw is None:
                    continue
                yield FetchedMail(uid=uid, raw=bytes(raw))

    def fetch_headers(self, uids: Sequence[int]) -> dict[int, bytes]:
        """Only the header blocks: enough to recognise mail seen before after a UIDVALIDITY change."""
        out: dict[int, bytes] = {}
        size = max(self.config.batch_size, 500)
        for start in range(0, len(uids), size):
            batch = list(uids[start : start + size])
            data = self._call("FETCH", self.client.fetch, batch, [b"BODY.PEEK[HEADER]"])
            for uid, item in data.items():
                header = item.get(b"BODY[HEADER]")
                if header is not None:
                    out[uid] = bytes(header)
        return out

    def search_message_id(self, message_id: str) -> list[int]:
        """UIDs in the selected folder whose Message-ID header is this one."""
        # Servers search substrings; quote-free ids only, since a member can put anything there.
        needle = message_id.strip().strip("<>")
        if not needle or any(c in needle for c in '"\\\r\n'):
            return []
        return sorted(self._call("SEARCH", self.client.search, ["HEADER", "Message-ID", needle]))

    # ---- marking -----------------------------------------------------------------------------

    def ensure_folder(self, folder: str) -> None:
        if not folder or folder in self._known_folders:
            return
        name = self.server_name(folder)
        exists = self._call("LIST", self.client.folder_exists, name)
        if not exists:
            try:
                self.client.create_folder(name)
            except IMAPClientError as exc:
                # Another process may have created it in between; anything else is real.
                if not self._call("LIST", self.client.folder_exists, name):
                    raise MailboxError(f"IMAP cannot create folder {folder}: {_why(exc)}") from None
            with _ignore_imap_errors():
                self.client.subscribe_folder(name)
        self._known_folders.add(folder)

    def mark(self, uids: Sequence[int], flag: str, target: str) -> None:
        """Flag the messages as handled, then move them to `target` ("" = leave them here)."""
        if not uids:
            return
        self._call("STORE", self.client.add_flags, list(uids), [flag.encode()], silent=True)
        if not target:
            return
        self.ensure_folder(target)
        name = self.server_name(target)
        if self.client.has_capability("MOVE"):
            self._call("MOVE", self.client.move, list(uids), name)
        else:
            self._call("COPY", self.client.copy, list(uids), name)
            self._call("STORE", self.client.delete_messages, list(uids))
            if self.client.has_capability("UIDPLUS"):
                self._call("EXPUNGE", self.client.uid_expunge, list(uids))
            else:
                self._call("EXPUNGE", self.client.expunge)

    # ---- waiting -----------------------------------------------------------------------------

    def supports_idle(self) -> bool:
        return bool(self.client.has_capability("IDLE"))

    def idle_start(self) -> None:
        self._call("IDLE", self.client.idle)

    def idle_poll(self, seconds: float) -> bool:
        """Wait up to `seconds` inside IDLE. True when the server reported new mail."""
        responses = self._call("IDLE", self.client.idle_check, timeout=seconds)
        return any(len(r) >= 2 and r[1] in (b"EXISTS", b"RECENT") for r in responses)

    def idle_stop(self) -> None:
        self._call("IDLE", self.client.idle_done)

    def noop(self) -> None:
        self._call("NOOP", self.client.noop)


class _ignore_imap_errors:
    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> bool:
        return exc_type is not None and issubclass(exc_type, IMAPClientError | OSError)


def _safe_logout(client: Any) -> None:
    with _ignore_imap_errors():
        client.logout()

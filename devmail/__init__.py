"""A local mail server for development, tests and the demo: private Dovecot + dev SMTP server.

See devmail/README.md.  Typical use::

    with MailServer() as srv:
        srv.append("info@b-b-e.de", [raw_message])
        ...send mail to srv.info.smtp_port...
        srv.messages("anna@example.org")
"""

from devmail.errors import DevmailError
from devmail.faults import Fault, FaultControl
from devmail.server import DEFAULT_PASSWORD, MailServer, ServerInfo

__all__ = ["DEFAULT_PASSWORD", "DevmailError", "Fault", "FaultControl", "MailServer", "ServerInfo"]

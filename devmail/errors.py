"""The one exception type devmail raises for problems a user can fix."""


class DevmailError(Exception):
    """A problem with the setup or the use of the dev mail server (shown without traceback by the CLI)."""

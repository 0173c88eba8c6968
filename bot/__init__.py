"""Anmeldebot: reads replies to meeting invitations and keeps the registrations."""

__version__ = "0.1.0"

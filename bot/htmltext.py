"""Placeholder being replaced: HTML body to plain text, with the quoted part set apart."""

from __future__ import annotations

from dataclasses import dataclass

from inscriptis import get_text


@dataclass(frozen=True, slots=True)
class HtmlText:
    text: str
    quoted: str = ""


def html_to_text(html: str) -> HtmlText:
    return HtmlText(text=get_text(html))

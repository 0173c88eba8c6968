"""The HTML parts, opened in headless Chromium: screenshotted to PNG, and the rendered page checked.

Chromium is Debian's package (installed by .ci/run and scripts/test); without it these tests skip.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from bot.commands.preview import preview_message
from bot.compose import KINDS, Templates, default_templates_dir
from bot.config import load_config
from bot.mails import MailFactory

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed")


def chromium(tmp_path: Path, page: Path, *args: str) -> str:
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args, page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def html_part(kind: str, lang: str = "de") -> str:
    config = load_config(ROOT / "config.toml")
    factory = MailFactory(config, Templates(default_templates_dir(config.path)), lambda _s: "246810")
    message = preview_message(factory, kind, config.event("2020-06-22-zoom"), lang)
    assert message is not None
    part = message.get_body(("html",))
    assert part is not None
    return str(part.get_content())


def png_facts(png: bytes) -> tuple[int, int, int]:
    """Width, height and how many different byte values the image data holds (1-2 for a blank page)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    data, pos = b"", 8
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        if kind == b"IDAT":
            data += png[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return width, height, len(set(zlib.decompress(data)))


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_access_data_mail_renders_in_chromium(tmp_path: Path) -> None:
    page = tmp_path / "access_data.html"
    page.write_text(html_part("access_data"), encoding="utf-8")
    shot = tmp_path / "access_data.png"
    chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=900,1200")
    width, height, shades = png_facts(shot.read_bytes())
    assert (width, height) == (900, 1200) and shades > 20, "a page with text, not a blank one"


def test_every_kind_renders_the_expected_text(tmp_path: Path) -> None:
    """All HTML parts as sections of one page (one Chromium start), read back from the rendered DOM."""
    bodies = []
    for kind in KINDS:
        inner = re.split(r"<body[^>]*>", html_part(kind), maxsplit=1)[1].split("</body>")[0]
        bodies.append(f'<section id="{kind}">{inner}</section>')
    page = tmp_path / "all.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        + "<hr>".join(bodies)
        + "</body></html>",
        encoding="utf-8",
    )
    dom = chromium(tmp_path, page, "--dump-dom")
    sections = dict(re.findall(r'<section id="(\w+)">(.*?)</section>', dom, re.S))
    assert set(sections) == set(KINDS)
    for kind, section in sections.items():
        text = visible_text(section)
        assert (
            text.startswith("Guten Tag Anna Beispiel,") and "Mit besten Grüßen BBE-Geschäftsstelle" in text
        ), kind
        assert "None" not in text
    assert "Kommune Montag, 22. Juni 2020, 9:00 bis 12:30 Uhr Zoom-Konferenz" in visible_text(
        sections["confirmation"]
    )
    access = visible_text(sections["access_data"])
    assert (
        "Link zur Konferenz: https://zoom.us/j/93847561234 Meeting-ID: 938 4756 1234 Kenncode: 246810"
        in access
    )
    assert "ab 8:45 Uhr geöffnet" in access and "0176 24992118" in access
    assert '<a href="https://zoom.us/j/93847561234">' in sections["access_data"]

"""Tests for bot.htmltext.html_to_text (followed by bot.trim.split_reply, as the parse module does)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.htmltext import MAX_HTML_CHARS, HtmlText, html_to_text
from bot.trim import split_reply

TALON = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "talon" / "tests" / "fixtures"
needs_corpora = pytest.mark.skipif(not TALON.is_dir(), reason="../shared/corpora not present")

_WS = re.compile(r"\s+")


def _reply_of(markup: str) -> str:
    return _WS.sub("", split_reply(html_to_text(markup).text).reply)


def _html_replies() -> list[Path]:
    return sorted((TALON / "html_replies").glob("*.html")) if TALON.is_dir() else []


@needs_corpora
@pytest.mark.parametrize("path", _html_replies(), ids=lambda p: p.name)
def test_talon_html_replies(path: Path) -> None:
    assert _reply_of(path.read_text(encoding="utf-8")) == "Hi.Iamfine.Thanks,Alex"


@needs_corpora
def test_talon_html_all_nine_present() -> None:
    assert len(_html_replies()) == 9


@needs_corpora
def test_outlook_for_mac_source_section() -> None:
    result = html_to_text((TALON / "OLK_SRC_BODY_SECTION.html").read_text(encoding="utf-8"))
    assert _WS.sub("", split_reply(result.text).reply) == "Reply"
    assert "From:" in result.quoted


@needs_corpora
def test_reply_separated_by_hr() -> None:
    # talon drops the block that holds both the sender's name and the <hr>; so do we (see _cut_start)
    assert _reply_of((TALON / "reply-separated-by-hr.html").read_text(encoding="utf-8")) == "Hithere"


GMAIL_DE = """<div dir="ltr"><div>Ich bin dabei!</div><div><br></div><div>Kai</div></div><br>
<div class="gmail_quote"><div dir="ltr" class="gmail_attr">Am Mo., 8. Juni 2020 um 10:12&nbsp;Uhr schrieb
BBE-Gesch&auml;ftsstelle &lt;<a href="mailto:info@b-b-e.de">info@b-b-e.de</a>&gt;:<br></div>
<blockquote class="gmail_quote"><p>Bitte melden Sie sich an.</p></blockquote></div>"""

OUTLOOK_DE = """<html><head><style>p.MsoNormal {margin:0cm}</style></head><body><div class="WordSection1">
<p class="MsoNormal">Ich melde mich an.</p><div><div style="border:none;border-top:solid #E1E1E1 1.0pt">
<p class="MsoNormal"><b>Von:</b> BBE &lt;info@b-b-e.de&gt;<br><b>Gesendet:</b> Montag, 8. Juni 2020<br>
<b>An:</b> info@b-b-e.de<br><b>Betreff:</b> Einladung</p></div></div>
<p>Bitte melden Sie sich an.</p></div></body></html>"""

OUTLOOK_WEB = """<div>Zusage f&uuml;r den 22.6.</div><hr style="display:inline-block;width:98%">
<div id="divRplyFwdMsg"><b>Von:</b> BBE<br><b>Betreff:</b> Einladung</div>
<div>Bitte melden Sie sich an.</div>"""

GMX_DE = """<html><body><div><div>Hallo, ich bin dabei.</div><div>&nbsp;
<div style="margin: 10.0px 5.0px 5.0px 10.0px;border-left: 2.0px solid rgb(195,217,229);">
<div><b>Gesendet:</b>&nbsp;Montag, 08. Juni 2020<br/><b>Von:</b>&nbsp;BBE<br/></div>
<div name="quoted-content"><p>Bitte melden Sie sich an.</p></div></div></div></div></body></html>"""

APPLE_INLINE = """<div>Antworten unten.</div><blockquote type="cite"><div>Kommen Sie?</div></blockquote>
<div>Ja, ich komme.</div><blockquote type="cite"><div>Mit Begleitung?</div></blockquote><div>Nein.</div>"""

THUNDERBIRD_DE = """<body><p>Ich sage ab.</p><div class="moz-cite-prefix">Am 08.06.20 um 10:12 schrieb
BBE:<br></div><blockquote type="cite">Bitte melden Sie sich an.</blockquote></body>"""

GMAIL_INDENT = """<div>Mein Text</div><blockquote style="margin:0 0 0 40px;border:none;padding:0px">
<div>eingerückt, aber meins</div></blockquote>"""


@pytest.mark.parametrize(
    ("markup", "reply"),
    [
        (GMAIL_DE, "Ich bin dabei!Kai"),
        (OUTLOOK_DE, "Ich melde mich an."),
        (OUTLOOK_WEB, "Zusage für den 22.6."),
        (GMX_DE, "Hallo,ichbindabei."),
        (APPLE_INLINE, "Antwortenunten.Ja,ichkomme.Nein."),
        (THUNDERBIRD_DE, "Ichsageab."),
        (GMAIL_INDENT, "MeinTexteingerückt,abermeins"),
    ],
    ids=["gmail", "outlook", "outlook_web", "gmx", "apple_inline", "thunderbird", "gmail_indent"],
)
def test_client_quote_markup(markup: str, reply: str) -> None:
    result = html_to_text(markup)
    assert _WS.sub("", split_reply(result.text).reply) == _WS.sub("", reply)
    assert "melden Sie sich" not in result.text


def test_quoted_text_is_returned() -> None:
    assert "Bitte melden Sie sich an." in html_to_text(GMAIL_DE).quoted


def test_style_script_head_never_become_text() -> None:
    markup = (
        "<html><head><title>T</title><style>.x{color:red}</style></head>"
        "<body><script>alert(1)</script><p>Hallo</p></body></html>"
    )
    assert html_to_text(markup).text == "Hallo"


def test_entities_breaks_and_tables() -> None:
    markup = (
        "<p>Gr&uuml;&szlig;e&nbsp;&amp; mehr<br>zweite Zeile</p>"
        "<table><tr><td>Name</td><td>Anna</td></tr></table>"
    )
    text = html_to_text(markup).text
    assert "Grüße" in text
    assert "zweite Zeile" in text.splitlines()
    assert re.search(r"Name\s+Anna", text)


def test_xml_declaration_and_meta_charset() -> None:
    markup = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<html><head><meta charset="windows-1252"></head><body>Größe</body></html>'
    )
    assert html_to_text(markup).text == "Größe"


@pytest.mark.parametrize(
    "markup",
    ["", "   ", "\x00\x01\x02", "<", "<<<>>>", "not html at all", "<p><b><i>unclosed", "<blockquote>" * 50],
)
def test_garbage_gives_a_best_effort(markup: str) -> None:
    assert isinstance(html_to_text(markup), HtmlText)


def test_deep_nesting_does_not_crash() -> None:
    started = time.perf_counter()
    result = html_to_text("<div>" * 100_000 + "tief" + "</div>" * 100_000)
    assert time.perf_counter() - started < 5.0
    assert isinstance(result.text, str)


def test_huge_input_is_capped() -> None:
    started = time.perf_counter()
    result = html_to_text("<p>" + "Wort " * 400_000 + "</p>")
    assert time.perf_counter() - started < 10.0
    assert len(result.text) <= MAX_HTML_CHARS


@settings(max_examples=150, deadline=2000)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abdiv pqhr&;#blockquote")), max_size=2000))
def test_random_markup_never_raises(markup: str) -> None:
    assert isinstance(html_to_text(markup), HtmlText)


def test_text_after_the_end_of_body_is_kept_as_a_browser_shows_it() -> None:
    # A webmailer's broken markup, or a gateway's disclaimer appended after </html>.
    markup = (
        "<html><body><div><div></div></body></html>Hallo Frau W.,</div><div>ich nehme am 22.6. teil.</div>"
    )
    assert "ich nehme am 22.6. teil." in html_to_text(markup).text

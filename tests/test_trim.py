"""Tests for bot.trim.split_reply: public corpora, hand-written German fixtures, hostile input.

The corpora live in ../shared/corpora (read-only). Where our semantics differ from a corpus on
purpose, the difference is named next to the normalisation or in `DELIBERATE_DIFFERENCES`.
"""

from __future__ import annotations

import email
import re
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.trim import MAX_CHARS, TrimResult, split_reply

SHARED = Path(__file__).resolve().parents[2] / "shared"
TRIMMER = SHARED / "corpora" / "email_reply_trimmer" / "test"
TALON = SHARED / "corpora" / "talon" / "tests" / "fixtures"
MPR = SHARED / "corpora" / "mail-parser-reply" / "test" / "emails"
FIXTURES = Path(__file__).parent / "fixtures" / "trim"

needs_corpora = pytest.mark.skipif(not TRIMMER.is_dir(), reason="../shared/corpora not present")

_QUOTE_LINE = re.compile(r"^[ \t]*>")
_WS = re.compile(r"\s+")


def _read(path: Path) -> str:
    # bytes -> str without newline translation: normalize_line_endings.txt must keep its CRLF
    return path.read_bytes().decode("utf-8")


def _without_quote_lines(text: str) -> str:
    """Difference 1: email_reply_trimmer keeps ">" lines that sit above or between new text (inline
    replies, a leading quote). We never return quoted lines as reply, because the quoted invitation
    reads like a registration; so ">" lines are dropped from the expectation before comparing."""
    return "\n".join(line for line in text.splitlines() if not _QUOTE_LINE.match(line))


def _same(got: str, expected: str) -> bool:
    return _WS.sub("", _without_quote_lines(got)) == _WS.sub("", _without_quote_lines(expected))


# Difference 2: where email_reply_trimmer keeps the text below an attribution or forward marker that
# has nothing written above it, we treat that text as the quoted or forwarded mail (reply = ""): an
# Outlook-style unprefixed quote of the invitation must not become the sender's words.
DELIBERATE_DIFFERENCES = {
    "embedded_email_17.txt": "attribution on the first line, unquoted text below it",
    "embedded_email_18.txt": "attribution on the first line, unquoted text below it",
    "forwarded_message.txt": "forward marker on the first line: all of it is forwarded, reply empty",
}
TRIMMER_BAR = 0.95  # achieved: 61 of 64 (the 3 deliberate differences), measured as in the test


def _trimmer_files() -> list[Path]:
    return sorted((TRIMMER / "emails").glob("*.txt")) if TRIMMER.is_dir() else []


@needs_corpora
def test_email_reply_trimmer_pass_rate(capsys: pytest.CaptureFixture[str]) -> None:
    files = _trimmer_files()
    passed = [
        f.name for f in files if _same(split_reply(_read(f)).reply, _read(TRIMMER / "trimmed" / f.name))
    ]
    failed = sorted({f.name for f in files} - set(passed))
    rate = len(passed) / len(files)
    with capsys.disabled():
        print(f"\nemail_reply_trimmer: {len(passed)}/{len(files)} = {rate:.0%}; differ: {failed}")
    assert set(failed) <= set(DELIBERATE_DIFFERENCES), failed
    assert rate >= TRIMMER_BAR


@needs_corpora
@pytest.mark.parametrize("name", sorted(DELIBERATE_DIFFERENCES))
def test_email_reply_trimmer_deliberate_differences(name: str) -> None:
    result = split_reply(_read(TRIMMER / "emails" / name))
    assert result.reply == ""
    assert result.quoted or result.forwarded


@needs_corpora
@pytest.mark.parametrize(
    "name", [f.name for f in _trimmer_files() if f.name.startswith("embedded_email_german")]
)
def test_email_reply_trimmer_all_german_files(name: str) -> None:
    assert _same(split_reply(_read(TRIMMER / "emails" / name)).reply, _read(TRIMMER / "trimmed" / name))


@needs_corpora
def test_email_reply_trimmer_forwards_are_set_apart() -> None:
    for name in ("forwarded_gmail.txt", "forwarded_apple.txt"):
        result = split_reply(_read(TRIMMER / "emails" / name))
        assert "Lorem ipsum" in result.forwarded
        assert "Lorem ipsum" not in result.reply


@needs_corpora
def test_redos_guard_finishes_quickly() -> None:
    text = _read(TRIMMER / "matchers" / "does_not_contain_embedded_email.txt")
    started = time.perf_counter()
    split_reply(text)
    assert time.perf_counter() - started < 1.0


# --- talon ------------------------------------------------------------------------------------------


def _first_plain_text(path: Path) -> str:
    with path.open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=policy.default)
    assert isinstance(message, EmailMessage)
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            content = part.get_content()
            assert isinstance(content, str)
            return content
    raise AssertionError(f"no text/plain part in {path.name}")


def _talon_replies() -> list[Path]:
    return sorted((TALON / "standard_replies").glob("*.eml")) if TALON.is_dir() else []


@needs_corpora
@pytest.mark.parametrize("path", _talon_replies(), ids=lambda p: p.name)
def test_talon_standard_replies(path: Path) -> None:
    # Difference 3: talon keeps "Sent from my iPhone" and Sparrow's "-- " block (iphone_reply_text,
    # sparrow_reply_text); we remove both as signature, so every reply is exactly "Hello".
    result = split_reply(_first_plain_text(path))
    assert result.reply == "Hello"
    expected_file = path.with_name(path.stem + "_reply_text")
    if expected_file.exists():
        assert result.signature in _read(expected_file)


@needs_corpora
def test_talon_reply_sharing_a_block_with_the_header() -> None:
    result = split_reply(_first_plain_text(TALON / "reply-quotations-share-block.eml"))
    assert result.reply
    assert "From" not in result.reply


# --- mail-parser-reply --------------------------------------------------------------------------------

MPR_FIRST_REPLIES = {
    "email_3_1.txt": "First reply.\n\nThis is fairly common; nothing too hard here!",
    "multiline_on.txt": "",
    "multiline_on_de.txt": "Am heutigen Tage",
    "email_1_4.txt": "Awesome! I haven't had another problem with it.",
    "email_1_7.txt": ":+1:",
    "email_2_1.txt": "Outlook with a reply",
    "email_2_3.txt": "Outlook with a reply above headers using unusual format",
    "email_headers_no_delimiter.txt": "And another reply!",
    "email_sent_from_iPhone.txt": "Here is another email",
    "email_sent_from_BlackBerry.txt": "Here is another email",
    "email_sent_from_multi_word_mobile_device.txt": "Here is another email",
    "email_sent_from_not_signature.txt": "Here is another email\n\nSent from my desk, is much easier than my "
    "mobile phone.",
    "pathological.txt": "I think you're onto something. I will try to fix the problem as soon as I\nget back "
    "to a computer.",
}


@needs_corpora
@pytest.mark.parametrize("name", sorted(MPR_FIRST_REPLIES))
def test_mail_parser_reply_first_reply(name: str) -> None:
    assert split_reply((MPR / name).read_text(encoding="utf-8")).reply == MPR_FIRST_REPLIES[name]


def _multiline_de_blocks() -> list[str]:
    text = (MPR / "multiline_on_de.txt").read_text(encoding="utf-8")
    return [block for block in re.split(r"\n\n+(?=Am )", text) if block.strip()]


@needs_corpora
def test_mail_parser_reply_all_four_german_wrapped_layouts() -> None:
    blocks = _multiline_de_blocks()
    assert len(blocks) == 4
    for block in blocks:
        result = split_reply(block)
        assert result.reply in {"", "Am heutigen Tage"}
        assert "schrieb" in result.quoted


@needs_corpora
@pytest.mark.parametrize("path", sorted(MPR.glob("*.txt")) if MPR.is_dir() else [], ids=lambda p: p.name)
def test_mail_parser_reply_runs_on_every_file(path: Path) -> None:
    result = split_reply(path.read_text(encoding="utf-8"))
    assert isinstance(result, TrimResult)


@needs_corpora
def test_mail_parser_reply_caution_banner_and_disclaimer() -> None:
    banner = split_reply((MPR / "caution.txt").read_text(encoding="utf-8"))
    assert banner.reply.startswith("Hi lads's Team,")
    assert "CAUTION" in banner.signature
    disclaimer = split_reply((MPR / "caution2.txt").read_text(encoding="utf-8"))
    assert disclaimer.reply.endswith("Person Person.")


# --- hand-written German fixtures ---------------------------------------------------------------------


def _fixture_names() -> list[str]:
    return sorted(p.stem for p in FIXTURES.glob("*.txt"))


@pytest.mark.parametrize("name", _fixture_names())
def test_german_fixture(name: str) -> None:
    result = split_reply((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))
    assert result.reply == (FIXTURES / f"{name}.expected").read_text(encoding="utf-8").strip()


def test_forwarded_registration_is_not_the_senders_word() -> None:
    result = split_reply((FIXTURES / "forward_de.txt").read_text(encoding="utf-8"))
    assert "melde ich mich" not in result.reply
    assert "melde ich mich verbindlich" in result.forwarded


def test_outlook_top_posting_keeps_the_invitation_out() -> None:
    result = split_reply((FIXTURES / "outlook_de_top_posting.txt").read_text(encoding="utf-8"))
    assert "Bitte melden Sie sich" in result.quoted
    assert "Tel. 01234" in result.signature


def test_thunderbird_forward_through_original_message_rule() -> None:
    text = (
        "zur Kenntnis\n\n-------- Original-Nachricht --------\nBetreff: Einladung\n"
        "Datum: 08.06.2020 10:12\nVon: BBE <info@b-b-e.de>\n\nIch melde mich an."
    )
    result = split_reply(text)
    assert result.reply == "zur Kenntnis"
    assert "Ich melde mich an." in result.forwarded


def test_outlook_html_header_fields_as_separate_paragraphs() -> None:
    # Outlook's HTML writes each field as a <p>; as text a blank line stands between the fields.
    text = (
        "zähl mich bitte für Montag mit.\n\nBeste Grüße\n\nSebastian\n\n"
        "Von: BBE-Geschäftsstelle <info@b-b-e.de>\n\nGesendet: Montag, 8. Juni 2020 10:12\n\n"
        "An: Sebastian Kühl\n\nBetreff: Einladung\n\nBitte melden Sie sich bis zum 12. Juni an."
    )
    result = split_reply(text)
    assert "Von: BBE" not in result.reply
    assert "Bitte melden Sie sich" in result.quoted


def test_a_blank_line_after_a_lone_field_is_not_a_header_block() -> None:
    text = "Von: mir aus gern.\n\nIch komme am 22. Juni.\n\nBetreff: siehe unten"
    assert split_reply(text).reply == text


@pytest.mark.parametrize(
    "footer",
    [
        "Gesendet von meinem Samsung Galaxy Smartphone.",
        "Gesendet mit der WEB.DE Mail App",
        "Sent from Outlook for iOS",
        "Diese Nachricht wurde von meinem Android-Mobiltelefon mit K-9 Mail gesendet.",
        "Von meinem iPad gesendet",
    ],
)
def test_mobile_footers_leave_the_reply(footer: str) -> None:
    result = split_reply(f"Ich bin dabei.\n\n{footer}\n")
    assert result.reply == "Ich bin dabei."
    assert result.signature == footer


def test_ps_after_the_closing_stays() -> None:
    text = "Ich komme.\n\nViele Grüße\nAnna\n\nPS: Meine Kollegin Eva (eva@example.org) kommt auch mit."
    assert "PS: Meine Kollegin" in split_reply(text).reply


def test_hinweis_without_legalese_is_the_senders_text() -> None:
    text = "Ich melde mich an.\n\nHinweis: Ich komme etwas später dazu."
    assert split_reply(text).reply == text


def test_crlf_and_cr_line_endings() -> None:
    result = split_reply("Ja, gern.\r\n\r\nAm 08.06.2020 um 10:12 schrieb X <x@y.de>:\r\n> Frage\r\n")
    assert result.reply == "Ja, gern."


# --- hostile input ------------------------------------------------------------------------------------


def test_huge_input_is_capped_and_fast() -> None:
    text = ("Am 8. " + "x" * 300 + "\n") * 20_000 + "> q\n" * 20_000
    started = time.perf_counter()
    result = split_reply(text)
    assert time.perf_counter() - started < 2.0
    assert len(result.reply) + len(result.quoted) + len(result.signature) <= MAX_CHARS


def test_one_enormous_line() -> None:
    started = time.perf_counter()
    split_reply("On 1 " + "a@b " * 100_000 + "wrote:")
    assert time.perf_counter() - started < 1.0


@settings(max_examples=300, deadline=1000)
@given(
    st.text(
        alphabet=st.sampled_from(list("Am On 0123456789.:<>@-_ \n\r\tschriebwrote:VonFrom>äß")), max_size=3000
    )
)
def test_random_mail_like_text_never_raises(text: str) -> None:
    result = split_reply(text)
    for part in (result.reply, result.quoted, result.forwarded, result.signature):
        assert len(part) <= MAX_CHARS


@settings(max_examples=200, deadline=1000)
@given(st.text(max_size=2000))
def test_random_unicode_never_raises(text: str) -> None:
    assert isinstance(split_reply(text), TrimResult)


@pytest.mark.parametrize(
    "text",
    [
        "I will attend part of the meeting.\n\nFrom: 10:00\n\nTo: 11:30",
        "Anmeldung\n\nVon: Anna Beispiel, Stadt Wetzlar\n\nAn: AG Kommune\n\nIch nehme am 22.6. teil.",
    ],
)
def test_spaced_fields_in_the_members_own_text_are_not_a_quote_header(text: str) -> None:
    assert split_reply(text).reply == text

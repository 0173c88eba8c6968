"""Parsing and machine detection over the shared corpora (../shared/corpora).

Expectations come from each corpus' LABELS.md, read here rather than copied: flufl.bounce's table
names the bounced addresses; set-of-emails' table gives each bsd/ file's class. Rates are printed
(run with -s to see them) and asserted against the targets.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from bot.machines import OwnIdentity, detect
from bot.models import MachineKind, MachineVerdict
from bot.parse import parse

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
FLUFL = CORPORA / "flufl.bounce"
FLUFL_DATA = FLUFL / "flufl" / "bounce" / "tests" / "data"
SOE = CORPORA / "set-of-emails"
MAILDIR = SOE / "set-of-emails" / "maildir"
OWN = OwnIdentity.of("info@b-b-e.de")

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason=f"shared corpora not found at {CORPORA}")

_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


@cache
def verdict_of(path: Path) -> MachineVerdict:
    return detect(parse(path.read_bytes()), OWN)


@cache
def flufl_expected() -> dict[str, frozenset[str]]:
    """File name to the expected bounced addresses (lowercased) from the LABELS.md table."""
    expected: dict[str, set[str]] = {}
    for line in (FLUFL / "LABELS.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[0].endswith(".txt"):
            found = {a.lower() for a in _ADDRESS.findall(cells[2])}
            expected.setdefault(cells[0], set()).update(found)
    return {name: frozenset(addresses) for name, addresses in expected.items()}


@cache
def soe_classes() -> dict[str, str]:
    """bsd/ file name to its class column ("BOUNCE", "FEEDBACK REPORT (ARF)", ...)."""
    classes: dict[str, str] = {}
    for line in (SOE / "LABELS.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].endswith(".eml"):
            classes[cells[0]] = cells[1]
    return classes


def _recipients(path: Path) -> set[str]:
    return {f.recipient for f in verdict_of(path).failures if f.recipient}


def _files_of(cls_prefix: str) -> list[Path]:
    return [MAILDIR / "bsd" / n for n, c in sorted(soe_classes().items()) if c.startswith(cls_prefix)]


def test_every_corpus_file_parses_without_exception() -> None:
    failures: list[str] = []
    count = 0
    for path in sorted(p for p in CORPORA.rglob("*") if p.is_file()):
        count += 1
        try:
            detect(parse(path.read_bytes()), OWN)
        except Exception as exc:  # collect them all, then fail once with the list
            failures.append(f"{path.relative_to(CORPORA)}: {type(exc).__name__}: {exc}")
    print(f"\nparsed {count} corpus files, {len(failures)} exceptions")
    assert count > 1000
    assert not failures, "\n".join(failures)


def test_flufl_bounce_detection_and_addresses() -> None:
    files = sorted(FLUFL_DATA.glob("*.txt"))
    assert len(files) == 103
    missed = [p.name for p in files if verdict_of(p).kind is not MachineKind.BOUNCE]
    detection = 1 - len(missed) / len(files)
    expected = flufl_expected()
    labelled = [p for p in files if expected.get(p.name)]
    wrong = [
        f"{p.name}: expected {sorted(expected[p.name])}, got {sorted(_recipients(p))}"
        for p in labelled
        if _recipients(p) != expected[p.name]
    ]
    accuracy = 1 - len(wrong) / len(labelled)
    print(f"\nflufl.bounce: detected {detection:.1%} of {len(files)}, missed {missed}")
    print(f"flufl.bounce: address set exactly right {accuracy:.1%} of {len(labelled)}; wrong: {wrong}")
    assert detection >= 0.98
    assert accuracy >= 0.95


def test_flufl_temporary_failures_are_temporary() -> None:
    temporary = [
        line.split("|")[1].strip()
        for line in (FLUFL / "LABELS.md").read_text().splitlines()
        if line.startswith("|") and "| temporary |" in line
    ]
    assert len(temporary) >= 10
    wrong = [n for n in temporary if any(f.permanent for f in verdict_of(FLUFL_DATA / n).failures)]
    print(
        f"\nflufl.bounce: {len(temporary) - len(wrong)}/{len(temporary)} temporary failures marked temporary"
    )
    assert len(wrong) <= len(temporary) // 2, wrong


def test_set_of_emails_bounces() -> None:
    files = _files_of("BOUNCE")
    assert len(files) == 563
    missed = [p.name for p in files if verdict_of(p).kind is not MachineKind.BOUNCE]
    detected = [p for p in files if p.name not in missed]
    no_address = [
        p.name
        for p in detected
        if not any(
            f.recipient and not f.recipient.startswith("mailer-daemon") for f in verdict_of(p).failures
        )
    ]
    rate = 1 - len(missed) / len(files)
    with_address = 1 - len(no_address) / len(detected)
    print(f"\nset-of-emails bsd: detected {rate:.1%} of {len(files)} bounces; missed {missed}")
    print(f"set-of-emails bsd: a recipient address found for {with_address:.1%}; none for {no_address}")
    assert rate >= 0.98
    assert with_address >= 0.9


def test_set_of_emails_out_of_office_replies() -> None:
    files = _files_of("AUTO-REPLY")
    assert len(files) == 5
    assert {p.name: verdict_of(p).kind for p in files} == {p.name: MachineKind.AUTO_REPLY for p in files}


@pytest.mark.parametrize("cls", ["FEEDBACK REPORT", "DELIVERY SUCCESS"])
def test_set_of_emails_reports_that_are_not_bounces(cls: str) -> None:
    files = _files_of(cls)
    assert files
    bounced = [p.name for p in files if verdict_of(p).kind is MachineKind.BOUNCE]
    assert not bounced


def test_set_of_emails_not_bounces() -> None:
    files = sorted((MAILDIR / "not").glob("*.eml"))
    assert len(files) == 2
    assert all(verdict_of(p).kind is MachineKind.HUMAN for p in files)


def test_crlf_copies_behave_like_lf_files() -> None:
    dos = sorted((MAILDIR / "dos").glob("*.eml"))
    pairs = [(p, MAILDIR / "bsd" / p.name) for p in dos if (MAILDIR / "bsd" / p.name).is_file()]
    assert len(pairs) > 40
    differ = [
        p.name
        for p, twin in pairs
        if (verdict_of(p).kind, {f.recipient for f in verdict_of(p).failures})
        != (verdict_of(twin).kind, {f.recipient for f in verdict_of(twin).failures})
    ]
    assert not differ
    only_dos = [p for p in dos if not (MAILDIR / "bsd" / p.name).is_file()]
    not_bounce = [p.name for p in only_dos if verdict_of(p).kind is not MachineKind.BOUNCE]
    assert not not_bounce  # dos/ files without a bsd/ twin are bounces too (upstream t/190)


def test_renaming_the_boundaries_changes_nothing_the_parser_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """bot.parse renames multipart boundaries before the stdlib parses (for speed): every corpus
    file and fixture must read exactly as it does without the renaming."""
    from bot import parse as parsing

    paths = sorted(p for p in CORPORA.rglob("*") if p.is_file() and p.suffix not in (".md", ".json", ".toml"))
    paths += sorted((Path(__file__).parent / "fixtures").rglob("*.eml"))
    raws = [p.read_bytes() for p in paths]
    renamed = [bool(parsing._shared_boundaries(raw)[1]) for raw in raws]
    with_renaming = [parse(raw) for raw in raws]
    monkeypatch.setattr(parsing, "_shared_boundaries", lambda data: (data, {}))
    without = [parse(raw) for raw in raws]
    assert sum(renamed) > 1000  # the comparison covers many multipart mails
    for path, a, b in zip(paths, with_renaming, without, strict=True):
        assert a == b, path

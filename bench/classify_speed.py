"""Speed of bot.parse.parse + bot.machines.detect against the stdlib policy=default baseline.

Baseline per mail: email.message_from_bytes(raw, policy=default), get_body(("plain", "html")),
get_content(). Ours per mail: parse(raw) then detect(mail, own). Both run over the same mails:
../shared/samples/replies/*.eml and every file of ../shared/corpora that looks like a message.

Run: .venv/bin/python bench/classify_speed.py [--rounds N]
"""

from __future__ import annotations

import argparse
import email
import email.policy
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.machines import OwnIdentity, detect  # noqa: E402
from bot.parse import parse  # noqa: E402

SHARED = REPO.parent / "shared"
OWN = OwnIdentity.of("info@b-b-e.de")


def load_mails() -> list[bytes]:
    files = sorted((SHARED / "samples" / "replies").glob("*.eml"))
    files += sorted(
        p for p in (SHARED / "corpora").rglob("*") if p.is_file() and p.suffix in (".eml", ".txt")
    )
    raws = [p.read_bytes() for p in files]
    return [r for r in raws if b":" in r[:200]]  # header-less text bodies are no messages


def baseline(raw: bytes) -> None:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    try:
        body = msg.get_body(("plain", "html"))
        if body is not None:
            body.get_content()
    except Exception:  # the stdlib raises on some broken corpus mails; the baseline shrugs
        pass


def ours(raw: bytes) -> None:
    detect(parse(raw), OWN)


def rate(func: Callable[[bytes], None], mails: list[bytes], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for raw in mails:
            func(raw)
        best = min(best, time.perf_counter() - start)
    return len(mails) / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="best of N rounds (default 3)")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"no shared data at {SHARED}", file=sys.stderr)
        return 2
    mails = load_mails()
    ours(mails[0])  # imports and regex compilation outside the timing
    base = rate(baseline, mails, args.rounds)
    mine = rate(ours, mails, args.rounds)
    print(f"mails:                         {len(mails)}")
    print(f"baseline (policy=default):     {base:8.0f} mails/s")
    print(f"parse + detect (compat32):     {mine:8.0f} mails/s")
    print(f"ratio (ours / baseline):       {mine / base:8.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

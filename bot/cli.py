"""The command line: `main(argv, env, stdout, stderr) -> ExitStatus`.

Standard streams and the environment are passed in, so every command is tested in-process exactly as
it runs. Exit status: 0 success; 2 bad usage or invalid config (one line, no traceback); 1 any other
failure (one line; a traceback only with --debug).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TextIO

from bot.clock import Clock, FixedClock, SystemClock, parse_now
from bot.config import Config, load_config
from bot.errors import BotError, ExitStatus, UsageError


@dataclass
class Env:
    """What a command may touch of the outside world."""

    stdout: TextIO
    stderr: TextIO
    environ: Mapping[str, str]
    stdin: TextIO | None = None

    def out(self, text: str = "") -> None:
        self.stdout.write(text + "\n")

    def err(self, text: str) -> None:
        self.stderr.write(text + "\n")


@dataclass
class Invocation:
    args: argparse.Namespace
    env: Env
    config_path: Path

    _config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    @property
    def clock(self) -> Clock:
        if self.args.now:
            return FixedClock(parse_now(self.args.now, self.config.timezone))
        return SystemClock(self.config.timezone)


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() decides the exit status and the stream."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


Command = Callable[[Invocation], int]


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="config file (default ./config.toml or $ANMELDEBOT_CONFIG)")
    parser.add_argument("--now", help="act as if it were this ISO 8601 time (in the config's timezone)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")


def build_parser() -> argparse.ArgumentParser:
    from bot import commands

    parser = _Parser(
        prog="anmeldebot", description="Reads replies to invitations and keeps the registrations."
    )
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for spec in commands.COMMANDS:
        cmd = sub.add_parser(spec.name, help=spec.help, description=spec.help)
        _common_sub(cmd)
        spec.arguments(cmd)
        cmd.set_defaults(handler=spec.run)
    return parser


def _common_sub(parser: argparse.ArgumentParser) -> None:
    # The global options work after the command name too ("anmeldebot run --once --now ...").
    parser.add_argument("--config", default=argparse.SUPPRESS, help="config file")
    parser.add_argument("--now", default=argparse.SUPPRESS, help="ISO 8601 time to act at")
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="tracebacks")


def main(argv: Sequence[str] | None = None, env: Env | None = None) -> int:
    env = env or Env(sys.stdout, sys.stderr, os.environ, sys.stdin)
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            raise UsageError("anmeldebot: a command is needed (try --help)")
        config_path = Path(args.config or env.environ.get("ANMELDEBOT_CONFIG") or "config.toml")
        _setup_logging(args.debug, env.stderr)
        return int(args.handler(Invocation(args, env, config_path)))
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0) if isinstance(exc.code, int) else 0
    except BotError as exc:
        env.err(f"anmeldebot: {exc}" if not str(exc).startswith("anmeldebot") else str(exc))
        if debug:
            traceback.print_exc(file=env.stderr)
        return int(exc.status)
    except KeyboardInterrupt:
        env.err("anmeldebot: interrupted")
        return int(ExitStatus.FAILURE)
    except Exception as exc:
        env.err(f"anmeldebot: unexpected error: {type(exc).__name__}: {exc}")
        if debug:
            traceback.print_exc(file=env.stderr)
        else:
            env.err("anmeldebot: run again with --debug for details")
        return int(ExitStatus.FAILURE)


def _setup_logging(debug: bool, stream: TextIO) -> None:
    # One line per event, no timestamps: journald adds its own (see deploy/anmeldebot.service).
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_anmeldebot", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream)
    handler._anmeldebot = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for noisy in ("apscheduler", "aiosmtplib", "imapclient", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING if not debug else logging.INFO)


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())

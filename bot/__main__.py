"""`python -m bot` is the same program as `anmeldebot`."""

from bot.cli import run

if __name__ == "__main__":
    run()

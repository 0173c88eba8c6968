"""Run a command and write its wall time and its own peak RSS: `python bench/measure.py OUT.json CMD...`.

Why a launcher of its own: Linux keeps a process's peak RSS across exec, and a child forked from
bench/run starts as a copy of bench/run (10,000 generated mails and a mail server). Measured from
here, a child starts as a copy of this small process instead. The child's exit status is ours.
"""

import json
import os
import subprocess
import sys
import time


def main() -> int:
    out, *command = sys.argv[1:]
    start = time.perf_counter()
    proc = subprocess.Popen(command)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    with open(out, "w") as fh:
        json.dump({"wall_s": wall, "rss_mb": usage.ru_maxrss / 1024, "code": code}, fh)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())

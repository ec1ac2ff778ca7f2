#!/usr/bin/env python3
"""The browser's first frame, as a person waits for it: `hallway --data FILE` started in a
pseudo-terminal, timed until the footer is drawn, then quit; once with an empty cache (a first
open) and once more with the snapshot that run saved (a program opened before).

    scripts/first-frame.py BINARY FILE [RUNS]     e.g. .build/static/release/hallway frab-38c3.xml 9
    scripts/first-frame.py BINARY FILE RUNS OTHER...   the binaries alternating, run by run, so a
                                                       machine whose pace drifts is compared fairly"""
import os
import pty
import select
import shutil
import statistics
import sys
import tempfile
import time


def first_frame(binary, data, cache):
    """Milliseconds from start to the footer's `quit`, with its own cache, state and data folders."""
    environment = dict(os.environ, TERM="xterm-256color", XDG_CACHE_HOME=cache, XDG_STATE_HOME=os.path.join(cache, "state"),
                       XDG_DATA_HOME=os.path.join(cache, "data"), HALLWAY_NOW="2026-01-01T10:00+01:00")
    start = time.perf_counter()
    pid, terminal = pty.fork()
    if pid == 0:
        # HALLWAY_ARGS adds options, e.g. "--max-file-size 400" for a grown file.
        os.execve(binary, [binary, "--data", data, "--theme", "dark"] + os.environ.get("HALLWAY_ARGS", "").split(), environment)
    seen = b""
    while b"quit" not in seen:
        ready, _, _ = select.select([terminal], [], [], 60)
        if not ready:
            break
        try:
            seen += os.read(terminal, 65536)
        except OSError:
            break
    elapsed = (time.perf_counter() - start) * 1000
    os.write(terminal, b"q")
    os.waitpid(pid, 0)
    return elapsed


def main():
    binary, data = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 9
    binaries = [binary] + sys.argv[4:]
    times = {each: ([], []) for each in binaries}
    for _ in range(runs):
        for each in binaries:
            cache = tempfile.mkdtemp(prefix="hallway-frame-")
            times[each][0].append(first_frame(each, data, cache))
            times[each][1].append(first_frame(each, data, cache))
            shutil.rmtree(cache, ignore_errors=True)
    for each in binaries:
        first, again = times[each]
        name = f"{each}: " if len(binaries) > 1 else ""
        print(f"{name}first open {statistics.median(first):.0f} ms, opened before {statistics.median(again):.0f} ms (medians of {runs})")


if __name__ == "__main__":
    main()

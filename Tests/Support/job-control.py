#!/usr/bin/env python3
"""Runs a command as a foreground job, the way an interactive shell does: in a process group of
its own that owns the terminal, with this process (in another group of the same session) as its
parent. Only then does the kernel really stop it on SIGTTOU or SIGTTIN; a job whose group is
orphaned (a plain `sh -c`) has those signals discarded. Each stop is noted in `stops.txt`; the
exit status is the command's (128 + n for a signal). The command's pid is written to `child.pid`."""
import os
import signal
import sys

command = sys.argv[1:]
child = os.fork()
if child == 0:
    os.setpgid(0, 0)
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    os.tcsetpgrp(0, os.getpgrp())
    signal.signal(signal.SIGTTOU, signal.SIG_DFL)
    os.execvp(command[0], command)
try:
    os.setpgid(child, child)
except (PermissionError, ProcessLookupError):
    pass  # the child has set its group itself and already started the command (a loaded machine)
with open("child.pid.tmp", "w") as note:
    note.write(f"{child}\n")
os.rename("child.pid.tmp", "child.pid")
while True:
    _, status = os.waitpid(child, os.WUNTRACED | os.WCONTINUED)
    if os.WIFSTOPPED(status):
        with open("stops.txt", "a") as stops:
            stops.write(f"stopped by {os.WSTOPSIG(status)}\n")
    elif os.WIFCONTINUED(status):
        continue
    else:
        signal.signal(signal.SIGTTOU, signal.SIG_IGN)
        os.tcsetpgrp(0, os.getpgrp())
        sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))

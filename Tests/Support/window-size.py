#!/usr/bin/env python3
"""Runs a command on a pty of its own whose window claims any size, as an SSH client or a
hostile pty may: it starts at ROWS1 x COLUMNS1, becomes ROWS2 x COLUMNS2 after a second and a
half, then `q` is typed. Prints "exit N" (negative: killed by that signal), "killed" when the
command did not end within the time allowed, and the last screenful of what it wrote."""
import fcntl, os, select, struct, subprocess, sys, termios, time

rows1, columns1, rows2, columns2 = (int(value) for value in sys.argv[1:5])
command = sys.argv[5:]
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows1, columns1, 0, 0))
environment = dict(os.environ, TERM="xterm-256color")
process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=environment,
                           start_new_session=True, preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
os.close(slave)
written = b""
start = time.time()
resized = typed = False
while time.time() - start < 60:
    ready, _, _ = select.select([master], [], [], 0.05)
    if ready:
        try:
            written += os.read(master, 1 << 20)
        except OSError:
            break
    if not resized and time.time() - start > 1.5:
        fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", rows2, columns2, 0, 0))
        resized = True
    if resized and not typed and time.time() - start > 3.5:
        os.write(master, b"q")
        typed = True
    if process.poll() is not None:
        break
try:
    # The pty reads EIO once the command has closed it, a moment before it is reaped.
    process.wait(timeout=max(1, 60 - (time.time() - start)))
    print("exit", process.returncode)
except subprocess.TimeoutExpired:
    process.kill()
    process.wait()
    print("killed")
print(written[-6000:].decode("utf-8", "replace"))

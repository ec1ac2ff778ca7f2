#!/usr/bin/env python3
"""A terminal of the test's own on a pty (80x24) that answers what a program asks of it: an OSC 11
background query with the colour given (ANSWER: "rgb:ffff/ffff/ffff", or "none" to stay silent)
and a DA1 request, unless told "mute" (a terminal that answers neither). Types q once the
program has drawn, then prints "exit N", how many milliseconds passed before the first frame
began, and the colour numbers (38;5;N and 48;5;N) the program used, one line each."""
import fcntl, os, re, select, struct, subprocess, sys, termios, time

answer = sys.argv[1]
command = sys.argv[2:]
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
environment = dict(os.environ, TERM="xterm-256color")
environment.pop("COLORFGBG", None)
# swift test sets NO_COLOR for its own output; this terminal shows colour.
environment.pop("NO_COLOR", None)
start = time.time()
process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=environment,
                           start_new_session=True, preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
os.close(slave)
written = b""
first_frame = None
typed = False
while time.time() - start < 30:
    ready, _, _ = select.select([master], [], [], 0.05)
    if ready:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:
            break
        written += chunk
        if answer != "mute":
            if b"\x1b]11;?" in chunk and answer != "none":
                os.write(master, ("\x1b]11;" + answer + "\x1b\\").encode())
            if b"\x1b[c" in chunk:
                os.write(master, b"\x1b[?62;22c")
        if first_frame is None and b"\x1b[?1049h" in written:
            first_frame = (time.time() - start) * 1000
    if first_frame is not None and not typed and time.time() - start > 1.5:
        os.write(master, b"q")
        typed = True
    if process.poll() is not None:
        break
try:
    process.wait(timeout=5)
    print("exit", process.returncode)
except subprocess.TimeoutExpired:
    process.kill()
    print("killed")
print("first-frame-ms", int(first_frame or -1))
colours = sorted(set(re.findall(rb"[34]8;5;\d+", written)))
print("colours", " ".join(c.decode() for c in colours))

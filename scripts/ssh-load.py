#!/usr/bin/env python3
"""A whole hall on one server: N visitors at once over a real sshd, keys at human speed.

Starts Debian's sshd on 127.0.0.1 at a spare port with a host key and config of its own (the
block docs/SERVING.md gives operators) in a scratch folder, inside a mount namespace of its own
for its /run/sshd (the machine's sshd and /etc/ssh are not touched; needs root, as CI runs).
`hallway serve --prepare` saves the program's snapshot, then N visitors, each with a key of
their own, connect with `ssh -tt` on a pseudo-terminal of 80x24, star one session, and press a
key every 1-3 seconds (j, k, view changes) for the given time. Then each quits with q. Visitors
arrive at --arrivals per second (5: 200 visitors take 40 s to come in; the ssh clients share
this machine's cores with the server, so their handshakes count twice).

Reports: connections held to the end, the time from a key to the first byte of the redraw and
to its last byte (p50, p99, max), private memory per visitor (PSS and private bytes of each
`hallway serve` process, /proc/PID/smaps_rollup, sampled while all are connected) and in total,
sshd's own share, and after all quit: processes left, and every visitor's star on disk.

usage: scripts/ssh-load.py HALLWAY PROGRAM [--visitors 200] [--seconds 60] [--arrivals 5] [--json]
"""
import argparse
import json
import os
import pty
import random
import selectors
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import termios
import fcntl
import time

# Every key changes the screen, so each one's redraw can be timed: a view change, then a move in
# a list long enough (j and k in Tracks cancel out).
KEYS = ["2", "j", "3", "j", "k", "4", "j", "1", "j", "k"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            return s.recv(8).startswith(b"SSH-")
    except OSError:
        return False


def sshd_config(scratch, port, host_key, forced, user):
    """The config ServedOverSSHTests uses too (Tests/Support/sshd-config.py): docs/SERVING.md's block."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Support", "sshd-config.py")
    made = subprocess.run([sys.executable, path, str(port), host_key, f"{scratch}/sshd.pid", user, forced],
                          capture_output=True, text=True, check=True)
    return made.stdout


def smaps(pid):
    fields = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
                    fields[parts[0][:-1]] = int(parts[1])
    except OSError:
        return None
    return fields


def processes(pattern):
    out = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Visitor:
    def __init__(self, number, key, ssh_options):
        self.number = number
        self.key = key
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.process = subprocess.Popen(["ssh", "-tt", "-i", key] + ssh_options, stdin=slave, stdout=slave, stderr=slave,
                                        start_new_session=True, close_fds=True)
        os.close(slave)
        self.fd = master
        os.set_blocking(master, False)
        self.screen = b""
        self.started = time.monotonic()
        self.ready_at = None
        self.sent_at = None
        self.first_byte = None
        self.last_byte = None
        self.next_key = None
        self.starred = False
        self.presses = 0
        self.last_key = None
        self.closed = False
        self.latencies_first = []
        self.latencies_last = []

    def send(self, data):
        try:
            os.write(self.fd, data)
        except OSError:
            self.closed = True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("hallway")
    parser.add_argument("program")
    parser.add_argument("--visitors", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--arrivals", type=float, default=5)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("ssh-load: needs root (sshd in a mount namespace of its own)")
    hallway = os.path.abspath(arguments.hallway)
    program = os.path.abspath(arguments.program)
    scratch = tempfile.mkdtemp(prefix="hallway-ssh-load-")
    operator = os.path.join(scratch, "operator")
    os.makedirs(operator)
    port = free_port()
    host_key = os.path.join(scratch, "host_ed25519")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", host_key], check=True)
    forced = f"env HOME={operator} {hallway} serve --data {program} --idle-timeout 900 --remind 0"
    config = os.path.join(scratch, "sshd_config")
    with open(config, "w") as f:
        f.write(sshd_config(scratch, port, host_key, forced, os.environ.get("USER") or "root"))
    prepared = subprocess.run(["env", f"HOME={operator}", hallway, "serve", "--prepare", "--data", program], capture_output=True, text=True)
    print(prepared.stdout.strip() or prepared.stderr.strip(), file=sys.stderr)
    sshd = subprocess.Popen(["unshare", "-m", "sh", "-c",
                             f"mount -t tmpfs -o mode=0755 hallway-sshd-run /run && mkdir -m 0755 /run/sshd && exec /usr/sbin/sshd -D -e -f {config}"],
                            stdout=subprocess.DEVNULL, stderr=open(os.path.join(scratch, "sshd.log"), "w"))
    try:
        deadline = time.monotonic() + 10
        while not answers(port) and time.monotonic() < deadline:
            time.sleep(0.05)
        user = os.environ.get("USER") or "root"
        ssh_options = ["-F", "/dev/null", "-o", f"UserKnownHostsFile={scratch}/known_hosts", "-o", "StrictHostKeyChecking=accept-new",
                       "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-p", str(port), f"{user}@127.0.0.1"]
        subprocess.run(["ssh-keyscan", "-p", str(port), "127.0.0.1"], stdout=open(f"{scratch}/known_hosts", "w"), stderr=subprocess.DEVNULL)
        keys = []
        for number in range(arguments.visitors):
            key = os.path.join(scratch, f"visitor{number}")
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
            keys.append(key)
        report = run_hall(arguments, keys, ssh_options, operator, hallway)
        report["sshd_log_errors"] = [line for line in open(os.path.join(scratch, "sshd.log")) if "error" in line.lower()][:5]
    finally:
        sshd.send_signal(signal.SIGTERM)
        sshd.wait()
        shutil.rmtree(scratch, ignore_errors=True)
    if arguments.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")


def run_hall(arguments, keys, ssh_options, operator, hallway):
    selector = selectors.DefaultSelector()
    visitors = []
    connect_times = []
    random.seed(7)
    # Visitors arrive a few a second, as a hall fills, not in one instant.
    began = time.monotonic()
    pending = list(enumerate(keys))
    end_at = None
    samples = []
    sshd_pss = 0
    while True:
        now = time.monotonic()
        while pending and now - began >= pending[0][0] / arguments.arrivals:
            number, key = pending.pop(0)
            visitor = Visitor(number, key, ssh_options)
            visitors.append(visitor)
            selector.register(visitor.fd, selectors.EVENT_READ, visitor)
        if end_at is None and not pending and all(v.ready_at or v.closed for v in visitors):
            end_at = time.monotonic() + arguments.seconds
            sample_at = time.monotonic() + arguments.seconds / 2
        for selected, _ in selector.select(timeout=0.005):
            visitor = selected.data
            try:
                data = os.read(visitor.fd, 65536)
            except OSError:
                data = b""
            if not data:
                visitor.closed = True
                selector.unregister(visitor.fd)
                continue
            stamp = time.monotonic()
            if visitor.ready_at is None:
                visitor.screen += data
                if b"Tracks (" in visitor.screen:
                    visitor.ready_at = stamp
                    connect_times.append(stamp - visitor.started)
                    visitor.next_key = stamp + random.uniform(0.5, 1.5)
                    visitor.screen = b""
            elif visitor.sent_at is not None:
                if visitor.first_byte is None:
                    visitor.first_byte = stamp
                visitor.last_byte = stamp
        now = time.monotonic()
        for visitor in visitors:
            # A burst is over when 30 ms pass without a byte: its last byte ends the redraw.
            if visitor.sent_at is not None and visitor.last_byte is not None and now - visitor.last_byte > 0.03:
                if visitor.last_byte - visitor.sent_at > 0.5 and os.environ.get("SSH_LOAD_DEBUG"):
                    print(f"slow: visitor {visitor.number} key {visitor.last_key!r} {visitor.first_byte - visitor.sent_at:.3f} s", file=sys.stderr)
                visitor.latencies_first.append(visitor.first_byte - visitor.sent_at)
                visitor.latencies_last.append(visitor.last_byte - visitor.sent_at)
                visitor.sent_at = visitor.first_byte = visitor.last_byte = None
            if visitor.sent_at is not None and now - visitor.sent_at > 5:
                visitor.sent_at = visitor.first_byte = visitor.last_byte = None  # no redraw for this key
            if visitor.closed or visitor.ready_at is None or visitor.sent_at is not None or now < (visitor.next_key or now + 1):
                continue
            if end_at is not None and now >= end_at:
                continue
            key = "s" if not visitor.starred else KEYS[visitor.presses % len(KEYS)]
            visitor.presses += 1 if visitor.starred else 0
            visitor.starred = True
            visitor.sent_at = now
            visitor.last_key = key
            visitor.send(key.encode())
            visitor.next_key = now + random.uniform(1, 3)
        if end_at is not None and not samples and now >= sample_at:
            for pid in processes(f"{hallway} serve --data"):
                fields = smaps(pid)
                if fields:
                    samples.append(fields)
            sshd_fields = [smaps(pid) for pid in processes("sshd: ")]
            sshd_pss = sum(f.get("Pss", 0) for f in sshd_fields if f)
        if end_at is not None and now >= end_at and all(v.sent_at is None for v in visitors):
            break
    held = sum(1 for v in visitors if v.ready_at and not v.closed)
    for visitor in visitors:
        visitor.send(b"q")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(v.process.poll() is None for v in visitors):
        time.sleep(0.1)
    def sessions():
        found = []
        for pid in processes("sshd: "):
            try:
                if "listener" not in open(f"/proc/{pid}/cmdline").read():
                    found.append(pid)
            except OSError:
                pass
        return found
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (processes(f"{hallway} serve --data") or sessions()):
        time.sleep(0.1)
    left = processes(f"{hallway} serve --data")
    sessions_left = sessions()
    starred_on_disk = 0
    root = os.path.join(operator, ".local/state/hallway/visitors")
    for folder in os.listdir(root) if os.path.isdir(root) else []:
        stars = os.path.join(root, folder, "data/hallway/stars.json")
        if os.path.exists(stars):
            starred_on_disk += 1
    first = [x * 1000 for v in visitors for x in v.latencies_first]
    last = [x * 1000 for v in visitors for x in v.latencies_last]
    pss = [s.get("Pss", 0) / 1024 for s in samples]
    private = [(s.get("Private_Clean", 0) + s.get("Private_Dirty", 0)) / 1024 for s in samples]
    return {
        "visitors": len(visitors),
        "connections_held_to_the_end": held,
        "connect_to_first_frame_ms_p50_p99": [round(percentile(connect_times, 50) * 1000), round(percentile(connect_times, 99) * 1000)],
        "keys_measured": len(last),
        "key_to_first_byte_ms_p50_p99_max": [round(percentile(first, 50), 1), round(percentile(first, 99), 1), round(max(first or [0]), 1)],
        "key_to_redrawn_ms_p50_p99_max": [round(percentile(last, 50), 1), round(percentile(last, 99), 1), round(max(last or [0]), 1)],
        "hallway_processes_sampled": len(samples),
        "pss_per_visitor_mib_mean_max": [round(sum(pss) / max(1, len(pss)), 2), round(max(pss or [0]), 2)],
        "private_per_visitor_mib_mean_max": [round(sum(private) / max(1, len(private)), 2), round(max(private or [0]), 2)],
        "pss_all_hallway_mib": round(sum(pss), 1),
        "pss_all_sshd_mib": round(sshd_pss / 1024, 1) if samples else None,
        "hallway_processes_left": len(left),
        "sshd_sessions_left": len(sessions_left),
        "visitors_with_stars_on_disk": starred_on_disk,
    }


if __name__ == "__main__":
    main()

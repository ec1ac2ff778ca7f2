#!/usr/bin/env python3
"""The sshd_config a test or a load run starts sshd with: this machine's part (a spare port on
127.0.0.1, a host key and pid file of its own, no PAM, root may log in as CI runs as root), then
docs/SERVING.md's `Match User program` block word for word but for the user and the forced
command, so what operators are told is what is tested.

usage: sshd-config.py PORT HOST_KEY PID_FILE USER FORCED_COMMAND   (prints the config)"""
import os
import sys

GUIDE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "SERVING.md")


def documented_block(user, forced):
    guide = open(GUIDE, encoding="utf-8").read()
    block = "# Every public key" + guide.split("```\n# Every public key")[1].split("```")[0]
    lines = []
    for line in block.split("\n"):
        if line.startswith("Match User program"):
            line = f"Match User {user}"
        elif line.strip().startswith("ForceCommand "):
            line = f"    ForceCommand {forced}"
        lines.append(line)
    if not any("ExposeAuthInfo yes" in line for line in lines) or not any("DisableForwarding yes" in line for line in lines):
        sys.exit("sshd-config.py: docs/SERVING.md's block lost ExposeAuthInfo or DisableForwarding")
    return "\n".join(lines) + "\n"


def config(port, host_key, pid_file, user, forced):
    return f"""Port {port}
ListenAddress 127.0.0.1
HostKey {host_key}
PidFile {pid_file}
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin yes
StrictModes no
PrintMotd no
PrintLastLog no
MaxStartups 400
PermitUserEnvironment no
""" + documented_block(user, forced)


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    sys.stdout.write(config(*sys.argv[1:]))

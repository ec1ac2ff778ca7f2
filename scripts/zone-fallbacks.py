#!/usr/bin/env python3
"""Writes Sources/ScheduleKit/Time/ZoneFallbacks.swift: each zone of the system's tz database
(/usr/share/zoneinfo, or the folder given) with the rule its TZif file's footer gives for the
present, for machines that have no tz database (a bare container). Run it again when tzdata
changes a zone's rule: scripts/zone-fallbacks.py [ZONEINFO]"""
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/zoneinfo"
out = os.path.join(os.path.dirname(__file__), "..", "Sources", "ScheduleKit", "Time", "ZoneFallbacks.swift")
version = ""
try:
    with open(os.path.join(root, "tzdata.zi")) as f:
        version = f.readline().strip().removeprefix("# version ")
except OSError:
    pass
rules = {}
for folder, folders, files in os.walk(root):
    relative = os.path.relpath(folder, root)
    if relative.split(os.sep)[0] in ("right", "posix"):
        folders[:] = []
        continue
    for name in files:
        path = os.path.join(folder, name)
        zone = os.path.normpath(os.path.join(relative, name)).replace(os.sep, "/")
        if zone in ("posixrules", "localtime"):
            continue
        with open(path, "rb") as f:
            data = f.read()
        if not data.startswith(b"TZif") or data[4:5] < b"2":
            continue
        footer = data.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")
        if footer:
            rules[zone] = footer
lines = "\n".join(f"{zone}\t{rule}" for zone, rule in sorted(rules.items()))
with open(out, "w") as f:
    f.write(f"""// Written by scripts/zone-fallbacks.py from tzdata {version}; do not edit by hand.

/// Each zone's present rule, as the footer of its TZif file gives it: what `Zone` uses on a
/// machine with no tz database, where it cannot know a zone's past changes.
enum ZoneFallbacks {{
    static func rule(named name: String) -> String? {{
        for line in table.split(separator: "\\n") {{
            guard let tab = line.firstIndex(of: "\\t"), line[..<tab] == name else {{ continue }}
            return String(line[line.index(after: tab)...])
        }}
        return nil
    }}

    static let tzdataVersion = "{version}"

    private static let table = \"\"\"
{lines}
\"\"\"
}}
""")
print(len(rules))

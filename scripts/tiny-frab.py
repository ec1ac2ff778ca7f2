#!/usr/bin/env python3
"""Writes a frab JSON program of many tiny events (about 180 bytes each: an id, a guid, a time,
a room and a short title, no people or texts), the shape of the hostile file in issue 28 (a
million sessions in about 200 MB), where the program's own size per session, not its texts,
is what a reader holds.

    scripts/tiny-frab.py SESSIONS OUT

Ten days of a hundred rooms, five-minute slots, written as it goes."""
import sys
import uuid


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sessions, out = int(sys.argv[1]), sys.argv[2]
    days, rooms = 10, 100
    per_room = max(1, sessions // (days * rooms))
    number = 0
    with open(out, "w", encoding="utf-8") as f:
        f.write('{"schedule":{"version":"1","conference":{"acronym":"tiny","title":"Tiny","start":"2024-05-01",'
                '"end":"2024-05-10","daysCount":10,"timeslot_duration":"00:05","time_zone_name":"Europe/Berlin","days":[')
        for day in range(days):
            date = f"2024-05-{day + 1:02d}"
            f.write(("," if day else "") + f'{{"index":{day + 1},"date":"{date}","day_start":"{date}T00:00:00+02:00",'
                    f'"day_end":"{date}T23:59:00+02:00","rooms":{{')
            for room in range(rooms):
                f.write(("," if room else "") + f'"Room {room}":[')
                for slot in range(per_room):
                    number += 1
                    hour, minute = (slot * 5 // 60) % 24, slot * 5 % 60
                    f.write(("," if slot else "") + f'{{"id":{number},"guid":"{uuid.UUID(int=number)}",'
                            f'"date":"{date}T{hour:02d}:{minute:02d}:00+02:00","start":"{hour:02d}:{minute:02d}",'
                            f'"duration":"00:05","room":"Room {room}","title":"Talk {number}","persons":[]}}')
                f.write("]")
            f.write("}}")
        f.write("]}}}")
    print(number)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes an iCalendar feed of many small events (about 150 bytes each: a UID, a start and an
end, a short title and a room; no people, no descriptions), the shape of the hostile feed in
issue 28 (280,000 events in 32 MB), where what a reader holds is the program's own size per
event, not its texts.

    scripts/tiny-ics.py EVENTS OUT

Forty rooms, fifteen-minute slots from 08:00 UTC, 1,600 events a day, no room booked twice;
written as it goes, with CRLF line ends as RFC 5545 asks."""
import datetime
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    events, out = int(sys.argv[1]), sys.argv[2]
    first = datetime.datetime(2024, 3, 1, 8, 0)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hallway//tiny-ics//EN\r\nX-WR-TIMEZONE:Europe/Berlin\r\n")
        for number in range(events):
            day, within = divmod(number, 1600)
            room, slot = within % 40, within // 40
            start = first + datetime.timedelta(days=day, minutes=15 * slot)
            end = start + datetime.timedelta(minutes=15)
            f.write(f"BEGIN:VEVENT\r\nUID:ev-{number}@tiny.example\r\nDTSTART:{start:%Y%m%dT%H%M%S}Z\r\n"
                    f"DTEND:{end:%Y%m%dT%H%M%S}Z\r\nSUMMARY:Session {number}\r\nLOCATION:Room {room}\r\nEND:VEVENT\r\n")
        f.write("END:VCALENDAR\r\n")
    print(events)


if __name__ == "__main__":
    main()

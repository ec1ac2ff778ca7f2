#!/usr/bin/env python3
"""Grows a real schedule file to a given number of sessions, in its own format, for measuring the
formats conferences publish rather than Hallway's own (issue 25).

    scripts/grow.py SOURCE SESSIONS OUT

The source is repeated whole; each copy after the first has fresh ids and guids, its own rooms
(the name with " ·2", " ·3", … after it) and its own days (a week later per copy), so sizes grow
the way a longer, larger conference's do: more rooms, more days, the same kind of text. The copy
count is the fewest that reach SESSIONS. Formats: frab/pentabarf XML (.xml), frab JSON (.json)
and iCalendar (.ics), told apart by the source's suffix."""
import datetime
import json
import re
import sys
import uuid

DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
COMPACT_DATE = re.compile(r"(?<![0-9])(\d{4})(\d{2})(\d{2})T")


def shifted(text, weeks):
    """Every ISO date in `text` moved `weeks` weeks later."""
    def move(match):
        day = datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3))) + datetime.timedelta(weeks=weeks)
        return day.isoformat()
    return DATE.sub(move, text) if weeks else text


def fresh_guid(guid, copy):
    return guid if copy == 0 else str(uuid.uuid5(uuid.NAMESPACE_URL, f"{guid}/{copy}"))


def room_name(name, copy):
    return name if copy == 0 else f"{name} ·{copy + 1}"


def grow_xml(text, sessions):
    start = text.index("<day ")
    end = text.rindex("</day>") + len("</day>")
    head, days, tail = text[:start], text[start:end], text[end:]
    per_copy = days.count("<event ")
    day_count = days.count("<day ")
    copies = -(-sessions // per_copy)
    grown = []
    for copy in range(copies):
        part = shifted(days, copy)
        if copy:
            part = re.sub(r'guid="([^"]+)"', lambda m: f'guid="{fresh_guid(m.group(1), copy)}"', part)
            part = re.sub(r'(<event [^>]*?)id="(\d+)"', lambda m: f'{m.group(1)}id="{int(m.group(2)) + copy * 1_000_000}"', part)
            part = re.sub(r'(<room [^>]*?)name="([^"]+)"', lambda m: f'{m.group(1)}name="{room_name(m.group(2), copy)}"', part)
            part = re.sub(r"<room>([^<]+)</room>", lambda m: f"<room>{room_name(m.group(1), copy)}</room>", part)
            part = re.sub(r'(<day [^>]*?)index="(\d+)"', lambda m: f'{m.group(1)}index="{int(m.group(2)) + copy * day_count}"', part)
        grown.append(part)
    head = re.sub(r"<days>\d+</days>", f"<days>{copies * day_count}</days>", head)
    return head + "\n    ".join(grown) + tail, copies * per_copy


def grow_json(text, sessions):
    document = json.loads(text)
    conference = document["schedule"]["conference"]
    days = conference["days"]
    per_copy = sum(len(events) for day in days for events in day["rooms"].values())
    copies = -(-sessions // per_copy)
    grown = []
    for copy in range(copies):
        for day in json.loads(shifted(json.dumps(days), copy)):
            day["index"] = day["index"] + copy * len(days)
            rooms = {}
            for name, events in day["rooms"].items():
                for event in events:
                    if copy:
                        event["guid"] = fresh_guid(event["guid"], copy)
                        event["id"] = event["id"] + copy * 1_000_000
                        event["room"] = room_name(event["room"], copy)
                rooms[room_name(name, copy)] = events
            day["rooms"] = rooms
            grown.append(day)
    conference["days"] = grown
    conference["daysCount"] = len(grown)
    conference["end"] = grown[-1]["date"]
    return json.dumps(document, ensure_ascii=False, indent=1), copies * per_copy


def grow_ics(text, sessions):
    # Unfolded first (a fold may split a UID), so each copy's fields can be rewritten whole.
    text = text.replace("\r\n", "\n").replace("\n ", "").replace("\n\t", "")
    start = text.index("BEGIN:VEVENT")
    end = text.rindex("END:VEVENT") + len("END:VEVENT")
    head, events, tail = text[:start], text[start:end], text[end:]
    per_copy = events.count("BEGIN:VEVENT")
    copies = -(-sessions // per_copy)

    def move_compact(match, weeks):
        day = datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3))) + datetime.timedelta(weeks=weeks)
        return day.strftime("%Y%m%dT")

    grown = []
    for copy in range(copies):
        part = events
        if copy:
            part = COMPACT_DATE.sub(lambda m: move_compact(m, copy), part)
            part = re.sub(r"^UID:(.*)$", lambda m: f"UID:{m.group(1)}-copy{copy}", part, flags=re.M)
            part = re.sub(r"^(LOCATION[^:]*):(.*)$", lambda m: f"{m.group(1)}:{room_name(m.group(2), copy)}", part, flags=re.M)
        grown.append(part)
    return (head + "\n".join(grown) + tail).replace("\n", "\r\n"), copies * per_copy


def main():
    source, sessions, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(source, encoding="utf-8") as file:
        text = file.read()
    grow = grow_xml if source.endswith(".xml") else grow_ics if source.endswith(".ics") else grow_json
    grown, count = grow(text, sessions)
    with open(out, "w", encoding="utf-8", newline="") as file:
        file.write(grown)
    print(count)


if __name__ == "__main__":
    main()

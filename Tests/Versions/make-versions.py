#!/usr/bin/env python3
"""Makes the release fixtures of issue 23 from the real 38C3 export in ../shared/fixtures:
congress-v1.xml (30 events of two days in three rooms), congress-v1-reordered.xml (the same
content, rooms and events in another order, indented with tabs) and congress-v2.xml (a later
release with every kind of change a real release brings, beginning with a blank line before
<?xml). Run once; the files are kept, so the tests never depend on this script or on ../shared."""
import copy, sys, xml.etree.ElementTree as ET

source = sys.argv[1] if len(sys.argv) > 1 else "../../../shared/fixtures/schedules/frab-38c3.xml"
tree = ET.parse(source)
root = tree.getroot()
for day in root.findall("day")[2:]:
    root.remove(day)
for day in root.findall("day"):
    for room in day.findall("room")[3:]:
        day.remove(room)
    for room in day.findall("room"):
        events = room.findall("event")
        keep = events[1:6] if room.get("name") == "Saal ZIGZAG" and day.get("date") == "2024-12-27" else events[:5]
        for event in events:
            if event not in keep:
                room.remove(event)

def write(tree, path, indent, prefix=""):
    ET.indent(tree, space=indent)
    body = ET.tostring(tree.getroot(), encoding="unicode")
    with open(path, "w", encoding="utf-8") as f:
        f.write(prefix + '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n")

write(tree, "congress-v1.xml", "    ")

reordered = copy.deepcopy(tree)
for day in reordered.getroot().findall("day"):
    rooms = day.findall("room")
    for room in rooms:
        day.remove(room)
        events = room.findall("event")
        for event in events:
            room.remove(event)
        for event in reversed(events):
            room.append(event)
    for room in reversed(rooms):
        day.append(room)
write(reordered, "congress-v1-reordered.xml", "\t")

v2 = copy.deepcopy(tree)
r = v2.getroot()
r.find("version").text = "2025-03-05 09:12"
def event(title_start):
    for e in r.iter("event"):
        if e.findtext("title").startswith(title_start):
            return e
    raise SystemExit("no event " + title_start)
def container(e):
    for room in r.iter("room"):
        if e in list(room):
            return room
def day_room(date, name):
    for day in r.findall("day"):
        if day.get("date") == date:
            return next(room for room in day.findall("room") if room.get("name") == name)

# Added: a talk in a night slot, 00:15 after the first day, listed under that day.
added = copy.deepcopy(event("Breaking NATO"))
added.set("guid", "5e1f3a52-7d0c-4c67-9f0e-0a1b2c3d4e5f")
added.set("id", "90001")
added.find("date").text = "2024-12-28T00:15:00+01:00"
added.find("start").text = "00:15"
added.find("title").text = "Late Night Lightning: What We Found in the Hub"
persons = added.find("persons")
for person in list(persons):
    persons.remove(person)
ET.SubElement(persons, "person", guid="8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d").text = "Night Owl"
day_room("2024-12-27", "Saal ZIGZAG").append(added)
# Cancelled: one gone from the program, one marked in its title.
clay = event("Clay PCB")
container(clay).remove(clay)
thuering = event("Der Thüring-Test")
thuering.find("title").text = "CANCELLED: " + thuering.find("title").text
# Moved to another room at the same time.
ace = event("ACE up the sleeve")
container(ace).remove(ace)
ace.find("room").text = "Saal 1"
day_room("2024-12-27", "Saal 1").append(ace)
# Moved to another time; retimed; retitled; language changed.
nato = event("Breaking NATO")
nato.find("date").text = "2024-12-27T16:00:00+01:00"
nato.find("start").text = "16:00"
event("Correctiv-Recherche").find("duration").text = "01:00"
fault = event("From fault injection to RCE")
fault.find("title").text = fault.find("title").text.replace("From fault injection", "From Fault Injection")
event("Die Faszination des echten Kugelspiels").find("language").text = "en"
# Speakers added to a panel; a speaker renamed from a nickname to a full name (same guid).
review = event("Der CCC-Jahresrückblick").find("persons")
ET.SubElement(review, "person", guid="3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f").text = "Panel Guest One"
ET.SubElement(review, "person", guid="4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a").text = "Panel Guest Two"
for person in ace.find("persons"):
    if person.text == "stacksmashing":
        person.text = "Thomas Roth"
write(v2, "congress-v2.xml", "  ", prefix="\n")

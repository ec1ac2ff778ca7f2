#!/usr/bin/env python3
"""Writes single-edit variants of the bundled program into a folder, with the published schema's
verdict on each (Python jsonschema, the reference implementation), so the tests can check that
`hallway validate` refuses every file the schema refuses.

usage: schema-mutants.py SCHEMA DOCUMENT OUT_FOLDER
Writes OUT_FOLDER/<name>.json (indented like the bundled file) and OUT_FOLDER/verdicts.json:
{name: null when the schema accepts, else the first error}."""
import copy
import json
import random
import sys

import jsonschema

schema_path, document_path, out = sys.argv[1:4]
schema = json.load(open(schema_path))
original = json.load(open(document_path))
validator = jsonschema.Draft202012Validator(schema)

# The sixteen single edits a new user found that validate accepted.
named = {
    "id-empty": lambda d: d["sessions"][0].__setitem__("id", ""),
    "id-with-space": lambda d: d["sessions"][0].__setitem__("id", "a b"),
    "id-trailing-space": lambda d: d["speakers"][0].__setitem__("id", "jimmy-song "),
    "id-with-escape": lambda d: d["sources"][0].__setitem__("id", "S1\u001b[31mX\u0007"),
    "id-with-nul": lambda d: d["tracks"][0].__setitem__("id", "key\u0000notes"),
    "id-with-emoji": lambda d: d["topics"][0].__setitem__("id", "ambient🎉"),
    "conference-id-bad": lambda d: d["conference"].__setitem__("id", "istio con"),
    "speaker-name-empty": lambda d: d["speakers"][0].__setitem__("name", ""),
    "speaker-role-unknown": lambda d: d["speakers"][0].__setitem__("roles", ["emperor"]),
    "source-url-missing": lambda d: d["sources"][0].pop("url"),
    "session-track-missing": lambda d: d["sessions"][0].pop("track"),
    "track-name-null": lambda d: d["tracks"][0].__setitem__("name", None),
    "topic-name-null": lambda d: d["topics"][0].__setitem__("name", None),
    "source-title-null": lambda d: d["sources"][0].__setitem__("title", None),
    "session-summary-number": lambda d: d["sessions"][0].__setitem__("summary", 42),
    "session-label-empty-without-titles": lambda d: d["sessions"][0].__setitem__("label", ""),
}

# Then seeded random single edits anywhere in the document: a value replaced by one of another
# kind or a hostile string, a field removed, an unknown field added.
replacements = [None, "", " ", "x y", "\u001b[2J", "\u202e", 0, -1, 1.5, True, [], {}, "2023-13-45", "not a time"]


def places(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from places(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from places(value, path + (index,))


def parent_of(document, path):
    node = document
    for step in path[:-1]:
        node = node[step]
    return node


random.seed(20231126)
all_places = [path for path, _ in places(original) if path]
mutants = dict((name, edit) for name, edit in named.items())
for number in range(400):
    path = random.choice(all_places)
    action = random.choice(["replace", "replace", "remove", "add"])
    def edit(d, path=path, action=action, value=random.choice(replacements)):
        parent = parent_of(d, path)
        if action == "replace":
            parent[path[-1]] = copy.deepcopy(value)
        elif action == "remove":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent["unexpected"] = 1
        else:
            parent.append(copy.deepcopy(value))
    mutants[f"random-{number:03d}"] = edit

verdicts = {}
for name, edit in mutants.items():
    document = copy.deepcopy(original)
    edit(document)
    with open(f"{out}/{name}.json", "w") as file:
        json.dump(document, file, ensure_ascii=False, indent=2)
    errors = list(validator.iter_errors(document))
    verdicts[name] = None if not errors else f"{list(errors[0].absolute_path)}: {errors[0].message}"[:300]
json.dump(verdicts, open(f"{out}/verdicts.json", "w"), indent=1)

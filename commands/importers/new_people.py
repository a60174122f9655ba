"""The people an import added, named in its report, with a warning for each whose name is a
close spelling of somebody known before it (a misspelt name in the minutes makes a second
person who is never reminded and owns what the first should)."""

from __future__ import annotations

from rapidfuzz import fuzz

from commands.formatting import some_of
from storage.repositories import Repositories

# How alike two names must be (rapidfuzz's ratio, 0–100) to be named as a likely misspelling.
_CLOSE = 85
_MAX_NAMED = 10


def people_ids(repos: Repositories) -> set[int]:
    """The ids of the workspace's people now (before an import)."""
    return {p.id for p in repos.people.all_people(load_roles=False)}


def new_people_notes(repos: Repositories, before: set[int]) -> list[str]:
    """The report's lines on the people added since ``before`` was taken."""
    people = repos.people.all_people(load_roles=False)
    known = [p.name for p in people if p.id in before]
    added = [p.name for p in people if p.id not in before]
    if not added:
        return []
    who = "person" if len(added) == 1 else "people"
    lines = [f"Added {len(added)} new {who}: {some_of(added, _MAX_NAMED)}."]
    for name in added:
        close = [k for k in known if fuzz.ratio(name.lower(), k.lower()) >= _CLOSE]
        if close:
            lines.append(
                f"⚠️ {name} is close to {close[0]}, known already: if they are one person, "
                f"`merge {name} into {close[0]}` puts it right."
            )
    return lines

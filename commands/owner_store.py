"""Turn a lead cell into stored owners: people and roles, created when new (as imports do)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from sqlalchemy import literal, select
from sqlalchemy.orm import Session

from commands.formatting import fmt_date
from commands.owners import (
    OwnerRef,
    clean,
    honorific_variants,
    one_name,
    person_key,
    run_together,
    run_together_splits,
    split_lead,
)
from commands.people_index import PeopleIndex, PeopleSource
from commands.presenters import OwnerRow as ShownOwner
from storage.models import Action, ActionOwner, Base, Person, RemovedPerson, Role
from storage.repositories import Repositories

# Column sizes: person names and keys and role titles 200 characters, role keys 100.
NAME_CHARS = 200
ROLE_KEY_CHARS = 100


def person_named(repos: PeopleSource, key: str) -> Person | None:
    """The stored person a name's key names: exactly, else the one person stored with an
    honorific written or left out ("Cllr Ann Waters" is Ann Waters, and the other way), else
    the one person who was also known by that name (merged into them, or renamed: see
    ``PersonAlias``), so that a file still writing the old name finds them."""
    exact = repos.people.person_by_key(key)
    if exact is not None:
        return exact
    variants = honorific_variants(key)
    titled = repos.people.people_by_keys(variants)
    if titled:
        return titled[0] if len(titled) == 1 else None
    aliases = repos.people.aliases_by_keys([key, *variants])
    owners = {a.person_id for a in aliases}
    return repos.people.person_by_id(owners.pop()) if len(owners) == 1 else None


def person_by_one_name(
    repos: PeopleSource, key: str, coming: Mapping[str, str] | None = None
) -> Person | None:
    """The one stored person a name written alone means ("Jon" Jon Abbey, "Cllr Waters" Ann
    Waters) when one of their name's words is it and nobody else's is; None for a fuller name
    or when nobody, or several people, have it. ``coming`` (name key -> name as written) are
    the people the file being imported names in full and who are not stored yet: they count
    as stored, so that which row comes first does not decide (the one made when so meant)."""
    word = one_name(key)
    if word is None:
        return None
    found = _one_name_candidates(repos, word, coming or {})
    if len(found) != 1:
        return None
    return _made(repos, found[0], coming or {})


def _one_name_candidates(
    repos: PeopleSource, word: str, coming: Mapping[str, str]
) -> list[Person | str]:
    """The people a name written alone (``word``) may mean: the stored people one of whose
    name's words it is, and the keys of the people ``coming`` (see :func:`person_by_one_name`)
    of whom that is so and who are not stored yet."""
    people = repos.people.people_with_name_word(word)
    stored = {p.name_key for p in people}
    later = [k for k in coming if word in k.split() and k not in stored]
    return [*people, *later]


def _made(repos: PeopleSource, found: Person | str, coming: Mapping[str, str]) -> Person:
    """The person ``found`` is: a stored one, or (a key of ``coming``) made now, named as the
    file first writes them."""
    if isinstance(found, Person):
        return found
    return repos.people.get_or_create_person(coming[found][:NAME_CHARS], found[:NAME_CHARS])


def resolve_owner(repos: PeopleSource, ref: OwnerRef) -> Person | Role:
    """The stored person or role an owner reference names, created if new."""
    if ref.kind == "person":
        known = person_named(repos, ref.key[:NAME_CHARS])
        if known is not None:
            return known
        return repos.people.get_or_create_person(ref.display[:NAME_CHARS], ref.key[:NAME_CHARS])
    return repos.people.get_or_create_role(ref.key[:ROLE_KEY_CHARS], ref.display[:NAME_CHARS])


def removal_of(repos: PeopleSource, key: str) -> RemovedPerson | None:
    """The mark left by removing the person a name's key names (with an honorific written or
    left out); look for a stored person of that name first."""
    marks = repos.people.removed_by_keys([key, *honorific_variants(key)])
    return marks[0] if marks else None


def removed_by_one_name(repos: PeopleSource, key: str) -> RemovedPerson | None:
    """The removed person a name written alone means ("Brown": Bob Brown, removed) when no
    stored person's name has that word and the names of one removed person do; None for a
    fuller name, or when somebody stored, nobody removed or several removed people have it."""
    word = one_name(key)
    if word is None or repos.people.people_with_name_word(word):
        return None
    marks = repos.people.removed_with_name_word(word)
    # The names of one person (their name, those they were also known by) share a removal.
    return marks[0] if len({(m.removed_at, m.removed_by) for m in marks}) == 1 else None


def removed_name_text(repos: PeopleSource, typed: str) -> str:
    """Why a name typed in chat that names nobody stored names nobody: somebody an
    administrator removed had it (in full, or as the one removed person with that single
    name), and how they are added again; '' otherwise."""
    key = person_key(typed.lstrip("@"))[:NAME_CHARS]
    if not key:
        return ""
    mark = removal_of(repos, key)
    alone = mark is None
    mark = mark or removed_by_one_name(repos, key)
    if mark is None:
        return ""
    who = f"The only person called “{typed[:60]}”, {mark.name}," if alone else mark.name
    return (
        f"{who} was removed ({removal_words(mark)}). If they are back, "
        f"naming them as an owner with `new {mark.name}` adds them again, and an "
        f"administrator's `unremove {mark.name}` lets imports add them too."
    )


def removal_words(mark: RemovedPerson) -> str:
    """When and by whom a person was removed: ``7 Dec 2026 by Jon Abbey``."""
    by = f" by {mark.removed_by}" if mark.removed_by else ""
    return f"{fmt_date(mark.removed_at.date())}{by}"


@dataclass
class OwnerNotes:
    """What reading lead cells met, for an import's report: removed people named (by name
    key), names read with the people already stored (as written → whom; names run together
    too, of three words or more), names of four words or more read as one new person's
    (``one_person``), and single names whose only person was removed (``alone_removed``)."""

    met: dict[str, RemovedPerson] = field(default_factory=dict)
    read_as: dict[str, str] = field(default_factory=dict)
    one_person: set[str] = field(default_factory=set)
    # Single names as written whose only person was removed ("Brown": Bob Brown).
    alone_removed: dict[str, RemovedPerson] = field(default_factory=dict)


# The longest name (in words) looked for among names run together.
_NAME_WORDS = 6

T_Known = TypeVar("T_Known")


def _spans(words: Sequence[str]) -> list[str]:
    """Each run of two to ``_NAME_WORDS`` consecutive words: the names ``words`` may hold."""
    n = len(words)
    return [
        " ".join(words[i:j]) for i in range(n) for j in range(i + 2, min(n, i + _NAME_WORDS) + 1)
    ]


def _by_span(spans: Sequence[str], found: Mapping[str, T_Known]) -> dict[str, T_Known]:
    """What each span names among ``found`` (by name key): its own key, else the one key it
    is with an honorific written or left out ("ann waters" for Cllr Ann Waters)."""
    named: dict[str, T_Known] = {}
    for span in spans:
        if span in found:
            named[span] = found[span]
            continue
        others = [found[v] for v in honorific_variants(span) if v in found]
        if len(others) == 1:
            named[span] = others[0]
    return named


def people_run_together(
    repos: PeopleSource,
    ref: OwnerRef,
    notes: OwnerNotes | None = None,
    coming: Mapping[str, str] | None = None,
) -> list[Person] | None:
    """The stored people a reference of four words or more names when a separator was lost
    ("Richard Hutton Cath Hogan": Richard Hutton and Cath Hogan), when its words split one
    way only into their names (:func:`commands.owners.run_together`), each with an honorific
    written or left out as when written alone; None otherwise. A removed person's name is one
    of them too, as it would be written alone: left out (noted in ``notes``), rather than the
    whole read as one new person's. A person's name of three words splits too, into a
    name written alone and a stored person's two (see :func:`_three_words_split`). The
    people ``coming`` (see :func:`person_by_one_name`) count as stored, made when named."""
    words = person_key(ref.display).split()
    if len(words) == 3 and ref.kind == "person":
        return _three_words_split(repos, words, coming or {})
    if len(words) < 4:
        return None
    spans = _spans(words)
    keys = [*spans, *(v for span in spans for v in honorific_variants(span))]
    stored: dict[str, Person | str] = dict(
        _by_span(spans, {p.name_key: p for p in repos.people.people_by_keys(keys)})
    )
    # The people the file names in full, not stored yet, count as stored (see expect).
    later = {s: s for s in spans if s in (coming or {}) and s not in stored}
    stored.update(later)
    marks = _by_span(spans, {m.name_key: m for m in repos.people.removed_by_keys(keys)})
    names = run_together(words, {*stored, *marks})
    if not names:
        return None
    for name in names:
        if name not in stored and notes is not None:
            notes.met[marks[name].name_key] = marks[name]
    return [_made(repos, stored[n], coming or {}) for n in names if n in stored]


def three_word_splits(
    words: Sequence[str],
    person_of: Callable[[str], T_Known | None],
    one_name_of: Callable[[str], list[T_Known]],
) -> list[list[T_Known]]:
    """The ways a name of three words ("jon richard hutton") is a name written alone and a
    stored person's name of two, in either order: for each, the people it names in order.
    ``person_of`` finds the person a two-word name's key names; ``one_name_of`` the people a
    name written alone may mean (more than one: each is a way). A way naming one person twice
    is none."""
    if len(words) != 3:
        return []
    ways: list[list[T_Known]] = []
    for one, two, alone_first in ((words[0], words[1:], True), (words[2], words[:2], False)):
        pair = person_of(" ".join(two))
        if pair is None:
            continue
        for alone in one_name_of(one):
            if alone != pair:
                ways.append([alone, pair] if alone_first else [pair, alone])
    return ways


def _three_words_split(
    repos: PeopleSource, words: Sequence[str], coming: Mapping[str, str]
) -> list[Person] | None:
    """The two people a person's name of three words names when a separator was lost ("Jon
    Richard Hutton": Jon Abbey, the one Jon, and Richard Hutton), when it is nobody's name
    itself (the caller looked) and splits only one way so, among the people stored and those
    ``coming`` (see :func:`person_by_one_name`); None otherwise. Unlike longer names, a
    removed person's name is no part: three words are more often one person's name than two."""

    def person_of(key: str) -> Person | str | None:
        found = person_named(repos, key)
        return found if found is not None or key not in coming else key

    def alone(word: str) -> list[Person | str]:
        found = _one_name_candidates(repos, word, coming)
        return found if len(found) == 1 else []

    ways = three_word_splits(words, person_of, alone)
    return [_made(repos, p, coming) for p in ways[0]] if len(ways) == 1 else None


def resolve_owners(
    repos: PeopleSource,
    lead: str | Iterable[OwnerRef],
    notes: OwnerNotes | None = None,
    coming: Mapping[str, str] | None = None,
) -> list[Person | Role]:
    """The people and roles a lead cell ("Ken Morton/ Catherine Marchant", "HOS") or a list of
    owner references names, in order. Parts with no letters or digits to match by ("☃", "—")
    are skipped, and so are people an administrator removed (not added again). Names are read
    with the people already stored where they are no one's in full: a name written alone is
    the one person with that name (:func:`person_by_one_name`), rather than a new person
    called "Jon", and names run together are the people they name
    (:func:`people_run_together`); a name written alone that only a removed person had adds
    nobody either. ``notes`` gathers what the report should say; ``coming`` the people an
    import's file names in full who are not stored yet (see :func:`person_by_one_name`)."""
    notes = notes if notes is not None else OwnerNotes()
    if isinstance(lead, str) and (whole := _cell_person(repos, lead, coming or {})) is not None:
        return [whole]
    refs = split_lead(lead) if isinstance(lead, str) else list(lead)
    owners: list[Person | Role] = []
    for ref in refs:
        if not ref.key.strip(" '-"):
            continue
        if ref.kind == "person":
            known = person_named(repos, ref.key[:NAME_CHARS])
            mark = removal_of(repos, ref.key[:NAME_CHARS]) if known is None else None
            if mark is not None:
                notes.met[mark.name_key] = mark
                continue
            if known is None:
                known = person_by_one_name(repos, ref.key[:NAME_CHARS], coming)
                if known is not None:
                    notes.read_as[ref.display] = known.name
            gone = removed_by_one_name(repos, ref.key[:NAME_CHARS]) if known is None else None
            if gone is not None:
                notes.alone_removed[ref.display] = gone
                continue
            if known is not None:
                owners.append(known)
                continue
        elif repos.people.role_by_key(ref.key[:ROLE_KEY_CHARS]) is not None:
            owners.append(resolve_owner(repos, ref))
            continue
        elif (same := _person_in_other_case(repos, ref, coming or {})) is not None:
            owners.append(same)
            continue
        several = people_run_together(repos, ref, notes, coming)
        if several is not None:
            owners += several
            if several:
                notes.read_as[ref.display] = " and ".join(p.name for p in several)
            continue
        if ref.kind == "person" and len(ref.key.split()) >= 4:
            notes.one_person.add(ref.display)
        owners.append(resolve_owner(repos, ref))
    return owners


def cased_name_cell(lead: str) -> str | None:
    """The key of a whole cell written like a name all in capitals or all in lower case ("ANN
    SAMPLE", "ann sample": two to four words of letters), which its case alone makes roles
    (short capitalised words read as posts' initials); None for any other cell."""
    text = clean(lead).strip()
    words = text.split()
    if not 2 <= len(words) <= 4 or not (text.isupper() or text.islower()):
        return None
    if not all(w.replace("-", "").replace("'", "").isalpha() for w in words):
        return None
    return person_key(text)[:NAME_CHARS]


def _cell_person(repos: PeopleSource, lead: str, coming: Mapping[str, str]) -> Person | None:
    """The person a whole cell names in capitals or lower case ("ANN SAMPLE" for Ann
    Sample), stored or named in full elsewhere in the file (``coming``); None otherwise."""
    key = cased_name_cell(lead)
    if key is None:
        return None
    known = person_named(repos, key)
    if known is None and key in coming:
        known = _made(repos, key, coming)
    return known


def cased_otherwise(ref: OwnerRef) -> bool:
    """Whether a reference read as a role may be so for its case alone: two words or more, of
    letters only, not each capitalised, or all in capitals ("ann testsmith", "ann Testsmith",
    "ANN TESTSMITH"), which a person written so may be."""
    words = ref.display.split()
    return (
        ref.kind == "role"
        and len(words) >= 2
        and all(w.replace("-", "").replace("'", "").isalpha() for w in words)
        and (ref.display.isupper() or not all(w[:1].isupper() for w in words))
    )


def _person_in_other_case(
    repos: PeopleSource, ref: OwnerRef, coming: Mapping[str, str]
) -> Person | None:
    """The person a name written all in lower or upper case names ("ann testsmith" for Ann
    Testsmith), stored or named in full elsewhere in the file (``coming``); None when nobody
    is, and the words stay what their case reads them as (a role, "head of service")."""
    if not cased_otherwise(ref):
        return None
    key = person_key(ref.display)[:NAME_CHARS]
    known = person_named(repos, key)
    if known is None and key in coming:
        known = _made(repos, key, coming)
    return known


def _splits_among(words: Sequence[str], known: Collection[str]) -> bool:
    """Whether a name's key, split into ``words``, is names run together of the people whose
    keys are ``known``, as :func:`people_run_together` splits them (a removed person's, or an
    honorific written or left out, aside)."""
    if len(words) == 3:

        def alone(word: str) -> list[str]:
            found = [k for k in known if word in k.split()]
            return found if len(found) == 1 else []

        return len(three_word_splits(words, lambda k: k if k in known else None, alone)) == 1
    return len(words) >= 4 and run_together(words, known) is not None


def lines_to_read(kept: str, lines: str) -> str:
    """What owners are read from: the cell with its line breaks (``lines``: "Fiona
    Smith⏎Jon Abbey", two people) when it is the cell kept as ``kept`` (on one line), else
    ``kept``."""
    return lines if lines and " ".join(lines.split()) == kept else kept


T = TypeVar("T")


def owner_rows(owners: list[Person | Role], row: Callable[..., T]) -> list[T]:
    """Owner rows (ActionOwner, IndicatorOwner, AgendaItemOwner…) in order, without duplicates
    (a person or role an import made and has not sent yet, with no id, counts by itself)."""
    rows: list[T] = []
    seen: set[tuple[str, int]] = set()
    for owner in owners:
        key = ("person" if isinstance(owner, Person) else "role", owner.id)
        if owner.id is None:
            key = ("new", id(owner))
        if key in seen:
            continue
        seen.add(key)
        if isinstance(owner, Person):
            rows.append(row(person=owner, position=len(rows)))
        else:
            rows.append(row(role=owner, position=len(rows)))
    return rows


def handed_over(
    rows: Sequence[ShownOwner], leaver: Person, to: list[Person | Role]
) -> list[Person | Role]:
    """The owners after a hand-over (or a merge): ``to`` where ``leaver`` stood, the others
    kept in their places."""
    owners: list[Person | Role] = []
    for row in rows:
        if row.person_id == leaver.id:
            owners.extend(to)
        elif row.person is not None:
            owners.append(row.person)
        elif row.role is not None:
            owners.append(row.role)
    return owners


def owner_keys(owners: list[Person | Role]) -> list[tuple[int | None, int | None]]:
    """(person id, role id) of each owner in order without duplicates, as owner rows hold them:
    compare with ``[(o.person_id, o.role_id) for o in item.owners]`` before replacing owners.
    A person or role made and not sent yet (see PeopleIndex) has no id: ``(None, None)``,
    which no stored owner row is, so the comparison finds the owners changed, as it would
    with the id the new owner will have."""
    keys: list[tuple[int | None, int | None]] = []
    for owner in owners:
        key = (owner.id, None) if isinstance(owner, Person) else (None, owner.id)
        if key not in keys:
            keys.append(key)
    return keys


def set_action_owners(action: Action, owners: list[Person | Role]) -> None:
    """Replace an action's owners, keeping their order and dropping duplicates."""
    action.owners = owner_rows(owners, ActionOwner)


class OwnerRow(Protocol):
    """An owner row of an action, an indicator or an agenda item."""

    person_id: int | None
    role_id: int | None


OwnerKey = tuple[int | None, int | None]


def _fits(options: Sequence[list[list[OwnerKey]]], stored: list[OwnerKey]) -> bool:
    """Whether ``stored`` (owner rows' keys, in order, without duplicates) is what one way of
    reading each reference in turn gives (an owner named twice is kept once)."""

    def walk(i: int, at: int, seen: tuple[OwnerKey, ...]) -> bool:
        if i == len(options):
            return at == len(stored)
        for way in options[i]:
            new = [k for k in dict.fromkeys(way) if k not in seen]
            if stored[at : at + len(new)] == new and walk(i + 1, at + len(new), (*seen, *new)):
                return True
        return False

    return walk(0, 0, ())


class OwnerReadings:
    """Whether stored owners are what a lead cell names as it is read now, without creating
    anybody. An import uses it to put right owners that an earlier import read wrongly from a
    cell unchanged since ("Team Manager, Fostering" once made a person "Fostering"): as long as
    the stored lead text is still the cell, nobody has set the owners in chat since, as that
    sets the lead text too. People and roles are loaded once, and each cell is read once."""

    def __init__(self, repos: Repositories) -> None:
        self._repos = repos
        # Lead cells are read from the workspace's people loaded once (see PeopleIndex).
        self._index = PeopleIndex(repos.people)
        # Person ids by name key, by other name (alias) key, and role ids by key.
        self._ids: tuple[dict[str, int], dict[str, int], dict[str, int]] | None = None
        self._read: dict[str, list[list[list[OwnerKey]]] | None] = {}
        # What each import that put owners right names them by ("1.1 (Team Manager, ...)").
        self.reread: list[str] = []
        # The people who owned what was put right, before: those the wrong reading made up
        # own nothing afterwards (see _forget_made_up).
        self._replaced: set[int] = set()
        # The names of the people removed as made up.
        self.removed: list[str] = []
        # What reading the cells met: removed people named (not added again), names read
        # with the people stored.
        self.notes = OwnerNotes()
        self._marks: dict[str, RemovedPerson] | None = None
        # The people the file names in full who are not stored yet (see expect).
        self.coming: dict[str, str] = {}

    def resolve(self, lead: str | Iterable[OwnerRef]) -> list[Person | Role]:
        """The owners ``lead`` names, created when new, as :func:`resolve_owners` reads them
        (removed people noted for the report; the people :meth:`expect` found to come count
        as stored).

        A cell is read from the workspace's people and roles loaded once (see PeopleIndex),
        not queried cell by cell; the people and roles made go in with the import's next
        flush, together with the rows it added (actions, values, agenda items). The first
        cell's loading does not send those rows first either: they are no part of it."""
        with self._repos.people.session.no_autoflush:
            return resolve_owners(self._index, lead, self.notes, self.coming)

    def expect(self, leads: Iterable[str]) -> None:
        """Before a file's rows are read: note the people its lead cells (``leads``, every
        row's) name in full who are not stored yet, so that a name written alone ("Jon") is
        read the same whichever row comes first: as the one Jon of the people stored and
        those the file names ("Jon Abbey" on a later row), or as nobody's when two are
        ("Jon Abbey" and "Jon Hutton"). Names that split into others (run together) are not
        people to come. Nothing is read when no cell names anybody by one name alone."""
        cells = list(dict.fromkeys(leads))
        every = [ref for lead in cells for ref in split_lead(lead)]
        refs = [ref for ref in every if ref.kind == "person" and ref.key.strip(" '-")]
        # Also a name written in lower or upper case ("ann testsmith", "ANN SAMPLE"), which is
        # the person another cell names in full ("Ann Sample").
        if (
            not any(one_name(ref.key[:NAME_CHARS]) for ref in refs)
            and not any(cased_otherwise(ref) for ref in every)
            and not any(cased_name_cell(lead) for lead in cells)
        ):
            return
        people = self._loaded()[0]
        coming: dict[str, str] = {}
        longer: list[OwnerRef] = []
        for ref in refs:
            key = ref.key[:NAME_CHARS]
            if key in coming or one_name(key) is not None or self._person_id(key) is not None:
                continue
            if any(v in self._removed_marks() for v in (key, *honorific_variants(key))):
                continue  # not added again
            if len(key.split()) == 2:
                coming[key] = ref.display
            else:
                longer.append(ref)
        known = {*people, *coming}
        for ref in longer:
            key = ref.key[:NAME_CHARS]
            if key not in coming and not _splits_among(person_key(ref.display).split(), known):
                coming[key] = ref.display
        self.coming = coming

    def record(self, owners: Sequence[OwnerRow], label: str) -> None:
        """Note that ``owners`` (of what ``label`` names) are about to be replaced by what
        the cell names now."""
        self.reread.append(label)
        self._replaced.update(o.person_id for o in owners if o.person_id is not None)

    def close(self, notes: list[str], what: str, cells: str = "Lead cells") -> None:
        """At the end of an import: remove the people the wrong readings made up (see
        :meth:`_forget_made_up`) and add the report's line on what was put right to ``notes``
        (``what`` the import put right: "action", "indicator", "agenda item"; ``cells`` what
        the owners were read from, as the report names them: "`Action:` lines" in minutes)."""
        self._forget_made_up(self._repos.people.session)
        line = self._note(what)
        if line:
            notes.append(line)
        for line in (
            removed_note(list(self.notes.met.values()), cells),
            alone_removed_note(self.notes.alone_removed, cells),
            read_as_note(self.notes.read_as, cells),
            one_person_note(self.notes.one_person),
        ):
            if line:
                notes.append(line)

    def _forget_made_up(self, session: Session) -> None:
        """Remove each person who owned something put right and is now referred to by
        nothing at all (no ownership, chat account, role, update, reminder): a name that only
        the wrong reading made up ("Fostering"). Anybody anything still refers to is kept."""
        if not self._replaced:
            return
        session.flush()
        for person_id in sorted(self._replaced):
            person = session.get(Person, person_id)
            if person is not None and not referred_to(session, person_id):
                self.removed.append(person.name)
                session.delete(person)
        session.flush()

    def reads_otherwise(self, owners: Sequence[OwnerRow], lead: str) -> bool:
        """Whether ``lead`` names other owners than ``owners`` (people and roles that do not
        exist yet count as other). A name that could be one of several stored people ("Jon"
        once Jon Abbey and Jon Hutton are both stored) names whichever of them an earlier
        reading chose, since it was that person's alone when it was read."""
        if lead not in self._read:
            self._read[lead] = self._owner_options(lead)
        options = self._read[lead]
        stored = [(o.person_id, o.role_id) for o in owners]
        return options is None or not _fits(options, stored)

    def _owner_options(self, lead: str) -> list[list[list[OwnerKey]]] | None:
        """For each owner reference ``lead`` holds, the (person id, role id) sequences it may
        stand for: one, or (a name several stored people could be) several; None when one of
        them names somebody who does not exist yet."""
        role_ids = self._loaded()[2]
        key = cased_name_cell(lead)
        person = self._person_id(key) if key is not None else None
        if person is not None:
            return [[[(person, None)]]]  # as resolve_owners reads it (see _cell_person)
        options: list[list[list[OwnerKey]]] = []
        for ref in split_lead(lead):
            if not ref.key.strip(" '-"):
                continue  # skipped by resolve_owners too
            ways: list[list[OwnerKey]]
            if ref.kind == "person":
                found = self._person_id(ref.key[:NAME_CHARS])
                if found is None and self._was_removed(ref.key[:NAME_CHARS]):
                    continue  # not added again by resolve_owners either
                ways = [[(pid, None)] for pid in self._one_name_ids(ref.key[:NAME_CHARS])]
                if found is not None:
                    ways = [[(found, None)]]
                elif not ways and self._removed_alone(ref):
                    continue  # not added by resolve_owners either
            else:
                found = role_ids.get(ref.key[:ROLE_KEY_CHARS])
                ways = [[(None, found)]] if found is not None else []
                if not ways and cased_otherwise(ref):
                    # "ann testsmith": the person of that name, as resolve_owners reads it.
                    person = self._person_id(person_key(ref.display)[:NAME_CHARS])
                    ways = [[(person, None)]] if person is not None else []
            ways = ways or self._run_together_ids(ref)
            if not ways:
                return None
            options.append(ways)
        return options

    def _loaded(self) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        """Person ids by name key, by other name (alias) key, and role ids by key, loaded
        once."""
        if self._ids is None:
            self._ids = self._index.ids()
        return self._ids

    def _run_together_ids(self, ref: OwnerRef) -> list[list[OwnerKey]]:
        """The ways a reference names people when a separator was lost, as
        :func:`people_run_together` finds them (one) or could have when it was read (more
        than one split, now), from the people loaded once (none: none)."""
        assert self._ids is not None
        words = person_key(ref.display).split()
        if len(words) == 3 and ref.kind == "person":
            pairs = three_word_splits(words, self._person_id, self._one_name_ids)
            return [[(pid, None) for pid in way] for way in pairs]
        spans = _spans(words)
        people = _by_span(spans, self._ids[0])
        marks = _by_span(spans, self._removed_marks())
        splits = run_together_splits(words, {*people, *marks})
        for name in {n for names in splits for n in names if n not in people}:
            self.notes.met[marks[name].name_key] = marks[name]
        return [[(people[n], None) for n in names if n in people] for names in splits]

    def _person_id(self, key: str) -> int | None:
        """The id of the person a name's key names, as :func:`person_named` finds them (by
        name, then with an honorific written or left out, then by another name), from the
        people and aliases loaded once."""
        assert self._ids is not None
        people, aliases, _ = self._ids
        if key in people:
            return people[key]
        variants = honorific_variants(key)
        titled = {people[v] for v in variants if v in people}
        if titled:
            return titled.pop() if len(titled) == 1 else None
        named = {aliases[v] for v in [key, *variants] if v in aliases}
        return named.pop() if len(named) == 1 else None

    def _one_name_ids(self, key: str) -> list[int]:
        """The ids of the people a name written alone may mean, as
        :func:`person_by_one_name` finds them (it takes only one), from the people loaded
        once; none for a fuller name."""
        assert self._ids is not None
        word = one_name(key)
        if word is None:
            return []
        return sorted({pid for name_key, pid in self._ids[0].items() if word in name_key.split()})

    def _removed_marks(self) -> dict[str, RemovedPerson]:
        """The marks of removed people by name key, loaded once."""
        if self._marks is None:
            self._marks = self._index.removed_marks()
        return self._marks

    def _was_removed(self, key: str) -> bool:
        """Whether a name's key (with an honorific written or left out) is that of a removed
        person, noting it for the report; the marks are loaded once."""
        marks = self._removed_marks()
        for variant in (key, *honorific_variants(key)):
            mark = marks.get(variant)
            if mark is not None:
                self.notes.met[mark.name_key] = mark
                return True
        return False

    def _removed_alone(self, ref: OwnerRef) -> bool:
        """Whether a name written alone is only a removed person's, as
        :func:`removed_by_one_name` finds it (from the marks loaded once), noting it for the
        report; the caller knows that no stored person's name has it."""
        word = one_name(ref.key[:NAME_CHARS])
        if word is None:
            return False
        marks = [m for m in self._removed_marks().values() if word in m.name_key.split()]
        if len({(m.removed_at, m.removed_by) for m in marks}) != 1:
            return False
        self.notes.alone_removed[ref.display] = min(marks, key=lambda m: m.id)
        return True

    def _note(self, what: str) -> str | None:
        """The import report's line naming what was put right (``what``: "action",
        "indicator", "agenda item"); None when nothing was."""
        if not self.reread:
            return None
        n = len(self.reread)
        removed = ""
        if self.removed:
            removed = (
                " The "
                + ("person" if len(self.removed) == 1 else "people")
                + " that reading made up, now owning nothing, "
                + ("was" if len(self.removed) == 1 else "were")
                + " removed: "
                + ", ".join(self.removed[:20])
                + ("…" if len(self.removed) > 20 else "")
                + "."
            )
        return (
            "Owners read again from the lead cell, which csbot now reads otherwise than when "
            f"it was last imported, in {n} {what}{'' if n == 1 else 's'}: "
            + "; ".join(self.reread[:20])
            + ("…" if n > 20 else "")
            + "."
            + removed
        )


def removed_note(marks: Sequence[RemovedPerson], cells: str = "Lead cells") -> str | None:
    """The import report's line naming the removed people that lead cells still name (kept
    as written, nobody added), with when and by whom each was removed and how to lift it."""
    if not marks:
        return None
    shown = sorted(marks, key=lambda m: m.name_key)[:20]
    names = "; ".join(
        f"{m.name} (removed {fmt_date(m.removed_at.date())}"
        + (f" by {m.removed_by})" if m.removed_by else ")")
        for m in shown
    )
    one = len(marks) == 1
    return (
        f"{cells} name {'somebody' if one else 'people'} an administrator removed: "
        f"{names}{'…' if len(marks) > 20 else ''}. The lead text is kept as written, with no "
        f"owner for {'them' if one else 'those names'}; nobody was added again. If "
        f"{'they are' if one else 'one is'} back, `unremove {shown[0].name}` and import again."
    )


def alone_removed_note(named: dict[str, RemovedPerson], cells: str = "Lead cells") -> str | None:
    """The import report's line naming the single names (as written) whose only person an
    administrator removed: kept as written, nobody added."""
    if not named:
        return None
    shown = sorted(named.items())[:20]
    pairs = "; ".join(
        f"“{written}”, whose only person, {mark.name}, was removed ({removal_words(mark)})"
        for written, mark in shown
    )
    return (
        f"{cells} name somebody by a name that only a person an administrator removed has: "
        f"{pairs}{'…' if len(named) > 20 else ''}. The lead text is kept as written, with no "
        f"owner for {'it' if len(named) == 1 else 'them'}; nobody was added. If they are back, "
        f"`unremove {shown[0][1].name}`, write their full name in the file and import again."
    )


def read_as_note(read_as: dict[str, str], cells: str = "Lead cells") -> str | None:
    """The import report's line naming the names read with the people stored ("Jon" as Jon
    Abbey; "Richard Hutton Cath Hogan" as Richard Hutton and Cath Hogan)."""
    if not read_as:
        return None
    shown = sorted(read_as.items())[:20]
    pairs = "; ".join(f"“{written}” as {name}" for written, name in shown)
    return (
        f"{cells} read with the people already known: {pairs}"
        f"{'…' if len(read_as) > 20 else ''}. If that is wrong, write each name in full, "
        "separated by /, and import again."
    )


def one_person_note(names: set[str]) -> str | None:
    """The import report's line naming the long names read as one new person's each, which
    may be several people's names run together."""
    if not names:
        return None
    shown = "; ".join(f"“{n}”" for n in sorted(names)[:20])
    return (
        f"Read as one person's name: {shown}{'…' if len(names) > 20 else ''}. If one names "
        "several people, put a / between them in the file and import it again."
    )


def referred_to(session: Session, person_id: int) -> bool:
    """Whether any row of any table refers to the person ``person_id``."""
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name != Person.__tablename__:
                continue
            found = session.execute(
                select(literal(1)).select_from(table).where(fk.parent == person_id).limit(1)
            ).first()
            if found is not None:
                return True
    return False

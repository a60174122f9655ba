"""The people, other names, roles and removed people's names of one workspace, read once and
then looked up in memory, for an import reading many lead cells.

Reading a lead cell from the database asks several questions per name (stored in full? with
an honorific? known by another name? removed? a single name only one person has?), and each
new person or role was sent at once: a first import naming 400 people in 1,500 lead cells
sent some 8,000 queries. :class:`PeopleIndex` answers the same questions as
:class:`storage.repositories.people.PeopleRepository` (so :mod:`commands.owner_store` reads a
cell the same either way) from four queries per import, and the people and roles it makes
are added to the session to go in with the import's next flush, together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from storage.models import Person, PersonAlias, RemovedPerson, Role
from storage.repositories.people import PeopleRepository


class PeopleLookup(Protocol):
    """The look-ups and creations reading a lead cell makes (see
    :class:`~storage.repositories.people.PeopleRepository` for what each answers)."""

    def person_by_key(self, name_key: str) -> Person | None: ...

    def people_by_keys(self, name_keys: Sequence[str]) -> Sequence[Person]: ...

    def people_with_name_word(self, word: str) -> Sequence[Person]: ...

    def aliases_by_keys(self, name_keys: Sequence[str]) -> Sequence[PersonAlias]: ...

    def person_by_id(self, person_id: int) -> Person | None: ...

    def removed_by_keys(self, name_keys: Sequence[str]) -> Sequence[RemovedPerson]: ...

    def removed_with_name_word(self, word: str) -> Sequence[RemovedPerson]: ...

    def role_by_key(self, key: str) -> Role | None: ...

    def get_or_create_person(self, name: str, name_key: str) -> Person: ...

    def get_or_create_role(self, key: str, title: str) -> Role: ...


class PeopleSource(Protocol):
    """What owners are read with: the repositories of a unit of work, or a
    :class:`PeopleIndex`."""

    @property
    def people(self) -> PeopleLookup: ...


K = TypeVar("K", Person, RemovedPerson)


def _words_of(rows: Iterable[K]) -> dict[str, list[K]]:
    """The rows (in the order given) by each word of their name's key."""
    found: dict[str, list[K]] = {}
    for row in rows:
        for word in dict.fromkeys(row.name_key.split()):
            found.setdefault(word, []).append(row)
    return found


class PeopleIndex:
    """A workspace's people, aliases, roles and removed people's names, loaded at the first
    look-up (four queries) and answered in memory as ``PeopleRepository`` answers them.

    Meant for one import: nothing else may add, rename or remove people or roles while it is
    used. A person or role it makes is added to the session without a flush (it has no id
    until the import's next flush sends all of them together); a look-up ordered by id puts
    those after the stored ones, in the order they were made, as their ids will be."""

    def __init__(self, repository: PeopleRepository) -> None:
        self._repository = repository
        self._loaded = False
        self._people: dict[str, Person] = {}
        self._by_id: dict[int, Person] = {}
        self._by_word: dict[str, list[Person]] = {}
        self._aliases: dict[str, PersonAlias] = {}
        self._roles: dict[str, Role] = {}
        self._removed: dict[str, RemovedPerson] = {}
        self._removed_by_word: dict[str, list[RemovedPerson]] = {}
        self._made = False

    @property
    def people(self) -> PeopleIndex:
        """This index, where :mod:`commands.owner_store` reads ``repos.people``."""
        return self

    def _load(self) -> None:
        if self._loaded:
            return
        repo = self._repository
        people = sorted(repo.all_people(load_roles=False), key=lambda p: p.id)
        self._people = {p.name_key: p for p in people}
        self._by_id = {p.id: p for p in people}
        self._by_word = _words_of(people)
        self._aliases = {a.name_key: a for a in repo.all_aliases()}
        self._roles = {r.key: r for r in repo.all_roles()}
        removed = sorted(repo.all_removed(), key=lambda m: m.id)
        self._removed = {m.name_key: m for m in removed}
        self._removed_by_word = _words_of(removed)
        self._loaded = True

    def person_by_key(self, name_key: str) -> Person | None:
        """The person whose normalised name is ``name_key``."""
        self._load()
        return self._people.get(name_key)

    def people_by_keys(self, name_keys: Sequence[str]) -> Sequence[Person]:
        """The people whose normalised name is one of ``name_keys`` (each once)."""
        self._load()
        return [self._people[k] for k in dict.fromkeys(name_keys) if k in self._people]

    def people_with_name_word(self, word: str) -> Sequence[Person]:
        """The people one of whose name's words is ``word``, by id (those made here last)."""
        self._load()
        return list(self._by_word.get(word, ()))

    def aliases_by_keys(self, name_keys: Sequence[str]) -> Sequence[PersonAlias]:
        """The aliases whose key is one of ``name_keys`` (each once)."""
        self._load()
        return [self._aliases[k] for k in dict.fromkeys(name_keys) if k in self._aliases]

    def person_by_id(self, person_id: int) -> Person | None:
        """The stored person with this id."""
        self._load()
        return self._by_id.get(person_id)

    def removed_by_keys(self, name_keys: Sequence[str]) -> Sequence[RemovedPerson]:
        """The names of removed people whose key is one of ``name_keys``, oldest mark first."""
        self._load()
        marks = {self._removed[k].id: self._removed[k] for k in name_keys if k in self._removed}
        return [marks[i] for i in sorted(marks)]

    def removed_with_name_word(self, word: str) -> Sequence[RemovedPerson]:
        """The names of removed people one of whose words is ``word``, oldest mark first."""
        self._load()
        return list(self._removed_by_word.get(word, ()))

    def role_by_key(self, key: str) -> Role | None:
        """The role whose key is ``key``."""
        self._load()
        return self._roles.get(key)

    def get_or_create_person(self, name: str, name_key: str) -> Person:
        """The person with this normalised name, made (and added to the session) if new."""
        person = self.person_by_key(name_key)
        if person is None:
            person = Person(
                workspace_id=self._repository.workspace_id, name=name, name_key=name_key
            )
            self._repository.add(person)
            self._people[name_key] = person
            for word in dict.fromkeys(name_key.split()):
                self._by_word.setdefault(word, []).append(person)
            self._made = True
        return person

    def get_or_create_role(self, key: str, title: str) -> Role:
        """The role with this key, made (and added to the session) if new; a title stored
        without a possessive's apostrophe gets it back, as the repository's does."""
        role = self.role_by_key(key)
        if role is None:
            role = Role(workspace_id=self._repository.workspace_id, key=key, title=title)
            self._repository.add(role)
            self._roles[key] = role
            self._made = True
        elif role.title != title and role.title == title.replace("'s", ""):
            role.title = title
        return role

    def ids(self) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        """Person ids by name key, by other name (alias) key, and role ids by key, as
        querying every person, alias and role would find them now: those made here are
        sent first when the session flushes before a query (as it would), else left out."""
        self._load()
        session = self._repository.session
        if self._made and session.autoflush:
            session.flush()
            self._made = False
        return (
            {k: p.id for k, p in self._people.items() if p.id is not None},
            {k: a.person_id for k, a in self._aliases.items()},
            {k: r.id for k, r in self._roles.items() if r.id is not None},
        )

    def removed_marks(self) -> dict[str, RemovedPerson]:
        """The marks of removed people by name key."""
        self._load()
        return dict(self._removed)

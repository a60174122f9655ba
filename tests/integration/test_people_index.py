"""The people index an import reads lead cells with answers every look-up as the database
does, from the rows it read once; what it makes is sent with the next flush."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event

from commands.people_index import PeopleIndex
from storage.models import Person, PersonAlias, RemovedPerson, Role
from storage.unit_of_work import Store, UnitOfWork

PEOPLE = ["Jon Abbey", "Cllr Ann Waters", "Ann Brown-Smith", "Jon O'Neil", "Dr Kim Jon"]
REMOVED = ["Bob Brown", "Mr Pat Example"]
KEYS = [
    "jon abbey",
    "ann waters",
    "cllr ann waters",
    "jonathan abbey",
    "bob brown",
    "mr bob brown",
    "pat example",
    "nobody here",
    "",
]
WORDS = ["jon", "ann", "brown", "brown-smith", "o'neil", "kim", "dr", "pat", "example", "x"]


def _seed(uow: UnitOfWork) -> None:
    ws = uow.workspace_id
    people = [Person(workspace_id=ws, name=n, name_key=n.lower()) for n in PEOPLE]
    uow.session.add_all(people)
    uow.session.add_all(
        [
            Role(workspace_id=ws, key="HOS", title="Head of Service"),
            Role(workspace_id=ws, key="AD", title="AD"),
        ]
    )
    uow.session.flush()
    uow.session.add(
        PersonAlias(
            workspace_id=ws,
            person_id=people[0].id,
            name="Jonathan Abbey",
            name_key="jonathan abbey",
        )
    )
    for n, name in enumerate(REMOVED):
        uow.session.add(
            RemovedPerson(
                workspace_id=ws,
                name=name,
                name_key=name.lower(),
                removed_by="Test Admin",
                removed_at=datetime(2026, 1, 2 + n, tzinfo=UTC),
            )
        )
    uow.session.flush()


def _ids(rows: Any) -> list[int]:
    return [r.id for r in rows]


def test_the_index_answers_as_the_repository_does(store: Store) -> None:
    with store.unit_of_work("local") as uow:
        _seed(uow)
        repo, index = uow.repos.people, PeopleIndex(uow.repos.people)
        for key in KEYS:
            assert index.person_by_key(key) is repo.person_by_key(key), key
            assert index.role_by_key(key.upper()) is repo.role_by_key(key.upper()), key
        for keys in ([], KEYS, ["jon abbey", "jon abbey"], ["bob brown", "mr pat example"]):
            assert sorted(_ids(index.people_by_keys(keys))) == sorted(
                _ids(repo.people_by_keys(keys))
            )
            assert sorted(_ids(index.aliases_by_keys(keys))) == sorted(
                _ids(repo.aliases_by_keys(keys))
            )
            assert sorted(_ids(index.removed_by_keys(keys))) == sorted(
                _ids(repo.removed_by_keys(keys))
            )
        for word in WORDS:
            assert _ids(index.people_with_name_word(word)) == _ids(repo.people_with_name_word(word))
            assert _ids(index.removed_with_name_word(word)) == _ids(
                repo.removed_with_name_word(word)
            )
        stored = repo.person_by_key("jon abbey")
        assert stored is not None and index.person_by_id(stored.id) is stored


def test_what_the_index_makes_is_found_and_sent_together(store: Store) -> None:
    with store.unit_of_work("local") as uow:
        _seed(uow)
        index = PeopleIndex(uow.repos.people)
        index.person_by_key("jon abbey")  # loaded
        sent: list[str] = []

        def count(_conn: Any, _cur: Any, statement: str, *_args: Any) -> None:
            sent.append(statement)

        event.listen(store.engine, "before_cursor_execute", count)
        try:
            made = [
                index.get_or_create_person(f"Alex Example{n}", f"alex example{n}") for n in "abc"
            ]
            role = index.get_or_create_role("PSW", "Principal Social Worker")
            again = index.get_or_create_person("Alex Examplea", "alex examplea")
            alone = index.people_with_name_word("alex")
            assert index.get_or_create_role("PSW", "PSW") is role
            assert not sent  # nothing sent yet
            people, _, roles = index.ids()  # as a query would: the new rows are flushed first
        finally:
            event.remove(store.engine, "before_cursor_execute", count)
        assert again is made[0] and alone == made
        assert [people[f"alex example{n}"] for n in "abc"] == [p.id for p in made]
        assert made[0].id < made[1].id < made[2].id and roles["PSW"] == role.id

"""People, roles and chat users of one workspace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, delete, or_, select, text
from sqlalchemy.orm import InstrumentedAttribute, contains_eager, joinedload, lazyload

from storage.audit import created_row, write_rows
from storage.models import (
    ChatUser,
    Person,
    PersonAlias,
    PersonRole,
    RemovedPerson,
    Role,
    Workspace,
)
from storage.repositories.base import Repository, like_escaped


def _has_word(name_key: InstrumentedAttribute[str], word: str) -> ColumnElement[bool]:
    """Whether a normalised name (``name_key``) has ``word`` as one of its words."""
    escaped = like_escaped(word)
    return or_(
        name_key == word,
        name_key.like(f"{escaped} %", escape="\\"),
        name_key.like(f"% {escaped}", escape="\\"),
        name_key.like(f"% {escaped} %", escape="\\"),
    )


def _caller_query(*columns: Any) -> Select[Any]:
    """The caller of a message: the workspace, the chat user with a platform id, the person
    they are linked to and that person's roles (``columns`` of them)."""
    return (
        select(*columns)
        .select_from(Workspace)
        .outerjoin(
            ChatUser,
            (ChatUser.workspace_id == Workspace.id)
            & (ChatUser.platform == bindparam("platform"))
            & (ChatUser.external_id == bindparam("external_id")),
        )
        .outerjoin(
            Person,
            (Person.id == ChatUser.person_id) & (Person.workspace_id == Workspace.id),
        )
        # The roles joined one table at a time: joinedload(Person.roles) nests the join
        # ("LEFT JOIN (person_role JOIN role)"), which SQLite materialises for every
        # workspace's people before looking one person up.
        .outerjoin(PersonRole, PersonRole.person_id == Person.id)
        .outerjoin(Role, Role.id == PersonRole.role_id)
        .where(Workspace.id == bindparam("ws"))
    )


# Built once: every message runs one of them (see chat_user_and_person and caller_row).
_CALLER = _caller_query(Workspace, ChatUser, Person).options(contains_eager(Person.roles))
# A row per role the person holds.
_CALLER_ROWS = _caller_query(
    Workspace.timezone,
    ChatUser.id,
    ChatUser.display_name,
    Person.id,
    Person.name,
    Person.is_admin,
    Role.id,
    Role.key,
    Role.title,
    ChatUser.mention_id,
).order_by(Role.id)


@dataclass(frozen=True)
class CallerRow:
    """A chat user and the person they are linked to, as plain values (see caller_row)."""

    timezone: str
    chat_user_id: int | None
    display_name: str
    person_id: int | None
    person_name: str
    person_is_admin: bool
    roles: tuple[tuple[int, str, str], ...]  # (id, key, title) of each role held, by id
    mention_id: str | None = None


class PeopleRepository(Repository):
    """Look-ups and changes of people, roles and chat users."""

    def all_people(self, *, load_roles: bool = True) -> Sequence[Person]:
        """Every person, by name (as people read it: by the name's key, so case and accents
        do not order it, the same on every database). Without ``load_roles`` their roles
        are loaded only when read (one query fewer for a caller that never reads them)."""
        query = (
            select(Person)
            .where(Person.workspace_id == self.workspace_id)
            .order_by(Person.name_key, Person.id)
        )
        if not load_roles:
            query = query.options(lazyload(Person.roles))
        return self.session.scalars(query).all()

    def administrators(self) -> Sequence[Person]:
        """The people made csbot administrators, by name (as :meth:`all_people`)."""
        return self.session.scalars(
            select(Person)
            .where(Person.workspace_id == self.workspace_id, Person.is_admin.is_(True))
            .order_by(Person.name_key, Person.id)
        ).all()

    def all_roles(self) -> Sequence[Role]:
        """Every role, by key."""
        return self.session.scalars(
            select(Role).where(Role.workspace_id == self.workspace_id).order_by(Role.key)
        ).all()

    def person_by_key(self, name_key: str) -> Person | None:
        """The person whose normalised name is ``name_key``."""
        return self.session.scalar(
            select(Person).where(
                Person.workspace_id == self.workspace_id, Person.name_key == name_key
            )
        )

    def people_by_keys(self, name_keys: Sequence[str]) -> Sequence[Person]:
        """The people whose normalised name is one of ``name_keys``."""
        if not name_keys:
            return []
        return self.session.scalars(
            select(Person).where(
                Person.workspace_id == self.workspace_id, Person.name_key.in_(list(name_keys))
            )
        ).all()

    def people_with_name_word(self, word: str) -> Sequence[Person]:
        """The people one of whose name's words (in its normalised key) is ``word``."""
        return self.session.scalars(
            select(Person)
            .where(Person.workspace_id == self.workspace_id, _has_word(Person.name_key, word))
            .order_by(Person.id)
        ).all()

    def aliases_by_keys(self, name_keys: Sequence[str]) -> Sequence[PersonAlias]:
        """The aliases (names people were also known by) whose key is one of ``name_keys``."""
        if not name_keys:
            return []
        return self.session.scalars(
            select(PersonAlias).where(
                PersonAlias.workspace_id == self.workspace_id,
                PersonAlias.name_key.in_(list(name_keys)),
            )
        ).all()

    def all_aliases(self) -> Sequence[PersonAlias]:
        """Every alias of the workspace, by person and name."""
        return self.session.scalars(
            select(PersonAlias)
            .where(PersonAlias.workspace_id == self.workspace_id)
            .order_by(PersonAlias.person_id, PersonAlias.name_key)
        ).all()

    def aliases_of(self, person_id: int) -> Sequence[PersonAlias]:
        """The names a person was also known by."""
        return self.session.scalars(
            select(PersonAlias)
            .where(
                PersonAlias.workspace_id == self.workspace_id, PersonAlias.person_id == person_id
            )
            .order_by(PersonAlias.name_key)
        ).all()

    def add_alias(self, person: Person, name: str, name_key: str) -> PersonAlias:
        """Keep ``name`` as a name ``person`` was also known by (audited on flush)."""
        alias = PersonAlias(
            workspace_id=self.workspace_id, person_id=person.id, name=name, name_key=name_key
        )
        self.session.add(alias)
        return alias

    def removed_by_keys(self, name_keys: Sequence[str]) -> Sequence[RemovedPerson]:
        """The names of removed people whose key is one of ``name_keys``."""
        if not name_keys:
            return []
        return self.session.scalars(
            select(RemovedPerson).where(
                RemovedPerson.workspace_id == self.workspace_id,
                RemovedPerson.name_key.in_(list(name_keys)),
            )
        ).all()

    def removed_with_name_word(self, word: str) -> Sequence[RemovedPerson]:
        """The names of removed people one of whose words (in the normalised key) is
        ``word``, oldest mark first."""
        return self.session.scalars(
            select(RemovedPerson)
            .where(
                RemovedPerson.workspace_id == self.workspace_id,
                _has_word(RemovedPerson.name_key, word),
            )
            .order_by(RemovedPerson.id)
        ).all()

    def all_removed(self) -> Sequence[RemovedPerson]:
        """The names of every removed person of the workspace, by name."""
        return self.session.scalars(
            select(RemovedPerson)
            .where(RemovedPerson.workspace_id == self.workspace_id)
            .order_by(RemovedPerson.name_key)
        ).all()

    def mark_removed(self, name: str, name_key: str, by: str, at: datetime) -> RemovedPerson:
        """Keep ``name`` as the name of somebody removed by ``by`` at ``at`` (the names of one
        person share it; audited on flush)."""
        found = self.removed_by_keys([name_key])
        if found:
            mark = found[0]
            mark.name, mark.removed_by, mark.removed_at = name, by, at
            return mark
        mark = RemovedPerson(
            workspace_id=self.workspace_id,
            name=name,
            name_key=name_key,
            removed_by=by,
            removed_at=at,
        )
        self.session.add(mark)
        return mark

    def person_by_id(self, person_id: int) -> Person | None:
        """The person with this id, if it belongs to this workspace (their roles read with
        them, in the same statement)."""
        return (
            self.session.scalars(
                select(Person)
                .where(Person.workspace_id == self.workspace_id, Person.id == person_id)
                .options(joinedload(Person.roles))
            )
            .unique()
            .first()
        )

    def people_by_email(self, email: str) -> Sequence[Person]:
        """People whose e-mail matches (case-insensitively)."""
        return self.session.scalars(
            select(Person).where(
                Person.workspace_id == self.workspace_id, Person.email == email.lower()
            )
        ).all()

    def role_by_id(self, role_id: int) -> Role | None:
        """The role with this id, if it belongs to this workspace."""
        return self.session.scalar(
            select(Role).where(Role.workspace_id == self.workspace_id, Role.id == role_id)
        )

    def role_by_key(self, key: str) -> Role | None:
        """The role whose key is ``key``."""
        return self.session.scalar(
            select(Role).where(Role.workspace_id == self.workspace_id, Role.key == key)
        )

    def holders(self, role_id: int) -> Sequence[Person]:
        """The people who hold a role."""
        return self.session.scalars(
            select(Person)
            .join(PersonRole, PersonRole.person_id == Person.id)
            .where(Person.workspace_id == self.workspace_id, PersonRole.role_id == role_id)
            .order_by(Person.name_key, Person.id)
        ).all()

    def lock_person(self, person_id: int) -> None:
        """Lock the person's row until the transaction ends (``SELECT … FOR UPDATE``), so two
        requests linking chat accounts to one person take turns: whoever comes second reads
        the accounts already linked only once the first has committed. SQLite has no FOR
        UPDATE; there a write that changes nothing takes the database's write lock instead
        (its reads before a write run outside any transaction, so they could be stale)."""
        if self._sqlite():
            self.session.execute(
                text("UPDATE person SET name = name WHERE id = :id"), {"id": person_id}
            )
            return
        self.session.execute(
            select(Person.id)
            .where(Person.workspace_id == self.workspace_id, Person.id == person_id)
            .with_for_update()
        )

    def lock_unlinked_person(self, person_id: int, user: ChatUser) -> bool:
        """Lock the person (see :meth:`lock_person`), then True when no other chat account on
        ``user``'s platform is linked to them: an automatic link may go ahead, and a request
        linking another account to them at the same moment waits, then sees this one."""
        self.lock_person(person_id)
        return not any(
            other.platform == user.platform and other.id != user.id
            for other in self.chat_users_of(person_id)
        )

    def lock_roles(self, role_ids: Sequence[int]) -> None:
        """Lock the roles' rows until the transaction ends (in id order, so two requests
        locking several roles cannot deadlock), so two requests claiming one role take turns:
        whoever comes second sees the first's holder (on SQLite, see :meth:`lock_person`)."""
        if not role_ids:
            return
        if self._sqlite():
            self.session.execute(
                text("UPDATE role SET title = title WHERE id = :id"), {"id": min(role_ids)}
            )
            return
        self.session.execute(
            select(Role.id)
            .where(Role.workspace_id == self.workspace_id, Role.id.in_(sorted(set(role_ids))))
            .order_by(Role.id)
            .with_for_update()
        )

    def _sqlite(self) -> bool:
        return self.session.get_bind().dialect.name == "sqlite"

    def get_or_create_person(self, name: str, name_key: str) -> Person:
        """The person with this normalised name, created if new."""
        person = self.person_by_key(name_key)
        if person is None:
            person = Person(workspace_id=self.workspace_id, name=name, name_key=name_key)
            self.session.add(person)
            self.session.flush()
        return person

    def get_or_create_role(self, key: str, title: str) -> Role:
        """The role with this key, created if new. A title an older csbot stored without a
        possessive's apostrophe ("Children Trust Board") gets it back."""
        role = self.role_by_key(key)
        if role is None:
            role = Role(workspace_id=self.workspace_id, key=key, title=title)
            self.session.add(role)
            self.session.flush()
        elif role.title != title and role.title == title.replace("'s", ""):
            role.title = title
        return role

    def grant_role(self, person: Person, role: Role) -> bool:
        """Give a person a role (audited); False when they held it already."""
        if any(r.id == role.id for r in person.roles):
            return False
        person.roles.append(role)
        self.session.flush()
        self._audit_role(person, role, "create")
        return True

    def revoke_role(self, person: Person, role: Role) -> bool:
        """Take a role from a person (audited); False when they did not hold it."""
        if not any(r.id == role.id for r in person.roles):
            return False
        self.session.execute(
            delete(PersonRole).where(
                PersonRole.person_id == person.id, PersonRole.role_id == role.id
            )
        )
        self._audit_role(person, role, "delete")
        self.session.expire(person, ["roles"])
        return True

    def _audit_role(self, person: Person, role: Role, change: str) -> None:
        """Record a grant ("create") or removal ("delete") of a role. The flush hook does not
        see these rows (a collection change, a bulk delete), so they are written here; a
        person_role row has no id of its own, so the entity id is the person's."""
        row = created_row(self.session, PersonRole(person_id=person.id, role_id=role.id))
        if row is None:
            return
        held = {"person_id": person.id, "role_id": role.id, "person": person.name, "role": role.key}
        before, after = (None, held) if change == "create" else (held, None)
        row.update(entity_id=person.id, change=change, before=before, after=after)
        write_rows(self.session, [row])

    def chat_user(self, platform: str, external_id: str) -> ChatUser | None:
        """The chat user with this platform id."""
        return self.session.scalar(
            select(ChatUser).where(
                ChatUser.workspace_id == self.workspace_id,
                ChatUser.platform == platform,
                ChatUser.external_id == external_id,
            )
        )

    def chat_user_mentioned(self, platform: str, mention_id: str) -> ChatUser | None:
        """The chat user a platform's mention names by ``mention_id`` (see
        ``ChatUser.mention_id``): the account keyed by it, else the one that recorded it
        (the most recently created, should two have)."""
        user = self.chat_user(platform, mention_id)
        if user is not None:
            return user
        return self.session.scalar(
            select(ChatUser)
            .where(
                ChatUser.workspace_id == self.workspace_id,
                ChatUser.platform == platform,
                ChatUser.mention_id == mention_id,
            )
            .order_by(ChatUser.id.desc())
            .limit(1)
        )

    def chat_user_and_person(
        self, platform: str, external_id: str
    ) -> tuple[Workspace | None, ChatUser | None, Person | None]:
        """The workspace, the chat user with this platform id and the person it is linked to
        (roles loaded), in one query: every command wants the workspace (for its timezone)."""
        params = {"ws": self.workspace_id, "platform": platform, "external_id": external_id}
        rows = self.session.execute(_CALLER, params).unique().all()
        return (rows[0][0], rows[0][1], rows[0][2]) if rows else (None, None, None)

    def caller_row(self, platform: str, external_id: str) -> CallerRow | None:
        """What :meth:`chat_user_and_person` finds, as plain values rather than ORM objects
        (a fraction of the cost, for the commands that only read who the caller is); None
        when the workspace is not found."""
        # Pending changes are sent first, as a query of the session would (a request's claim).
        self.session.flush()
        params = {"ws": self.workspace_id, "platform": platform, "external_id": external_id}
        rows = self.session.connection().execute(_CALLER_ROWS, params).all()
        if not rows:
            return None
        first = rows[0]
        return CallerRow(
            timezone=first[0],
            chat_user_id=first[1],
            display_name=first[2] or "",
            person_id=first[3],
            person_name=first[4] or "",
            person_is_admin=bool(first[5]),
            roles=tuple((r[6], r[7], r[8]) for r in rows if r[6] is not None),
            mention_id=first[9],
        )

    def linked_names(self, platform: str, external_ids: Sequence[str]) -> dict[str, str]:
        """The name of the person each of these chat accounts (by platform id) is linked to,
        in one query: accounts csbot does not know, or linked to nobody, are left out."""
        if not external_ids:
            return {}
        rows = self.session.execute(
            select(ChatUser.external_id, Person.name)
            .join(
                Person,
                (Person.id == ChatUser.person_id) & (Person.workspace_id == self.workspace_id),
            )
            .where(
                ChatUser.workspace_id == self.workspace_id,
                ChatUser.platform == platform,
                ChatUser.external_id.in_(list(dict.fromkeys(external_ids))),
            )
        )
        return {external_id: name for external_id, name in rows}

    def linked_on(self, platform: str, person_ids: Sequence[int]) -> set[int]:
        """Which of these people a chat account on ``platform`` is linked to already."""
        if not person_ids:
            return set()
        rows = self.session.scalars(
            select(ChatUser.person_id).where(
                ChatUser.workspace_id == self.workspace_id,
                ChatUser.platform == platform,
                ChatUser.person_id.in_(list(person_ids)),
            )
        )
        return {r for r in rows if r is not None}

    def chat_users_by_person(self) -> dict[int, list[ChatUser]]:
        """Every chat user linked to a person, by person id, each person's in the order they
        were made (one query for the workspace, where :meth:`chat_users_of` takes one per
        person)."""
        users = self.session.scalars(
            select(ChatUser).where(
                ChatUser.workspace_id == self.workspace_id, ChatUser.person_id.is_not(None)
            )
        ).all()
        found: dict[int, list[ChatUser]] = {}
        # Put in order here: ordered by id, SQLite may read the whole table in id order.
        for user in sorted(users, key=lambda u: u.id):
            found.setdefault(user.person_id or 0, []).append(user)
        return found

    def has_linked_chat_users(self) -> bool:
        """Whether anybody in the workspace has a chat account linked."""
        first = self.session.scalar(
            select(ChatUser.id)
            .where(ChatUser.workspace_id == self.workspace_id, ChatUser.person_id.is_not(None))
            .limit(1)
        )
        return first is not None

    def chat_users_of(self, person_id: int) -> Sequence[ChatUser]:
        """The chat users linked to a person."""
        return self.session.scalars(
            select(ChatUser).where(
                ChatUser.workspace_id == self.workspace_id, ChatUser.person_id == person_id
            )
        ).all()

    def get_or_create_chat_user(
        self, platform: str, external_id: str, display_name: str = "", email: str | None = None
    ) -> ChatUser:
        """The chat user with this platform id, created if new."""
        user = self.chat_user(platform, external_id)
        if user is None:
            user = ChatUser(
                workspace_id=self.workspace_id,
                platform=platform,
                external_id=external_id,
                display_name=display_name,
                email=email.lower() if email else None,
            )
            self.session.add(user)
            self.session.flush()
        return user

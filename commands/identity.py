"""Who is talking: the person (and roles) behind a chat user or a console ``--as`` name."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from commands.context import MessageContext
from commands.errors import NotFound
from commands.owners import person_key, role_key
from storage.models import ChatUser, Person
from storage.unit_of_work import UnitOfWork


@dataclass
class Me:
    """The caller as the core sees them."""

    name: str
    person: Person | None = None
    role_ids: list[int] = field(default_factory=list)
    role_keys: list[str] = field(default_factory=list)
    is_admin: bool = False
    chat_user: ChatUser | None = None

    @property
    def person_ids(self) -> list[int]:
        """My person's id as a list (empty when I am not linked to a person)."""
        return [self.person.id] if self.person else []

    @property
    def is_known(self) -> bool:
        """True when the caller is a person or acts for a role."""
        return self.person is not None or bool(self.role_ids)


def _from_person(person: Person, chat_user: ChatUser | None = None, admin: bool = False) -> Me:
    return Me(
        name=person.name,
        person=person,
        role_ids=[r.id for r in person.roles],
        role_keys=[r.key for r in person.roles],
        is_admin=person.is_admin or admin,
        chat_user=chat_user,
    )


def find_people(uow: UnitOfWork, name: str) -> list[Person]:
    """People a typed name means: an exact match, else close matches (best first)."""
    repo = uow.repos.people
    key = person_key(name.lstrip("@"))
    if not key:
        return []
    exact = repo.person_by_key(key)
    if exact is not None:
        return [exact]
    people = list(repo.all_people())
    by_key = {p.name_key: p for p in people}
    # A first name or surname alone ("Fiona") matches when it is a whole word of the name.
    partial = [p for p in people if key in p.name_key.split() or p.name_key.startswith(key + " ")]
    if partial:
        return partial
    matches = process.extract(key, list(by_key), scorer=fuzz.WRatio, limit=3, score_cutoff=85)
    return [by_key[m[0]] for m in matches]


def resolve_console_caller(uow: UnitOfWork, as_name: str | None) -> Me:
    """The console caller: the local operator (an administrator), or the ``--as`` person/role."""
    if not as_name:
        return Me(name="console operator", is_admin=True)
    people = find_people(uow, as_name)
    if len(people) == 1:
        return _from_person(people[0])
    role = uow.repos.people.role_by_key(role_key(as_name))
    if role is not None:
        holders = uow.repos.people.holders(role.id)
        if len(holders) == 1:
            return _from_person(holders[0])
        return Me(name=f"{role.title} ({role.key})", role_ids=[role.id], role_keys=[role.key])
    if len(people) > 1:
        names = ", ".join(p.name for p in people)
        raise NotFound(f"“{as_name}” could mean several people: {names}. Use the full name.")
    known = [p.name for p in uow.repos.people.all_people()][:12]
    raise NotFound(
        f"I don't know anyone called “{as_name}” in this workspace.",
        suggestions=known,
    )


def resolve_chat_caller(uow: UnitOfWork, msg: MessageContext) -> Me:
    """A chat user's identity, linking them to a person automatically when unambiguous."""
    caller = msg.caller
    repo = uow.repos.people
    workspace, user, person = repo.chat_user_and_person(caller.platform, caller.user_id)
    if workspace is not None:
        uow.workspace = workspace
    if user is None:
        user = repo.get_or_create_chat_user(
            caller.platform, caller.user_id, caller.display_name or caller.real_name, caller.email
        )
    if user.person_id is None:
        person = auto_link_candidate(uow, caller.email, caller.real_name, caller.display_name)
        if person is not None:
            user.person_id = person.id
            uow.session.flush()
    if user.person_id is not None:
        if person is None or person.id != user.person_id:
            person = repo.person_by_id(user.person_id)
        if person is not None:
            return _from_person(person, user, admin=caller.is_platform_admin)
    name = caller.real_name or caller.display_name or caller.user_id
    return Me(name=name, chat_user=user, is_admin=caller.is_platform_admin)


def auto_link_candidate(
    uow: UnitOfWork, email: str | None, real_name: str, display_name: str
) -> Person | None:
    """The one person an e-mail or exact name identifies; None when none or several do."""
    repo = uow.repos.people
    if email:
        by_email = repo.people_by_email(email)
        if len(by_email) == 1:
            return by_email[0]
    for name in (real_name, display_name):
        key = person_key(name) if name else ""
        if key:
            person = repo.person_by_key(key)
            if person is not None:
                return person
    return None


def resolve_me(uow: UnitOfWork, msg: MessageContext) -> Me:
    """The caller of a message, for any platform."""
    if msg.caller.platform == "console":
        return resolve_console_caller(uow, msg.as_person)
    return resolve_chat_caller(uow, msg)

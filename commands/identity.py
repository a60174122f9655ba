"""Who is talking: the person (and roles) behind a chat user or a console ``--as`` name."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from commands.context import Caller, MessageContext
from commands.errors import NotFound
from commands.owner_store import person_named
from commands.owners import person_key, role_key
from storage.models import ChatUser, Person
from storage.unit_of_work import UnitOfWork


class Me:
    """The caller as the core sees them.

    A chat caller found by the quick look-up (plain values, see ``resolve_chat_caller``)
    carries their person's and chat account's ids; those rows are loaded from the unit of
    work's session only when a command uses them (most commands only read who is asking)."""

    def __init__(
        self,
        name: str,
        person: Person | None = None,
        role_ids: list[int] | None = None,
        role_keys: list[str] | None = None,
        is_admin: bool = False,
        chat_user: ChatUser | None = None,
        *,
        roles: list[tuple[str, str]] | None = None,
        ids: tuple[Session, int | None, int | None] | None = None,
    ) -> None:
        self.name = name
        self.role_ids = role_ids if role_ids is not None else []
        self.role_keys = role_keys if role_keys is not None else []
        # (key, title) of each role the person holds (none when acting as a role alone).
        self.roles = roles if roles is not None else []
        self.is_admin = is_admin
        self._person = person
        self._chat_user = chat_user
        self._session: Session | None = ids[0] if ids else None
        self._person_id: int | None = ids[1] if ids else None
        self._chat_user_id: int | None = ids[2] if ids else None
        if person is not None:
            self._person_id = person.id
        if chat_user is not None:
            self._chat_user_id = chat_user.id

    def __repr__(self) -> str:
        return f"Me(name={self.name!r}, person_id={self._person_id!r}, roles={self.role_keys!r})"

    @property
    def person(self) -> Person | None:
        """My person (loaded on first use), or None when I am not linked to one."""
        if self._person is None and self._person_id is not None and self._session is not None:
            self._person = self._session.get(Person, self._person_id)
        return self._person

    @property
    def chat_user(self) -> ChatUser | None:
        """My chat account (loaded on first use); None for the console."""
        if self._chat_user is None and self._chat_user_id is not None and self._session is not None:
            self._chat_user = self._session.get(ChatUser, self._chat_user_id)
        return self._chat_user

    @property
    def person_id(self) -> int | None:
        """My person's id (None when I am not linked to a person), with no query."""
        return self._person_id

    @property
    def person_ids(self) -> list[int]:
        """My person's id as a list (empty when I am not linked to a person)."""
        return [self._person_id] if self._person_id is not None else []

    @property
    def is_known(self) -> bool:
        """True when the caller is a person or acts for a role."""
        return self._person_id is not None or bool(self.role_ids)


def _from_person(person: Person, chat_user: ChatUser | None = None, admin: bool = False) -> Me:
    return Me(
        name=person.name,
        person=person,
        role_ids=[r.id for r in person.roles],
        role_keys=[r.key for r in person.roles],
        roles=[(r.key, r.title) for r in person.roles],
        is_admin=person.is_admin or admin,
        chat_user=chat_user,
    )


# Words for the speaker themselves in an owner or person typed in a command.
SELF_WORDS = frozenset({"me", "myself"})
# A shorter name is matched only exactly or as a whole word, never as a close spelling:
# "me" or "Jo" would otherwise be whoever's name holds them ("Vicki Monk-Meyer", "Jon Abbey").
_MIN_FUZZY_CHARS = 3


def is_self(text: str) -> bool:
    """True when typed ``text`` means the speaker ("me", "myself")."""
    return text.strip().lower() in SELF_WORDS


def find_people(uow: UnitOfWork, name: str) -> list[Person]:
    """People a typed name means: an exact match, else close matches (best first). "me" is
    no match here: callers that accept it read it as the speaker (see :func:`is_self`)."""
    repo = uow.repos.people
    key = person_key(name.lstrip("@"))
    if not key or is_self(name):
        return []
    named = person_named(uow.repos, key)  # exactly, or "Sarah Jones" for Dr Sarah Jones
    if named is not None:
        return [named]
    people = list(repo.all_people())
    by_key = {p.name_key: p for p in people}
    # A first name or surname alone ("Fiona") matches when it is a whole word of the name.
    partial = [p for p in people if key in p.name_key.split() or p.name_key.startswith(key + " ")]
    if partial:
        return partial
    if len(key) < _MIN_FUZZY_CHARS:
        return []
    matches = process.extract(key, list(by_key), scorer=fuzz.WRatio, limit=3, score_cutoff=85)
    return [by_key[m[0]] for m in matches]


def resolve_console_caller(uow: UnitOfWork, as_name: str | None) -> Me:
    """The console caller: the local operator (an administrator), or the ``--as`` person/role."""
    if not as_name:
        return Me(name="console operator", is_admin=True)
    # A person's exact name, then a role's exact key ("SM"), and only then a close name: a
    # role's letters must not read as whoever's name resembles them.
    exact = uow.repos.people.person_by_key(person_key(as_name))
    if exact is not None:
        return _from_person(exact)
    role = uow.repos.people.role_by_key(role_key(as_name))
    if role is not None:
        holders = uow.repos.people.holders(role.id)
        if len(holders) == 1:
            return _from_person(holders[0])
        return Me(name=f"{role.title} ({role.key})", role_ids=[role.id], role_keys=[role.key])
    people = find_people(uow, as_name)
    if len(people) == 1:
        return _from_person(people[0])
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
    # Changes made while working out who the caller is (a new chat user, an automatic
    # link) are theirs in the audit trail; the core names them again once they are known.
    uow.actor = chat_actor(caller)
    known = _linked_caller(uow, caller)
    if known is not None:
        return known
    workspace, user, person = repo.chat_user_and_person(caller.platform, caller.user_id)
    if workspace is not None:
        uow.workspace = workspace
    # The name the platform keeps for the account, not the one its user chose (anyone may
    # call themselves by a colleague's name): replies to administrators show it.
    platform_name = caller.real_name or caller.display_name
    if user is None:
        user = repo.get_or_create_chat_user(
            caller.platform, caller.user_id, platform_name, caller.email
        )
    elif not user.display_name and platform_name:
        # An account an administrator linked before it ever wrote (by its id) had no name.
        user.display_name = platform_name
    if caller.mention_id and user.mention_id != caller.mention_id:
        user.mention_id = caller.mention_id  # so that a mention of them finds this account
    if user.person_id is None:
        person = auto_link_candidate(uow, user, caller.email, caller.real_name)
        # Checked again under the person's lock: another account may be linking to them at
        # this very moment (it then waits, and finds this one).
        if person is not None and repo.lock_unlinked_person(person.id, user):
            user.person_id = person.id
            uow.session.flush()
    if user.person_id is not None:
        if person is None or person.id != user.person_id:
            person = repo.person_by_id(user.person_id)
        if person is not None:
            return _from_person(person, user, admin=caller.is_platform_admin)
    name = caller.real_name or caller.display_name or caller.user_id
    return Me(name=name, chat_user=user, is_admin=caller.is_platform_admin)


def _linked_caller(uow: UnitOfWork, caller: Caller) -> Me | None:
    """The caller from plain values when nothing about them needs writing: their chat account
    exists, is linked to a person of this workspace, and has its name and mention id. None
    otherwise (the full look-up then creates, links or names the account)."""
    row = uow.repos.people.caller_row(caller.platform, caller.user_id)
    if row is None or row.chat_user_id is None or row.person_id is None:
        return None
    if not row.display_name and (caller.real_name or caller.display_name):
        return None
    if caller.mention_id and row.mention_id != caller.mention_id:
        return None
    uow.timezone = row.timezone
    return Me(
        name=row.person_name,
        role_ids=[role_id for role_id, _, _ in row.roles],
        role_keys=[key for _, key, _ in row.roles],
        roles=[(key, title) for _, key, title in row.roles],
        is_admin=row.person_is_admin or caller.is_platform_admin,
        ids=(uow.session, row.person_id, row.chat_user_id),
    )


def chat_actor(caller: Caller) -> str:
    """How the audit trail names a chat account: ``slack:U123 (Fiona Smith)``."""
    shown = caller.real_name or caller.display_name or caller.user_id
    return f"{caller.platform}:{caller.user_id} ({shown})"


def actor_name(caller: Caller, me: Me) -> str:
    """The name the audit trail gives the caller: their person's, with the platform's real
    name for the account first when the two differ (``Eve Mallory as Catherine Marchant``),
    so that a link to the wrong person shows in every row it made. Never an e-mail, nor a
    display name (a handle such as "fiona" would differ from nearly everybody's name)."""
    shown = _without_brackets(caller.real_name)[:80].strip()
    # A linked caller's name is their person's (no need to load the person for it).
    if caller.platform == "console" or me.person_id is None or not shown:
        return me.name
    if person_key(shown) == person_key(me.name):
        return me.name
    return f"{shown} as {me.name}"


PLATFORM_NAMES = {"slack": "Slack", "teams": "Teams"}


def platform_name(platform: str) -> str:
    """The platform as users call it: ``Slack``, ``Teams``."""
    return PLATFORM_NAMES.get(platform, platform)


def account_label(user: ChatUser, *, listed: bool = False) -> str:
    """A chat account as replies name it: ``Slack account U0123ABCD (fiona)``, ``Teams
    account <AAD object id> (Pat Newcomer)``; ``listed`` (the ``people`` list) without the
    word "account", and a Slack account by its id alone (``Slack U0123ABCD``). A Teams
    account keyed by its ``29:`` id (Teams gave no AAD object id) is named by its name
    alone: that id means nothing to people."""
    platform = platform_name(user.platform)
    head = platform if listed else f"{platform} account"
    name = " ".join((user.display_name or "").split())[:60]
    if user.platform == "teams" and user.external_id.startswith("29:"):
        return f"{head} {name or '(name not known)'}"
    if listed and user.platform != "teams":
        return f"{head} {user.external_id}"
    return f"{head} {user.external_id}" + (f" ({name})" if name else "")


def account_typed(user: ChatUser) -> str:
    """How a command names a chat account (``link <account> to …``): its id, or for a Teams
    account keyed by its ``29:`` id, a mention of its name (``@Pat Newcomer``)."""
    if user.platform == "teams" and user.external_id.startswith("29:") and user.display_name:
        return f"@{' '.join(user.display_name.split())[:60]}"
    return user.external_id


def _without_brackets(name: str) -> str:
    """A name without its bracketed parts ("Eve Mallory (she/her)" -> "Eve Mallory")."""
    return " ".join(re.sub(r"\([^()]*\)?|\)", " ", name).split())


def surname_key(name: str) -> str:
    """The last word of a name, folded for comparing ("Catherine Marchant (she/her)",
    "Marchant, Catherine" and "CATHERINE MARCHANT" all give ``marchant``); "" for none."""
    first = _without_brackets(name).split(",", 1)[0]
    # Folded here too, whatever person_key does: "Á" must be "a", not a word break.
    plain = "".join(c for c in unicodedata.normalize("NFKD", first) if not unicodedata.combining(c))
    words = person_key(plain).split()
    return re.sub(r"[^a-z0-9]", "", words[-1]) if words else ""


def profile_fits(person: Person, email: str | None, real_name: str) -> bool:
    """True when a chat profile may claim ``person`` with ``link`` (administrators aside): it
    reports the e-mail on file or, with none on file, a real name of the same surname."""
    if person.email:
        return bool((email or "").strip()) and not emails_differ(person, email)
    return names_agree(real_name, person)


def names_agree(real_name: str, person: Person) -> bool:
    """True when the platform's real name for somebody and a person's name share at least
    the surname (their last words, case and accents aside): "Cathy Marchant" may be
    Catherine Marchant, "Eve Mallory" may not."""
    mine = surname_key(real_name)
    return bool(mine) and mine == surname_key(person.name)


def auto_link_candidate(
    uow: UnitOfWork, user: ChatUser, email: str | None, real_name: str
) -> Person | None:
    """The one person the platform's e-mail or real name identifies for ``user``; None when
    none or several do, or when linking would be unsafe.

    Never the display name (anyone can set theirs to anyone's name). Never a person already
    linked to another account on the same platform. An administrator only by e-mail, and
    nobody by name whose e-mail on file differs from the one the platform reports.
    """
    repo = uow.repos.people
    if email:
        by_email = repo.people_by_email(email)
        if len(by_email) == 1:
            person = by_email[0]
            return person if not linked_elsewhere(uow, person, user) else None
    key = person_key(real_name) if real_name else ""
    named = repo.person_by_key(key) if key else None
    if named is None or named.is_admin or emails_differ(named, email):
        return None
    return None if linked_elsewhere(uow, named, user) else named


def linked_elsewhere(uow: UnitOfWork, person: Person, user: ChatUser) -> bool:
    """True when ``person`` is linked to another chat account on ``user``'s platform."""
    return any(
        other.platform == user.platform and other.id != user.id
        for other in uow.repos.people.chat_users_of(person.id)
    )


def emails_differ(person: Person, email: str | None) -> bool:
    """True when the person's e-mail on file and the reported one are both known and differ."""
    return bool(person.email and email and person.email.lower() != email.strip().lower())


def resolve_me(uow: UnitOfWork, msg: MessageContext) -> Me:
    """The caller of a message, for any platform."""
    if msg.caller.platform == "console":
        return resolve_console_caller(uow, msg.as_person)
    return resolve_chat_caller(uow, msg)

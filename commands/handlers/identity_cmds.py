"""Who am I: ``link <person>``, ``iam <role>``, ``iam not <role>``, ``iam``, ``whoami``;
and, for administrators, ``link <user> to <person>``, ``grant <role> to <person>`` and
``revoke <role> from <person>``.

A chat user is linked to a person (automatically by real name or e-mail when unambiguous, or
here by hand); a person holds roles, and "mine" means my items plus my roles' items. Nobody
may pass for somebody else: a non-administrator can link only to a person whose e-mail on
file is the one their platform reports, or (no e-mail on file) whose surname is the one in
the real name their platform reports; never to an administrator or to a person another
account is linked to; and can only claim a role nobody holds yet. Anything else is for an
administrator, who can link anyone's account (``link @them to <person>``).
"""

from __future__ import annotations

import re

from commands.errors import NotAllowed, NotFound, UserError
from commands.formatting import and_listed
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.handlers.actions_write import new_person_named
from commands.identity import (
    account_label,
    emails_differ,
    find_people,
    names_agree,
    platform_name,
)
from commands.identity_prompt import account_words, link_advice
from commands.lookup import find_role, known_role, nearest_people_text
from commands.mentions import MENTION_RE, mentioned_person
from commands.owner_store import removed_name_text
from commands.owners import KNOWN_ROLES, person_key, role_key, split_lead
from commands.people_admin import counted
from commands.permissions import CONSOLE_HINT, GRANTED_BY_ADMINS, require_admin, tell_me_who
from commands.registry import REGISTRY
from commands.views import Choice, Notice, Question, View
from storage.models import ChatUser, Person, Role
from storage.repositories.holdings import RoleWork

UNCHANGED = " Nothing was changed."
# What a member may do instead of what only administrators may (give and take roles).
CLAIM_INSTEAD = "(to claim a role nobody holds yet, use `iam <role>`)"
# What a chat account id looks like, per platform: Slack user ids (``U024BE7LH``, ``W…`` on
# Enterprise Grid); Teams AAD object ids, or the ``29:…`` id Teams gives when it has none.
ACCOUNT_IDS = {
    "slack": re.compile(r"[UW][A-Z0-9]{8,31}"),
    "teams": re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|29:[\w-]{1,200}"),
}


@REGISTRY.command("", "whoami", "Who I think you are: your person, roles and chat account.")
def whoami(h: HandlerContext, args: Bindings) -> View:
    """Describe the caller as the bot sees them."""
    me = h.me
    lines: list[str] = []
    if me.person is not None:
        lines.append(f"You are {me.person.name}.")
    elif me.role_ids:
        lines.append(f"You are acting as {me.name}.")
    elif me.chat_user is None:
        lines.append(f"You are the {me.name}. {CONSOLE_HINT}")
    else:
        lines.append(
            f"I know you as {me.name}, but you are not linked to a person yet. {link_advice(h)}."
        )
    if me.chat_user is not None or me.person is not None or me.role_ids:
        lines.append(_roles_sentence(me.role_keys))
    if me.chat_user is not None:
        lines.append(f"Chat account: {h.platform} {me.chat_user.external_id}.")
    if me.is_admin:
        lines.append("You are an administrator.")
    return Notice(text=" ".join(lines))


def _roles_sentence(keys: list[str]) -> str:
    if not keys:
        return "You hold no roles (add one with `iam <role>`, e.g. `iam HOS`)."
    return f"Your roles: {', '.join(keys)}."


@REGISTRY.command(
    "",
    "link <user> to <person...>",
    "Link someone's chat account (a mention or user id) to a person, in place of their "
    "other one (administrators only).",
    writes=True,
    examples=("link @Fiona to Fiona Smith",),
)
def link_account(h: HandlerContext, args: Bindings) -> View:
    """An administrator links a chat account (created if csbot has not met it yet) to a
    person. The caller's own account runs as ``link <person>``, and so does a first word
    that is no account at all (a name with the word "to" in it)."""
    typed = str(args["user"])
    name = " ".join(str(args["person"]).split())
    mentioned = _mentioned_account(h, f"{typed} to {name}")
    if mentioned is not None:
        return _link_other(h, *mentioned)
    mention = MENTION_RE.match(typed)
    account = mention.group(1) if mention else typed
    own = h.me.chat_user
    is_account = typed.startswith(("@", "<@")) or _looks_like_account(account)
    if own is not None and not is_account:
        return _link_me_by_words(h, own, f"{typed} to {name}")
    return _link_other(h, typed, account, name)


def _mentioned_account(h: HandlerContext, whole: str) -> tuple[str, str, str] | None:
    """(name shown, account id, person) when ``whole`` reads ``<mention> to <person>`` and the
    platform gave the mention's account apart from the text (a Teams mention reaches the
    command text as the person's name); else None."""
    for mention in sorted(h.msg.mentions, key=lambda m: -len(m.name)):
        head = f"{mention.name} to "
        if whole.startswith(head) and whole[len(head) :].strip():
            return mention.name, mention.user_id, whole[len(head) :].strip()
    return None


def _link_other(h: HandlerContext, typed: str, account: str, name: str) -> View:
    """Link the chat account ``account`` (as ``typed``) to the person ``name`` means: the
    caller's own account as ``link <person>``, anyone else's by an administrator only."""
    own = h.me.chat_user
    if own is not None and account in (own.external_id, own.mention_id):
        return _link_me(h, own, name)
    if not h.me.is_admin:
        raise NotAllowed(
            "Only an administrator can link someone else's chat account (to say who you "
            "are, use `link <your name>`)." + UNCHANGED
        )
    platform = _accounts_platform(h)
    if not ACCOUNT_IDS[platform].fullmatch(account):
        raise UserError(
            f"“{typed[:60]}” is not a {platform_name(platform)} account: "
            f"{_name_an_account(platform, name)}." + UNCHANGED
        )
    key = account
    if platform == "teams" and not account.startswith("29:"):
        key = account = account.lower()  # an AAD object id, as Teams sends it: in lower case
    elif platform == "teams":
        # csbot keys a Teams user by their AAD object id whenever Teams gives one, and keeps
        # the `29:` id their messages come with (which mentions give): a `29:` id it has not
        # met would make an account nobody ever writes from.
        user = h.repos.people.chat_user_mentioned(platform, account)
        if user is None:
            raise UserError(_not_met(typed, account, name) + UNCHANGED)
        key = user.external_id
    picked = _pick_person(
        h, name, f"link {account} to ", "Which one do you mean?", unchanged=UNCHANGED
    )
    if isinstance(picked, Question):
        return picked
    return _link_account(h, platform, key, picked)


def _not_met(typed: str, account: str, name: str) -> str:
    """Why a Teams account named by its `29:` id (typed, or as a mention gave it) cannot be
    linked yet, and what to do: csbot learns it from the account's first command."""
    who = typed if typed != account else f"the Teams account “{account[:60]}”"
    return (
        f"I have not met {who[:80]} yet, so I don't know which Teams account that is: ask "
        "them to send me a command such as `whoami` (in a chat with me, or mentioning me), "
        f"then link them again (if {name[:80]}'s e-mail on file is theirs, that alone links "
        "them); or give their AAD object id, which `whoami` shows them."
    )


def _link_me_by_words(h: HandlerContext, own: ChatUser, whole: str) -> View:
    """``link <words>`` from the caller: their own link. When the words read ``<someone> to
    <person>`` and only ``<person>`` is someone for certain, ``<someone>`` was another account
    (a Teams mention reaches csbot as a name): refused with how to name that account, never a
    guess that would link the caller to ``<person>``."""
    mentioned = _mentioned_account(h, whole)
    if mentioned is not None:
        return _link_other(h, *mentioned)
    typed, to, name = whole.rpartition(" to ")
    named = find_people(h.uow, whole)
    certain = bool(named) and _all_named(named, whole)
    if to and typed.strip() and not certain and _sure_person(h, name) is not None:
        platform = _accounts_platform(h)
        raise UserError(
            f"“{typed.strip()[:60]}” is not a {platform_name(platform)} account I can link: "
            f"{_name_an_account(platform, name.strip())}. To say who you are, type "
            "`link <your name>`." + UNCHANGED
        )
    return _link_me(h, own, whole)


def _name_an_account(platform: str, name: str) -> str:
    """How to name another person's account in ``link … to <name>`` on ``platform``: a
    mention or their user id."""
    shown = platform_name(platform)
    return f"mention them (`link @them to {name[:80]}`) or give their {shown} user id " + (
        "(`whoami` shows it to them)"
    )


def _looks_like_account(word: str) -> bool:
    """True when ``word`` is shaped like a chat account id of some platform."""
    return any(pattern.fullmatch(word) for pattern in ACCOUNT_IDS.values())


def _accounts_platform(h: HandlerContext) -> str:
    """The platform whose accounts a command names: the caller's, or (console) the
    workspace's. Raises UserError for a workspace with no chat platform."""
    platform = h.platform if h.platform != "console" else h.uow.workspace.platform
    if platform not in ACCOUNT_IDS:
        raise UserError(
            "This workspace is not a Slack or Teams workspace, so it has no chat accounts "
            "to link (choose one with `--workspace`)." + UNCHANGED
        )
    return platform


def _link_account(h: HandlerContext, platform: str, account: str, person: Person) -> View:
    """Link the account to the person; the person's other accounts on the platform are
    unlinked (an administrator says which account is theirs)."""
    # Under the person's lock, as `link <person>`: a concurrent link waits, then sees this.
    h.repos.people.lock_person(person.id)
    user = h.repos.people.get_or_create_chat_user(platform, account)
    others = [
        u
        for u in h.repos.people.chat_users_of(person.id)
        if u.platform == platform and u.id != user.id
    ]
    label = account_label(user)
    if user.person_id == person.id and not others:
        return Notice(text=f"{label} is already linked to {person.name}. Nothing changed.")
    previous = None
    if user.person_id is not None and user.person_id != person.id:
        previous = h.repos.people.person_by_id(user.person_id)
    for other in others:
        other.person_id = None
    user.person_id = person.id
    h.uow.session.flush()
    was = f" (instead of {previous.name})" if previous is not None else ""
    replaced = (
        f" No longer linked to {person.name}: {', '.join(account_label(o) for o in others)}."
        if others
        else ""
    )
    return Notice(level="success", text=f"{label} is now linked to {person.name}{was}.{replaced}")


@REGISTRY.command(
    "",
    "link <person...>",
    "Tell me which person you are (your actions become “mine”).",
    writes=True,
    examples=("link Fiona Smith",),
)
def link_person(h: HandlerContext, args: Bindings) -> View:
    """Link the caller's chat account to a person; a Question when the name is ambiguous."""
    name = " ".join(str(args["person"]).split())
    user = h.me.chat_user
    if user is None:
        return Notice(text=CONSOLE_HINT)
    return _link_me_by_words(h, user, name)


def _link_me(h: HandlerContext, user: ChatUser, name: str) -> View:
    """Link the caller's own chat account to the person ``name`` means, if they may."""
    picked = _pick_person(h, name, "link ", "Which one are you?")
    if isinstance(picked, Question):
        return picked
    person = picked
    if user.person_id == person.id:
        return Notice(text=f"You are already linked to {person.name}.")
    # Two accounts linking to one person at once take turns here: the second then sees the
    # first's link (and is refused, unless an administrator links a second account).
    h.repos.people.lock_person(person.id)
    others = [
        u
        for u in h.repos.people.chat_users_of(person.id)
        if u.platform == user.platform and u.id != user.id
    ]
    if not h.me.is_admin:
        _check_may_link(h, person, already_linked=bool(others))
    previous = h.repos.people.person_by_id(user.person_id) if user.person_id else None
    user.person_id = person.id
    h.uow.session.flush()
    was = f" (instead of {previous.name})" if previous is not None else ""
    roles = ", ".join(r.key for r in person.roles)
    role_text = f" Your roles: {roles}." if roles else ""
    return Notice(
        level="success",
        text=f"You are now linked to {person.name}{was}.{role_text} "
        "Try `/actions mine` to see your actions.",
    )


def _check_may_link(h: HandlerContext, person: Person, *, already_linked: bool) -> None:
    """Refuse a non-administrator's link that would let them pass for somebody else: the
    person must have the e-mail the platform reports for the caller or, with none on file,
    the surname of the caller's real name there (a display name anyone can set proves
    nothing)."""
    platform = platform_name(h.platform)
    if already_linked:
        raise NotAllowed(
            f"{person.name} is already linked to another {platform} account. "
            "If that is wrong, ask an administrator. Nothing was changed."
        )
    if person.is_admin:
        raise NotAllowed(_admin_link_advice(h, person))
    user = h.me.chat_user
    reported = (h.msg.caller.email or (user.email if user is not None else None) or "").strip()
    if person.email and reported and not emails_differ(person, reported):
        return
    if person.email and not reported:
        raise NotAllowed(
            f"{person.name} has an e-mail on file, and {platform} did not tell me yours, so I "
            "can't check that you are them. Ask an administrator to link you. "
            "Nothing was changed."
        )
    if emails_differ(person, reported):
        raise NotAllowed(
            f"The e-mail {platform} reports for you is not the one on file for {person.name}, "
            "so I can't link you to them. If that is wrong, ask an administrator. "
            "Nothing was changed."
        )
    real_name = h.msg.caller.real_name.strip()
    if not names_agree(real_name, person):
        if h.msg.caller.is_guest:
            told = (
                f"You are a guest here (or from another organisation), and a guest's name on "
                f"{platform} is their own to choose, so it is not checked against {person.name}"
            )
        elif real_name:
            told = f"{platform} tells me you are {real_name[:80]}, not {person.name}"
        else:
            told = f"{platform} did not tell me your full name to check against {person.name}"
        raise NotAllowed(
            f"{told}, so I can't link you: ask an administrator to link you with "
            f"`link {account_words(h)} to {person.name}`. Nothing was changed."
        )


def _admin_link_advice(h: HandlerContext, person: Person) -> str:
    """Why an administrator's account is not linked by name, and the commands that link it:
    another administrator's ``link @you to …`` and, for the first administrator (whom nobody
    else can link), the same on the server's console."""
    user = h.me.chat_user
    account = user.external_id if user is not None else "<account>"
    console = f'csbot say --workspace {h.msg.workspace} "link {account} to {person.name}"'
    return (
        f"{person.name} is an administrator, so only an administrator can link a chat "
        f"account to them: ask one to link you with `link {account_words(h)} to "
        f"{person.name}`, or, when no other administrator is linked yet, type "
        f"`{console}` on the server. Nothing was changed."
    )


def _pick_person(
    h: HandlerContext, name: str, command: str, which: str, *, unchanged: str = ""
) -> Person | Question:
    """The one person ``name`` means, or a Question offering the likely ones (a choice runs
    ``command`` followed by the name); a chat mention is the person its account is linked
    to. Raises NotFound when nobody is close."""
    mentioned = mentioned_person(h, name)
    if mentioned is not None:
        return mentioned
    people = find_people(h.uow, name)
    if not people:
        removed = removed_name_text(h.repos, name)
        raise NotFound(
            f"I don't know anyone called “{name[:80]}” in this workspace."
            + (f" {removed}" if removed else nearest_people_text(h, name, roles=False))
            + unchanged
        )
    sure = _all_named(people, name)
    if len(people) == 1 and sure:
        return people[0]
    # Never act on a guess: a spelling match is only offered as a choice.
    question = (
        f"“{name}” could be several people. {which}"
        if sure
        else f"I don't know anyone called “{name}”. Did you mean:"
    )
    return Question(
        text=question,
        choices=[Choice(label=_label(p), command=f"{command}{p.name}") for p in people],
    )


def _all_named(people: list[Person], name: str) -> bool:
    """True when ``name`` is the name (or its first words, or a word of it) of each of
    ``people``: found by name, not by a close spelling."""
    key = person_key(name.lstrip("@"))
    return all(_names(p, key) for p in people)


def _sure_person(h: HandlerContext, name: str) -> Person | None:
    """The one person ``name`` names for certain (as :func:`_pick_person` acts on); else None."""
    people = find_people(h.uow, name)
    return people[0] if len(people) == 1 and _all_named(people, name) else None


def _names(person: Person, key: str) -> bool:
    """True when ``key`` is the person's whole name, or one or more of its first words/a word."""
    return (
        person.name_key == key
        or key in person.name_key.split()
        or person.name_key.startswith(key + " ")
    )


def _label(person: Person) -> str:
    roles = ", ".join(r.key for r in person.roles)
    return f"{person.name} ({roles})" if roles else person.name


@REGISTRY.command("", "iam not <role...>", "Stop holding a role.", writes=True)
def iam_not(h: HandlerContext, args: Bindings) -> View:
    """Take a role from the caller's person."""
    person = _require_person(h)
    text = str(args["role"])
    role = find_role(h, text)
    if role is None or not h.repos.people.revoke_role(person, role):
        mine = ", ".join(r.key for r in person.roles) or "none"
        raise NotFound(f"You don't hold the role “{text[:60]}”. Your roles: {mine}.")
    h.uow.session.flush()
    return Notice(
        level="success",
        text=f"You no longer hold {role.key}. {_roles_sentence([r.key for r in person.roles])}",
    )


@REGISTRY.command(
    "",
    "iam <role...>",
    "Say that you hold a role (HOS, IRO...); its actions become “mine”.",
    writes=True,
    examples=("iam HOS", "iam Head of Service"),
)
def iam_role(h: HandlerContext, args: Bindings) -> View:
    """Give the caller's person one or more roles."""
    person = _require_person(h)
    text = " ".join(str(args["role"]).split())
    roles = _roles_named(h, text)
    if not h.me.is_admin:
        _check_roles_free(h, person, roles)
    added = [r for r in roles if h.repos.people.grant_role(person, r)]
    keys = [r.key for r in person.roles]
    if not added:
        return Notice(text=f"You already hold {', '.join(r.key for r in roles)}. Nothing changed.")
    return Notice(
        level="success",
        text=f"You now hold {', '.join(f'{r.key} ({r.title})' for r in added)}. "
        + _roles_sentence(keys),
    )


def _check_roles_free(h: HandlerContext, person: Person, roles: list[Role]) -> None:
    """A non-administrator may only claim roles that nobody else holds yet, and never one
    that carries rights (see GRANTED_BY_ADMINS). The roles are locked first: two people
    claiming one role at once take turns, and the second sees the first as its holder."""
    mine = {r.id for r in person.roles}
    privileged = [r for r in roles if r.key.upper() in GRANTED_BY_ADMINS and r.id not in mine]
    if privileged:
        keys = "/".join(r.key for r in privileged)
        raise NotAllowed(
            f"{keys} gives its holders the right to change things ({_rights(privileged)}), so "
            f"only an administrator can give it: ask one to type `grant {keys} to "
            f"{person.name}`. Nothing was changed."
        )
    h.repos.people.lock_roles([r.id for r in roles])
    held: list[str] = []
    for role in (r for r in roles if r.id not in mine):
        others = [p.name for p in h.repos.people.holders(role.id) if p.id != person.id]
        if others:
            held.append(f"{role.key} is held by {_names_text(others)}")
    if held:
        keys = "/".join(r.key for r in roles)
        raise NotAllowed(
            f"{'; '.join(held)}. Only an administrator can add you to a role somebody "
            f"already holds: ask one to type `grant {keys} to {person.name}`. "
            "Nothing was changed."
        )
    owning = [
        (role, work)
        for role in roles
        if role.id not in mine
        and (work := h.repos.holdings.role_work(role.id, h.now)).actions
        + work.indicators
        + work.items
    ]
    if owning:
        keys = "/".join(r.key for r, _ in owning)
        them = "it" if len(owning) == 1 else "them"
        raise NotAllowed(
            f"{'; '.join(_work_words(r, w) for r, w in owning)}, which whoever holds {them} "
            f"may change, so only an administrator can give {them}: ask one to type "
            f"`grant {keys} to {person.name}`. Nothing was changed."
        )


def _work_words(role: Role, work: RoleWork) -> str:
    """``CX owns 3 outstanding actions and 1 indicator``."""
    owns = [
        counted(n, one, many)
        for n, one, many in (
            (work.actions, "outstanding action", "outstanding actions"),
            (work.indicators, "indicator", "indicators"),
        )
        if n
    ]
    parts = [f"owns {and_listed(owns)}"] if owns else []
    if work.items:
        parts.append(f"leads {counted(work.items, 'agenda item', 'agenda items')} to come")
    return f"{role.key} {' and '.join(parts)}"


def _rights(roles: list[Role]) -> str:
    """What the privileged roles allow, in words."""
    return "; ".join(
        "the committee clerk changes committees and their meetings"
        if r.key.upper() == "CLERK"
        else f"{r.key} changes things"
        for r in roles
    )


def _names_text(names: list[str], limit: int = 5) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit} others"


def _role_change_target(
    h: HandlerContext, args: Bindings, what: str, command: str
) -> tuple[str, Person | Question]:
    """Check the caller is an administrator, then return the tidied role text and the person
    named (or a Question whose choices run ``command`` with the role text filled in)."""
    require_admin(h.me, what, CLAIM_INSTEAD)
    role_text = " ".join(str(args["role"]).split())
    name = " ".join(str(args["person"]).split())
    picked = _pick_person(
        h, name, command.format(role_text), "Which one do you mean?", unchanged=UNCHANGED
    )
    return role_text, picked


@REGISTRY.command(
    "",
    "grant <role...> to <person...>",
    "Give a person one or more roles (administrators only).",
    writes=True,
    examples=("grant HOS to Jackie Wilson", "grant IRO/HOS to Fiona Smith"),
)
def grant_roles(h: HandlerContext, args: Bindings) -> View:
    """An administrator gives a person roles (``new Jane Doe``: a person csbot does not know
    yet, added, as a committee's clerk may be); a Question when the name is ambiguous."""
    require_admin(h.me, "give people roles", CLAIM_INSTEAD)
    # A refusal below (an unknown role) rolls back the person added with the unit of work.
    new = new_person_named(h, " ".join(str(args["person"]).split()))
    if new is not None:
        person, created = new
        h.uow.session.flush()
        roles = _roles_named(h, " ".join(str(args["role"]).split()))
    else:
        role_text, picked = _role_change_target(h, args, "give people roles", "grant {} to ")
        if isinstance(picked, Question):
            return picked
        person, created = picked, False
        roles = _roles_named(h, role_text)
    added = [r for r in roles if h.repos.people.grant_role(person, r)]
    said = (
        f"New person added: {person.name}. "
        if created
        else f"{person.name} was known already, so no new person was added. "
        if new is not None
        else ""
    )
    if not added:
        return Notice(
            text=f"{said}{person.name} already holds {', '.join(r.key for r in roles)}. "
            "Nothing changed."
        )
    return Notice(
        level="success",
        text=f"{said}{person.name} now holds "
        f"{', '.join(f'{r.key} ({r.title})' for r in added)}. " + _their_roles(person),
    )


@REGISTRY.command(
    "",
    "revoke <role...> from <person...>",
    "Take one or more roles from a person (administrators only).",
    writes=True,
    examples=("revoke HOS from Jackie Wilson",),
)
def revoke_roles(h: HandlerContext, args: Bindings) -> View:
    """An administrator takes roles from a person; nothing changes unless they hold them all."""
    role_text, picked = _role_change_target(h, args, "take roles from people", "revoke {} from ")
    if isinstance(picked, Question):
        return picked
    person = picked
    roles: list[Role] = []
    for part, key in _role_parts(role_text):
        role = _existing_role(h, part, key)
        if role is None or all(r.id != role.id for r in person.roles):
            standard = known_role(key or part)
            label = role.key if role else standard[0] if standard else part[:60]
            raise NotFound(
                f"{person.name} doesn't hold the role “{label}”. "
                + _their_roles(person)
                + UNCHANGED
            )
        if all(r.id != role.id for r in roles):
            roles.append(role)
    for role in roles:
        h.repos.people.revoke_role(person, role)
    h.uow.session.flush()
    return Notice(
        level="success",
        text=f"{person.name} no longer holds {', '.join(r.key for r in roles)}. "
        + _their_roles(person),
    )


def _their_roles(person: Person) -> str:
    keys = ", ".join(r.key for r in person.roles)
    return f"Their roles: {keys or 'none'}."


@REGISTRY.command("", "iam", "List the roles you hold.")
def iam_list(h: HandlerContext, args: Bindings) -> View:
    """The caller's roles."""
    if h.me.person is None and not h.me.role_ids:
        raise NotAllowed(f"I don't know who you are yet. {tell_me_who(h.me)}")
    return Notice(text=_roles_sentence(h.me.role_keys))


def _require_person(h: HandlerContext) -> Person:
    if h.me.person is None:
        if h.me.chat_user is None:
            raise NotAllowed(CONSOLE_HINT)
        raise NotAllowed(
            "I don't know who you are yet, so I can't give you a role. "
            "Tell me with `link <your name>` first."
        )
    return h.me.person


def _roles_named(h: HandlerContext, text: str) -> list[Role]:
    """The roles ``text`` names ("HOS", "IRO/HOS", "head of service"); standard roles that
    are not in the workspace yet are created. Raises NotFound for unknown roles."""
    refs = split_lead(text)
    is_person = bool(refs) and all(r.kind == "person" for r in refs)
    if is_person and find_role(h, text) is None and find_people(h.uow, text):
        raise UserError(
            f"“{text[:60]}” is a person, not a role. To say who you are, use `link {text}`."
            + UNCHANGED
        )
    roles: list[Role] = []
    for part, key in _role_parts(text):
        role = _existing_role(h, part, key)
        if role is None:
            standard = known_role(key or part) or _standard_titled(part)
            if standard is not None and key is not None and _qualified(key, standard[0]):
                standard = None
            if standard is not None:
                role = h.repos.people.get_or_create_role(*standard)
        if role is None:
            existing = ", ".join(r.key for r in h.repos.people.all_roles()) or "none yet"
            raise NotFound(
                f"There is no role called “{part[:60]}”. Roles here: {existing}." + UNCHANGED
            )
        if all(r.id != role.id for r in roles):
            roles.append(role)
    return roles


def _role_parts(text: str) -> list[tuple[str, str | None]]:
    """The roles ``text`` lists, as (words, key): "IRO/HOS" -> [("Independent Reviewing
    Officer", "IRO"), ("Head of Service", "HOS")]; or the whole text, with no key."""
    return [(r.display, r.key) for r in split_lead(text) if r.kind == "role"] or [(text, None)]


def _qualified(key: str, standard: str) -> bool:
    """Whether ``key`` is a standard role's key with a service after it ("HOS EARLY HELP"
    for HOS): a role of its own, never the plain one."""
    return key != standard and key.startswith(f"{standard} ")


def _standard_titled(text: str) -> tuple[str, str] | None:
    """(key, title) of the standard role whose title ``text`` is ("Committee Clerk")."""
    wanted = role_key(text)
    return next((kt for kt in KNOWN_ROLES.values() if role_key(kt[1]) == wanted), None)


def _existing_role(h: HandlerContext, part: str, key: str | None) -> Role | None:
    """The role ``part`` names. A standard role (CLERK, ACE, LMCS...) is only ever the role
    with its key: its title is not always one ``find_role`` knows ("Committee Clerk"), and
    a close title must not stand in for it ("Assistant Chief Executive" is not CX)."""
    standard = known_role(key) if key else None
    if standard is not None and key is not None and not _qualified(key, standard[0]):
        return h.repos.people.role_by_key(standard[0])
    return find_role(h, part)

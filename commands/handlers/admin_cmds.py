"""Who administers csbot in a workspace: ``admins`` lists them, and administrators make
others administrators with ``admin add <person>`` or stop them being one with ``admin remove
<person>``. An administrator is a person marked so (any platform; the only way on Teams, which
has no admin flag csbot can read), the console's operator, or on Slack an admin or owner of
the workspace. A change is one row of the audit trail (the person's ``is_admin``). Like
``grant`` they work on their own or after any of the slash commands (``/actions admins``)."""

from __future__ import annotations

from commands.errors import UserError
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.identity import account_label
from commands.people_admin import UNCHANGED, pick_person
from commands.permissions import require_admin
from commands.registry import REGISTRY
from commands.views import Notice, Question, View
from storage.models import Person

WHAT_THEY_DO = (
    "Administrators link people's chat accounts, give and take roles, merge, rename and "
    "remove people, and link plans' and committees' channels."
)


def _person(h: HandlerContext, args: Bindings, retry: str) -> Person | Question:
    typed = " ".join(str(args.get("person") or "").split())
    return pick_person(h, typed, lambda name: f"{retry} {name}")


def _platform_admins(h: HandlerContext) -> str:
    if h.msg.caller.platform == "slack":
        return " The admins and owners of this Slack workspace are administrators too."
    return ""


@REGISTRY.command(
    "",
    "admins",
    "Who the csbot administrators of this workspace are.",
    examples=("admins",),
)
def admins(h: HandlerContext, args: Bindings) -> View:
    """The people made administrators (anyone may ask: they are whom to ask for a change)."""
    people = h.repos.people.administrators()
    if not people:
        return Notice(
            text="Nobody has been made a csbot administrator here yet."
            + _platform_admins(h)
            + ' From the server\'s console, `csbot say "admin add <person>"` makes one.'
        )
    names = ", ".join(p.name for p in people)
    return Notice(text=f"csbot administrators: {names}." + _platform_admins(h))


@REGISTRY.command(
    "",
    "admin add <person...>",
    "Make a person a csbot administrator (administrators only).",
    writes=True,
    examples=("admin add Jon Abbey",),
)
def admin_add(h: HandlerContext, args: Bindings) -> View:
    """An administrator makes a person (named in full; choices otherwise) an administrator."""
    require_admin(h.me, "make people administrators")
    person = _person(h, args, "admin add")
    if isinstance(person, Question):
        return person
    if person.is_admin:
        return Notice(text=f"{person.name} is an administrator already. Nothing changed.")
    person.is_admin = True
    h.uow.session.flush()
    linked = h.repos.people.chat_users_of(person.id)
    # Named, so that an account somebody linked to the person by name before they were made
    # an administrator (which a name could not do now) is seen, and can be re-linked.
    accounts = ", ".join(account_label(u) for u in linked)
    then = (
        f" It is the chat account linked to them that acts as one: {accounts}. If one is not "
        f"theirs, link it to its owner with `link <account id> to <person>`."
        if linked
        else " They act as one once their chat account is linked to them: an administrator "
        f"links it with `link @them to {person.name}` (a name alone never links anybody to "
        "an administrator; their e-mail on file does)."
    )
    return Notice(
        level="success", text=f"{person.name} is now a csbot administrator. {WHAT_THEY_DO}{then}"
    )


@REGISTRY.command(
    "",
    "admin remove <person...>",
    "Stop a person being a csbot administrator (administrators only; not yourself).",
    writes=True,
    examples=("admin remove Jon Abbey",),
)
def admin_remove(h: HandlerContext, args: Bindings) -> View:
    """An administrator takes the rights from another (never from themselves: another
    administrator, or the console, does that, so nobody locks the workspace out by a slip)."""
    require_admin(h.me, "stop people being administrators")
    person = _person(h, args, "admin remove")
    if isinstance(person, Question):
        return person
    if not person.is_admin:
        return Notice(text=f"{person.name} is not an administrator. Nothing changed.")
    if person.id == h.me.person_id:
        raise UserError(
            "You cannot stop being an administrator yourself: ask another administrator."
            + UNCHANGED
        )
    person.is_admin = False
    h.uow.session.flush()
    platform = (
        " An admin or owner of the Slack workspace stays one there all the same."
        if h.msg.caller.platform == "slack"
        else ""
    )
    return Notice(
        level="success", text=f"{person.name} is no longer a csbot administrator.{platform}"
    )

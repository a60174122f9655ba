"""Who may change what."""

from __future__ import annotations

from commands.errors import NotAllowed
from commands.identity import Me
from commands.presenters import owner_labels
from storage.models import Action, Indicator, Update

# Roles that carry rights to change things (the committee clerk changes committees): only an
# administrator gives them, never ``iam``, even while nobody holds them.
GRANTED_BY_ADMINS = frozenset({"CLERK"})

CONSOLE_HINT = (
    "In the console you choose who you are: type `:as NAME` (e.g. `:as Fiona Smith`), or "
    'start it with `--as NAME` (`csbot console --as "Fiona Smith"`, as `csbot say` takes it).'
)


def tell_me_who(me: Me) -> str:
    """How the caller says who they are: ``link <your name>`` in chat; in the console (no
    chat account, where ``link`` is refused) ``--as NAME``."""
    if me.chat_user is None:
        return CONSOLE_HINT
    return "Tell me with `link <your name>`."


def owns_action(me: Me, action: Action) -> bool:
    """True when I am an owner of the action, in person or through a role."""
    for owner in action.owners:
        if owner.person_id is not None and owner.person_id in me.person_ids:
            return True
        if owner.role_id is not None and owner.role_id in me.role_ids:
            return True
    return False


def can_change_action(me: Me, action: Action) -> bool:
    """Owners, administrators, and anyone linked when the action has no owner, may change it."""
    return me.is_admin or owns_action(me, action) or (not action.owners and me.is_known)


def require_can_change_action(me: Me, action: Action) -> None:
    """Raise NotAllowed unless I may change the action (see :func:`can_change_action`)."""
    if can_change_action(me, action):
        return
    if not me.is_known:
        raise NotAllowed(
            f"I don't know who you are yet, so I can't record changes from you. {tell_me_who(me)}"
        )
    owners = ", ".join(owner_labels(action)) or "nobody"
    raise NotAllowed(
        f"Only the owners of {action.ref} ({owners}) or an administrator can change it."
    )


def require_can_edit_action(me: Me, action: Action, what: str) -> None:
    """Raise NotAllowed unless I may change the action's ``what`` ("title", "due date",
    "owners"): its owners and administrators. Unlike its progress, which anyone linked may
    log on an action with no owner, an ownerless action's title, date and owners are an
    administrator's to change: else anyone could take it over or rename it."""
    if action.owners or me.is_admin:
        require_can_change_action(me, action)
        return
    require_known(me)
    raise NotAllowed(
        f"{action.ref} has no owner, so only an administrator can change its {what}: ask one "
        f"to give it an owner with `/actions assign {action.ref} <person>`. Nothing was changed."
    )


def can_take_back_update(me: Me, update: Update, action: Action | None) -> bool:
    """Whether I may retract (or replace) a logged update: the person who logged it, anyone
    who may change its action, and administrators may; ``action`` is the update's action."""
    if update.author_person_id is not None and update.author_person_id in me.person_ids:
        return True
    return me.is_admin or (action is not None and can_change_action(me, action))


def require_can_change_indicator(me: Me, indicator: Indicator) -> None:
    """Indicator owners and administrators may record values and targets."""
    if me.is_admin:
        return
    for owner in indicator.owners:
        if owner.person_id is not None and owner.person_id in me.person_ids:
            return
        if owner.role_id is not None and owner.role_id in me.role_ids:
            return
    if not indicator.owners and me.is_known:
        return
    raise NotAllowed(
        f"Only the owners of {indicator.slug} or an administrator can record its values."
    )


def require_known(me: Me) -> None:
    """The caller must be linked to a person (or act for a role)."""
    if not me.is_known and not me.is_admin:
        raise NotAllowed(f"I don't know who you are yet. {tell_me_who(me)} Then try again.")


def require_admin(me: Me, what: str, hint: str = "") -> None:
    """Only an administrator may ``what`` ("merge people"); ``hint`` (with its brackets)
    says what else the caller may do."""
    if not me.is_admin:
        hint = f" {hint}" if hint else ""
        raise NotAllowed(f"Only an administrator can {what}{hint}. Nothing was changed.")

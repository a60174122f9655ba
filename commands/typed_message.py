"""An update typed as ``4.3: …`` in a direct message whose ref is in several plans waits for
its plan to be picked (``commands/action_pick.py``). Until then the message has no update to
supersede or retract, so its edit and its deletion are kept here, for the pick to honour:

- editing it makes the picks drawn for it out of date (the edit is answered as the message
  typed anew: logged, or a fresh pick when its ref is still in several plans). A click on an
  old button is refused, saying so, rather than logging the text the message no longer has
  (or the note under a ref it may no longer name);
- deleting it makes every pick drawn for it refuse, saying the message was deleted.

A deletion is kept the same way for any message with no update that could have been logged
(a direct message, or one in a plan's channel): Slack delivers a message again when csbot did
not answer it in time, and that retry can come after the author deleted the message. Such a
message, delivered after its deletion, is not logged (``was_deleted``).

The picks of one message are numbered (its generation: 0 as first typed, one more for each
edit while it waits) and a click names its generation. The marks are claims in the request
ledger (``UnitOfWork.claim_request``, pruned after two days, as the picks' own "once" keys
are): one per generation made out of date by an edit, and one for the deletion.
"""

from __future__ import annotations

import hashlib

from commands.context import MessageContext
from commands.errors import UserError
from commands.handler_context import HandlerContext

PICK_PREFIX = "typedpick:"
_EDITED_PREFIX = "typededit:"
_DELETED_PREFIX = "typedgone:"
# A message edited more often than this while its plan waits is not told apart any more.
MAX_GENERATION = 50
KEY_CHARS = 64

PICK_AFTER_DELETE = (
    "Your message with this update was deleted, so it was not logged. Nothing was changed."
)
PICK_AFTER_EDIT = (
    "You edited your message after these buttons were drawn, so they are out of date: pick "
    "from the answer to your edited message (or type the update again). Nothing was changed."
)


def _key(prefix: str, msg: MessageContext, *parts: str) -> str:
    raw = "|".join(
        (msg.workspace, msg.caller.platform, msg.channel_id or "", msg.message_id or "", *parts)
    )
    return prefix + hashlib.sha256(raw.encode()).hexdigest()[: KEY_CHARS - len(prefix)]


def pick_key(msg: MessageContext, generation: int) -> str:
    """The request key of a click on a pick of generation ``generation`` drawn for the typed
    message ``msg.message_id``: the same for every button of that pick, so its update is
    logged once, whichever is clicked and however often."""
    return _key(PICK_PREFIX, msg, str(generation))


def _edited_key(msg: MessageContext, generation: int) -> str:
    return _key(_EDITED_PREFIX, msg, str(generation))


def current_generation(h: HandlerContext) -> int:
    """The generation of a pick drawn now for the message of ``h.msg``: how many times it was
    edited while waiting for its plan."""
    keys = [_edited_key(h.msg, generation) for generation in range(MAX_GENERATION)]
    claimed = h.uow.claimed(keys)
    return next((g for g, key in enumerate(keys) if key not in claimed), MAX_GENERATION)


def was_deleted(h: HandlerContext) -> bool:
    """Whether the message of ``h.msg`` was deleted (waiting for its plan, or after its update
    was logged and then retracted)."""
    msg = h.msg
    if msg.channel_id is None or msg.message_id is None:
        return False
    return h.uow.has_claim(_key(_DELETED_PREFIX, msg)) or h.repos.actions.message_deleted(
        msg.channel_id, msg.message_id
    )


def _waiting(h: HandlerContext) -> bool:
    """Whether ``h.msg`` is a direct message with an id and no live update of its own."""
    msg = h.msg
    if not (msg.is_direct and msg.channel_id and msg.message_id):
        return False
    return not h.repos.actions.updates_for_message(msg.channel_id, msg.message_id)


def message_edited(h: HandlerContext) -> bool:
    """A direct message with no update of its own was edited: the picks drawn for it are out
    of date. True when the edit is to be answered as the message typed anew (not when the
    message was deleted, or has an update, which the edit changed already)."""
    if not _waiting(h) or was_deleted(h):
        return False
    generation = current_generation(h)
    if generation < MAX_GENERATION:
        h.uow.claim_request(_edited_key(h.msg, generation), kind="typed message edited")
    return True


def message_deleted(h: HandlerContext) -> None:
    """A message with no live update of its own (the caller found none) was deleted: the
    picks drawn for it log nothing, and it is not logged if it is delivered after all. Kept
    only for a direct message or one in a plan's channel (nowhere else is a message logged);
    ``claim_request``'s ledger drops it after two days, long after Slack's last retry."""
    msg = h.msg
    if not (msg.channel_id and msg.message_id):
        return
    if (not msg.is_direct and h.channel_plan() is None) or was_deleted(h):
        return
    kind = "typed message deleted" if msg.is_direct else "channel message deleted"
    h.uow.claim_request(_key(_DELETED_PREFIX, msg), kind=kind)


def refuse_out_of_date_pick(h: HandlerContext, generation: int) -> None:
    """Refuse a click on a pick of generation ``generation`` for the message of ``h.msg``
    when the message was deleted, or edited since the pick was drawn."""
    if was_deleted(h):
        raise UserError(PICK_AFTER_DELETE)
    if h.uow.has_claim(_edited_key(h.msg, generation)):
        raise UserError(PICK_AFTER_EDIT)

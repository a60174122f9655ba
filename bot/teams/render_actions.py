"""Adaptive Cards for actions: lists, one action in full, and "update logged".

Registered on ``bot.teams.render.build`` (imported at the bottom of that module).
"""

from __future__ import annotations

from microsoft_teams.cards.core import (
    AdaptiveCard,
    CardElement,
    Choice,
    ChoiceSetInput,
    DateInput,
    ShowCardAction,
    TextInput,
)

from bot.teams import card_actions as ca
from bot.teams.cards import (
    CARD_VERSION,
    Run,
    buttons,
    card,
    execute,
    fact,
    group,
    heading,
    para,
    subtle,
)
from bot.teams.render import (
    RenderOptions,
    build,
    command_pages,
    pager,
    paginate,
    run_button,
)
from commands.action_updates import MAX_UPDATE_CHARS
from commands.formatting import (
    done_label,
    due_as_written,
    due_text,
    due_value,
    fmt_date,
    last_update_words,
    status_text,
    update_label,
)
from commands.status import is_outstanding, label
from commands.views import ActionDetail, ActionList, ActionSummary, UpdateLogged, UpdateView

HISTORY_SHOWN = 15


def command_ref(item: ActionSummary) -> str:
    """How commands name this action: ``plan-slug:ref``."""
    return f"{item.plan_slug}:{item.ref}"


def update_form(item: ActionSummary, *, back: str, page: int) -> AdaptiveCard:
    """The card behind an Update button: a note, a new status and a new due date."""
    from commands.forms import status_choices

    data = ca.update_data(item.id, status=item.status, due=item.due_date, back=back, page=page)
    return AdaptiveCard(
        version=CARD_VERSION,
        body=[
            TextInput(
                id=ca.note_input(item.id),
                label="Progress note",
                is_multiline=True,
                max_length=MAX_UPDATE_CHARS,
                placeholder="What has happened since the last update?",
            ),
            ChoiceSetInput(
                id=ca.status_input(item.id),
                label="Status",
                style="compact",
                value=item.status,
                choices=[Choice(title=text, value=value) for value, text in status_choices()],
            ),
            DateInput(
                id=ca.due_input(item.id),
                label="Due date",
                value=item.due_date.isoformat() if item.due_date else None,
            ),
        ],
        actions=[execute("Save update", ca.VERB_UPDATE, data, style="positive")],
    )


def action_buttons(item: ActionSummary, *, back: str, page: int = 1) -> CardElement:
    """Done and Update for one outstanding action. Their tooltips (also what screen readers
    say) name the action: a list repeats the same two titles on every row."""
    return buttons(
        [
            execute(
                "Done",
                ca.VERB_DONE,
                ca.action_data(item.id, back=back, page=page),
                style="positive",
            ).with_tooltip(done_label(item.ref)),
            ShowCardAction(
                title="Update",
                card=update_form(item, back=back, page=page),
                tooltip=update_label(item.ref),
            ),
        ]
    )


def action_item(
    item: ActionSummary,
    opts: RenderOptions,
    *,
    with_plan: bool = True,
    back: str | None = None,
    page: int = 1,
    separator: bool = True,
) -> CardElement:
    """One action: ref and title, status, owners and due date, last update, buttons."""
    owners = ", ".join(item.owners) or item.lead_text or "no owner"
    head = para(
        Run("⚠ ", color="Attention") if item.overdue else "",
        Run(f"[{item.plan_slug}] ", subtle=True) if with_plan else "",
        Run(item.ref, bold=True),
        Run(f"  {item.title}"),
        limit=opts.text_limit,
    )
    meta = para(
        Run(
            f"{status_text(item.status)} · {owners} · "
            + due_text(item.due_date, item.due_text, item.overdue, item.days_overdue),
            subtle=True,
        ),
        limit=opts.text_limit,
    )
    parts: list[CardElement] = [head, meta]
    if item.last_update is not None:
        u = item.last_update
        parts.append(
            para(
                Run(f"Last update {fmt_date(u.at.date())}, {u.author}: ", subtle=True),
                Run(last_update_words(u), italic=True, subtle=True),
                limit=opts.text_limit,
            )
        )
    if back is not None and opts.interactive and is_outstanding(item.status):
        parts.append(action_buttons(item, back=back, page=page))
    return group(parts, separator=separator)


@build.register
def _action_list(view: ActionList, opts: RenderOptions) -> AdaptiveCard:
    title = view.title + (f" — {view.subtitle}" if view.subtitle else "")
    body: list[CardElement] = [heading(title)]
    if not view.items:
        body.append(para(view.empty_text))
        return card(body, fallback=title)
    overdue = sum(1 for i in view.items if i.overdue)
    count = f"{len(view.items)} item{'s' if len(view.items) != 1 else ''}"
    body.append(subtle(count + (f", {overdue} overdue" if overdue else "")))
    command = view.query or opts.command
    page = paginate(view.items, opts)
    with_plan = len({i.plan_slug for i in view.items}) > 1
    for item in page.items:
        body.append(action_item(item, opts, with_plan=with_plan, back=command, page=page.number))
    body += pager(page, opts, command_pages(command))
    return card(body, fallback=f"{title} ({count})")


def _update_line(u: UpdateView, opts: RenderOptions) -> CardElement:
    change = ""
    if u.status_after and u.status_after != u.status_before:
        change = f" [{label(u.status_before or 'not_started')} → {label(u.status_after)}]"
    state = {"live": "", "superseded": " (superseded by an edit)", "retracted": " (retracted)"}
    return para(
        Run(f"{fmt_date(u.at.date())} {u.author}{change}", bold=True),
        Run(": " if u.text else ""),
        Run(u.text, strike=u.state == "retracted"),
        Run(state[u.state], subtle=True),
        limit=opts.text_limit,
    )


@build.register
def _action_detail(view: ActionDetail, opts: RenderOptions) -> AdaptiveCard:
    a = view.action
    due = due_value(a.due_date, a.due_text, a.overdue, a.days_overdue)
    written = due_as_written(a.due_text, a.due_date)
    if written:
        due += f" (“{written}”)"
    owners = ", ".join(a.owners) or "none"
    if a.lead_text and a.lead_text != ", ".join(a.owners):
        owners += f" (lead: {a.lead_text})"
    body: list[CardElement] = [
        heading(f"{a.ref}  {a.title}"),
        fact("Plan", a.plan_name + (f" · Section: {view.section}" if view.section else "")),
        fact("Status", status_text(a.status)),
        fact("Owners", owners),
        fact("Due", due),
    ]
    if view.meeting:
        body.append(fact("Arising from", view.meeting))
    # An imported plan's extra columns may be many and long: cut to the rendering's text
    # limit, so that a card too big for Teams is drawn again with shorter texts (see fit).
    body += [
        fact(key, value, limit=opts.text_limit)
        for key, value in view.extra.items()
        if value.strip()
    ]
    body.append(para(Run("History", bold=True), separator=True, spacing="Medium"))
    if not view.history:
        body.append(subtle("No updates yet."))
    body += [_update_line(u, opts) for u in view.history[:HISTORY_SHOWN]]
    if len(view.history) > HISTORY_SHOWN:
        body.append(subtle(f"… and {len(view.history) - HISTORY_SHOWN} earlier updates."))
    if opts.interactive and is_outstanding(a.status):
        body.append(action_buttons(a, back=f"/actions show {command_ref(a)}"))
    return card(body, fallback=f"{a.ref} {a.title}")


@build.register
def _update_logged(view: UpdateLogged, opts: RenderOptions) -> AdaptiveCard:
    a, u = view.action, view.update
    head = view.message or f"Logged on {a.ref} ({a.plan_name})."
    body: list[CardElement] = [para(Run(f"✔ {head}", bold=True, color="Good"))]
    if u.status_after and u.status_after != u.status_before:
        body.append(
            fact("Status", f"{label(u.status_before or 'not_started')} → {label(u.status_after)}")
        )
    body.append(para(Run(a.ref, bold=True), Run(f"  {a.title}"), limit=opts.text_limit))
    if u.text:
        body.append(para(Run(f"“{u.text}”", italic=True), limit=opts.text_limit))
    if opts.interactive:
        body.append(
            buttons(
                [run_button("Show the action", f"/actions show {command_ref(a)}", mode="reply")]
            )
        )
    return card(body, fallback=head)

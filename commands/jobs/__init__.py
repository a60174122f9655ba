"""Scheduled work: pre-meeting summaries, reminders, digests, and the claim-once outbox.

What goes out, and when (times are wall-clock in the workspace's time zone; nothing is sent
outside 08:00-18:00 on working days, which skip weekends and England and Wales bank holidays):

- Pre-meeting summary: to the meeting's channel (else its committee's), at 09:00 N days
  before the meeting for each N in ``committee.summary_days_before`` (default 7 and 1); a day
  that is not a working day moves to the working day before. If a run missed one, it is sent
  late only until the next one is due.
- Report reminder: a DM to each lead officer of an agenda item whose report is not in, 5 and
  1 working days before its report deadline.
- Due-soon nudge: a DM to each owner (people, and the holders of owning roles) 3 working days
  before an outstanding action is due; an overdue nudge on the first working day after it.
- Weekly digest: a DM on Monday (or the week's first working day) to each person with
  outstanding actions or reports to send (late, or due within 4 weeks); caught up later in
  the week if it was missed.

A person's nudges due in one run go out as one message, as do their report reminders.
Actions due with nobody to nudge (a role nobody holds, an owner with no chat account) are
named in the run's report.

Owners can snooze or stop DMs (``/actions remind snooze 2 weeks``, ``remind stop``,
``remind on``). Every post is composed from live data when it is sent (a recipient who no
longer owns the action or leads the item is skipped, a summary goes to the committee's
channel as it is then, or not at all if summaries were turned off); a post skipped so is
planned again should that data change back while it is due. Each post has a unique key in
the ``scheduled_post`` outbox (see outbox.py), so it is sent once even when several
processes run the scheduler against one database.
"""

"""What is left of an update's text once its status tag is cut out: no stray comma before the
end of a sentence ("done, #met!" is "done!"), and an emoticon after a tag keeps its space."""

from __future__ import annotations

import pytest

from commands.progress import read_status


@pytest.mark.parametrize(
    ("typed", "text", "status"),
    [
        ("handbook done, #met!", "handbook done!", "achieved"),
        ("chasing the review #late :(", "chasing the review :(", "off_track"),
        ("done #on-track.", "done.", "on_track"),
        ("x #done, y", "x, y", "achieved"),
        ("(#done)", "", "achieved"),
        ("done #done :tada:", "done :tada:", "achieved"),
        ("panel held #met :+1:", "panel held :+1:", "achieved"),
        ("held #met :tada: :tada:", "held :tada: :tada:", "achieved"),
        ("recruited (see notes #met)", "recruited (see notes)", "achieved"),
        ("recruited [see notes #done] and more", "recruited [see notes] and more", "achieved"),
        ("recruited (#on-track, see notes)", "recruited (see notes)", "on_track"),
        ('panel "#done"', "panel", "achieved"),
        ("done (#done) ok", "done ok", "achieved"),
    ],
)
def test_no_residue_is_left_where_a_status_was_cut(typed: str, text: str, status: str) -> None:
    read = read_status(typed)
    assert (read.text, read.status) == (text, status)

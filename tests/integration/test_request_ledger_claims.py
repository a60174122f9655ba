"""The request ledger's claims: which of several keys were claimed, in one query."""

from __future__ import annotations

from sqlalchemy import event

from storage.unit_of_work import Store


def test_claimed_names_exactly_the_claimed_keys_in_one_query(store: Store) -> None:
    long_key = "typededit:" + "a" * 80  # longer than the ledger keeps: matched by its first 64
    with store.unit_of_work("local") as uow:
        assert uow.claim_request("k1")
        assert uow.claim_request(long_key)
        uow.commit()
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    with store.unit_of_work("local") as uow:
        event.listen(store.engine, "before_cursor_execute", count)
        try:
            found = uow.claimed(["k1", "k2", long_key, "k3"])
        finally:
            event.remove(store.engine, "before_cursor_execute", count)
        assert found == {"k1", long_key}
        assert uow.claimed([]) == set()
    assert sum("slack_event" in s for s in statements) == 1

"""A race injected into a write: another request's change made between the checks of the
write under test and the transaction it then opens (tests/security/test_tenancy29_sessions.py,
test_account_reused_writes.py)."""
from __future__ import annotations

import contextlib
import threading
from typing import Callable, Iterator

import pytest


@contextlib.contextmanager
def before_next_transaction(db, change: Callable[[], None], armed: bool = True) -> Iterator[Callable[[], None]]:
    """While open, the next transaction opened on `db` (a store's `store.db`) first runs
    `change()` in another thread, as another request would, and waits for it to end.
    With `armed=False` that happens only once the yielded `arm()` was called (each call
    arms one more transaction). `db.transaction` is itself again afterwards. A failure of
    `change()` is raised in the test: a race that was not made proves nothing."""
    opened = db.transaction
    pending: list[bool] = [True] if armed else []

    @contextlib.contextmanager
    def transaction(*args, **kwargs):
        if pending and pending.pop():
            failed: list[BaseException] = []

            def run() -> None:
                try:
                    change()
                except BaseException as exc:  # noqa: BLE001 - raised again below, in the test's thread
                    failed.append(exc)
            other = threading.Thread(target=run)
            other.start()
            other.join()
            if failed:
                raise AssertionError("the change made mid-transaction failed") from failed[0]
        with opened(*args, **kwargs) as conn:
            yield conn

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(db, "transaction", transaction)
        yield lambda: pending.append(True)

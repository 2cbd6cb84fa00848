"""Back-off after failed attempts, per key (a visitor's address, with what they tried).

The first :attr:`Throttle.free` failures cost nothing; each one after that doubles the wait
before the next try (1 s, 2 s, 4 s ... up to ``cap``). A success clears the key. Keys are
forgotten once their wait has long passed, so a room full of phones cannot grow it for ever.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from crm_core.errors import CrmCoreError


class TooManyAttemptsError(CrmCoreError):
    """Someone tried too often in too short a time."""


@dataclass
class _Failures:
    count: int
    last: float


class Throttle:
    def __init__(self, *, free: int = 3, base_seconds: float = 1.0, cap_seconds: float = 300.0,
                 max_keys: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.free, self.base, self.cap, self.max_keys, self.clock = free, base_seconds, cap_seconds, max_keys, clock
        self._failures: dict[str, _Failures] = {}
        self._lock = threading.Lock()

    def _delay(self, count: int) -> float:
        return 0.0 if count < self.free else min(self.cap, self.base * 2 ** (count - self.free))

    def wait_left(self, key: str) -> float:
        """Seconds before ``key`` may try again (0 when it may now)."""
        with self._lock:
            failures = self._failures.get(key)
            if failures is None:
                return 0.0
            return max(0.0, failures.last + self._delay(failures.count) - self.clock())

    def check(self, key: str) -> None:
        """Raise a sentence when ``key`` must still wait."""
        left = self.wait_left(key)
        if left > 0:
            raise TooManyAttemptsError(f"Too many wrong attempts: wait {max(1, round(left))} seconds, then try again.")

    def failed(self, key: str) -> None:
        now = self.clock()
        with self._lock:
            failures = self._failures.get(key)
            self._failures[key] = _Failures(failures.count + 1 if failures else 1, now)
            if len(self._failures) > self.max_keys:
                self._forget_stale(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _forget_stale(self, now: float) -> None:
        stale = [k for k, f in self._failures.items() if now - f.last > 2 * self.cap]
        for key in stale or sorted(self._failures, key=lambda k: self._failures[k].last)[: len(self._failures) // 2]:
            del self._failures[key]

"""Reply pacing: a member who posts many questions is answered, but the channel is not flooded.

A reply takes its channel's turn: one send at a time per channel, starting at least ``channel_interval`` after
the previous send in that channel *finished*, and at least ``member_interval`` after the bot's previous reply to
that member. Measuring from the finished send (not from a reserved slot) keeps the spacing real even when the
event loop or the network is slow and woken tasks would otherwise go out in a clump. Replies wait in order;
none is dropped.

A member's own cooldown is waited out *before* taking the channel, so one busy member never holds up everyone
else's replies in that channel. An urgent reply (an emergency notice) takes no turn at all: it is sent at once,
and only counts as the channel's latest send so the paced replies keep their spacing after it.

The clock and the sleep are injectable, so tests run with the real intervals on a virtual clock (no real
waiting) and still check the spacing.
"""

from __future__ import annotations

import asyncio
import heapq
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

__all__ = ["ReplyThrottle", "VirtualClock"]


class VirtualClock:
    """A clock for tests and benchmarks that never really sleeps: sleepers wake in deadline order, and the clock
    jumps to each deadline once the tasks that can run have had their turn. Every "wait until t" ends at or
    after t, so spacing rules hold exactly, and a paced burst of replies takes milliseconds instead of minutes."""

    def __init__(self, start: float = 0.0, settle_steps: int = 5, *, auto: bool = True) -> None:
        """``auto=False``: time moves only when :meth:`advance` is called (a test controls it)."""
        self.now = start
        self._auto = auto
        self._settle_steps = settle_steps
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = 0
        self._advancer: asyncio.Task[None] | None = None

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        self._seq += 1
        heapq.heappush(self._sleepers, (self.now + max(0.0, seconds), self._seq, future))
        if self._auto and (self._advancer is None or self._advancer.done()):
            self._advancer = loop.create_task(self._advance())
        await future

    async def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds``, waking every sleeper due by then, in order."""
        target = self.now + seconds
        while self._sleepers and self._sleepers[0][0] <= target:
            deadline, _, future = heapq.heappop(self._sleepers)
            self.now = max(self.now, deadline)
            if not future.done():
                future.set_result(None)
            for _ in range(self._settle_steps):
                await asyncio.sleep(0)
        self.now = max(self.now, target)

    async def _advance(self) -> None:
        while self._sleepers:
            for _ in range(self._settle_steps):  # let every runnable task reach its next wait first
                await asyncio.sleep(0)
            deadline, _, future = heapq.heappop(self._sleepers)
            self.now = max(self.now, deadline)
            if not future.done():
                future.set_result(None)


class ReplyThrottle:
    def __init__(self, channel_interval: float = 1.5, member_interval: float = 5.0,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, max_tracked: int = 10_000) -> None:
        self.channel_interval = channel_interval
        self.member_interval = member_interval
        self._clock = clock
        self._sleep = sleep
        self._channel_locks: dict[int, asyncio.Lock] = {}
        self._last_channel: dict[int, float] = {}
        self._next_member: dict[int, float] = {}
        self._max_tracked = max_tracked

    def _forget_old(self, now: float) -> None:
        """Keep memory bounded under a flood of members and channels."""
        if len(self._next_member) > self._max_tracked:
            self._next_member = {k: v for k, v in self._next_member.items() if v > now}
        if len(self._last_channel) > self._max_tracked:
            idle = [k for k, v in self._last_channel.items()
                    if v + self.channel_interval < now and not self._channel_locks[k].locked()]
            for key in idle:
                self._last_channel.pop(key, None)
                self._channel_locks.pop(key, None)

    async def _wait_until(self, when: float) -> None:
        while (now := self._clock()) < when:
            await self._sleep(when - now)

    @asynccontextmanager
    async def turn(self, channel_id: int, member_id: int, *, urgent: bool = False) -> AsyncIterator[float]:
        """Wait for this reply's turn, hold the channel while the reply is sent; yields how long it waited.

        ``urgent`` replies do not wait for anything.
        """
        asked = self._clock()
        if urgent:
            try:
                yield 0.0
            finally:
                self._last_channel[channel_id] = max(self._last_channel.get(channel_id, float("-inf")),
                                                     self._clock())
            return
        # The member's slot is reserved at once, so two replies to one member are spaced even while both wait.
        member_ready = max(asked, self._next_member.get(member_id, float("-inf")))
        self._next_member[member_id] = member_ready + self.member_interval
        await self._wait_until(member_ready)
        lock = self._channel_locks.setdefault(channel_id, asyncio.Lock())
        async with lock:
            await self._wait_until(self._last_channel.get(channel_id, float("-inf")) + self.channel_interval)
            self._next_member[member_id] = max(self._next_member[member_id], self._clock() + self.member_interval)
            try:
                yield max(0.0, self._clock() - asked)
            finally:
                self._last_channel[channel_id] = self._clock()
                self._forget_old(self._clock())

"""Reply pacing: a member who posts many questions is answered, but the channel is not flooded.

A reply takes its channel's turn: one send at a time per channel, starting at least ``channel_interval`` after
the previous send in that channel *finished*, and at least ``member_interval`` after the bot's previous reply to
that member. Measuring from the finished send (not from a reserved slot) keeps the spacing real even when the
event loop or the network is slow and woken tasks would otherwise go out in a clump. Replies wait in order;
none is dropped.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

__all__ = ["ReplyThrottle"]


class ReplyThrottle:
    def __init__(self, channel_interval: float = 1.5, member_interval: float = 5.0,
                 clock: Callable[[], float] = time.monotonic, max_tracked: int = 10_000) -> None:
        self.channel_interval = channel_interval
        self.member_interval = member_interval
        self._clock = clock
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

    @asynccontextmanager
    async def turn(self, channel_id: int, member_id: int) -> AsyncIterator[float]:
        """Wait for this reply's turn, hold the channel while the reply is sent; yields how long it waited."""
        lock = self._channel_locks.setdefault(channel_id, asyncio.Lock())
        asked = self._clock()
        async with lock:
            now = self._clock()
            ready = max(now, self._last_channel.get(channel_id, float("-inf")) + self.channel_interval,
                        self._next_member.get(member_id, float("-inf")))
            if ready > now:
                await asyncio.sleep(ready - now)
            self._next_member[member_id] = self._clock() + self.member_interval
            try:
                yield max(0.0, self._clock() - asked)
            finally:
                self._last_channel[channel_id] = self._clock()
                self._forget_old(self._clock())

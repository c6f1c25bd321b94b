"""Reply pacing: a member who posts many questions is answered, but the channel is not flooded.

Each reply waits for its turn: at least ``channel_interval`` after the bot's previous reply in that channel and
``member_interval`` after its previous reply to that member. Replies wait in order rather than being dropped.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

__all__ = ["ReplyThrottle"]


class ReplyThrottle:
    def __init__(self, channel_interval: float = 1.5, member_interval: float = 5.0,
                 clock: Callable[[], float] = time.monotonic, max_tracked: int = 10_000) -> None:
        self.channel_interval = channel_interval
        self.member_interval = member_interval
        self._clock = clock
        self._next_channel: dict[int, float] = {}
        self._next_member: dict[int, float] = {}
        self._lock = asyncio.Lock()
        self._max_tracked = max_tracked

    def _reserve(self, channel_id: int, member_id: int) -> float:
        now = self._clock()
        start = max(now, self._next_channel.get(channel_id, 0.0), self._next_member.get(member_id, 0.0))
        self._next_channel[channel_id] = start + self.channel_interval
        self._next_member[member_id] = start + self.member_interval
        if len(self._next_member) > self._max_tracked:  # keep memory bounded under a flood of members
            self._next_member = {k: v for k, v in self._next_member.items() if v > now}
            self._next_channel = {k: v for k, v in self._next_channel.items() if v > now}
        return start - now

    async def wait_turn(self, channel_id: int, member_id: int) -> float:
        """Sleep until this reply may go out; returns how long it waited."""
        async with self._lock:
            delay = self._reserve(channel_id, member_id)
        if delay > 0:
            await asyncio.sleep(delay)
        return max(0.0, delay)

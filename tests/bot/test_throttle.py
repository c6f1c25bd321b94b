from __future__ import annotations

import asyncio

import pytest

from bot.throttle import ReplyThrottle

pytestmark = pytest.mark.asyncio


async def test_sends_in_one_channel_are_spaced_from_the_end_of_the_previous_send():
    throttle = ReplyThrottle(channel_interval=0.05, member_interval=0.0)
    loop = asyncio.get_running_loop()
    starts: list[float] = []

    async def reply(member: int) -> None:
        async with throttle.turn(1, member):
            starts.append(loop.time())
            await asyncio.sleep(0.01)  # the send itself

    await asyncio.gather(*(reply(m) for m in range(6)))
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert len(starts) == 6 and min(gaps) >= 0.058  # 10 ms send + 50 ms interval


async def test_other_channels_are_not_held_up():
    throttle = ReplyThrottle(channel_interval=1.0, member_interval=0.0)
    async with throttle.turn(1, 1):
        pass
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with throttle.turn(2, 2) as waited:
        assert waited < 0.05
    assert loop.time() - started < 0.05


async def test_a_busy_member_waits_but_is_answered():
    throttle = ReplyThrottle(channel_interval=0.0, member_interval=0.05)
    async with throttle.turn(1, 7):
        pass
    async with throttle.turn(2, 7) as waited:
        assert waited >= 0.04

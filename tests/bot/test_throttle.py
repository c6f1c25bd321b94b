from __future__ import annotations

import asyncio

import pytest

from bot.throttle import ReplyThrottle, VirtualClock

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


async def test_one_members_cooldown_does_not_hold_up_the_channel():
    # Default pacing on a virtual clock: member 7's second reply waits out its 5 s cooldown, member 8 does not
    # wait behind it (it used to: the cooldown was slept while holding the channel's lock).
    clock = VirtualClock()
    throttle = ReplyThrottle(channel_interval=1.5, member_interval=5.0, clock=clock, sleep=clock.sleep)
    sent: dict[int, float] = {}

    async def reply(member: int, key: int) -> None:
        async with throttle.turn(1, member):
            sent[key] = clock()

    async with throttle.turn(1, 7):
        pass
    first = asyncio.create_task(reply(7, 1))
    await asyncio.sleep(0)
    await reply(8, 2)
    await first
    assert sent[2] <= 1.5 + 1e-9 and sent[1] >= 5.0


async def test_an_urgent_reply_never_waits():
    clock = VirtualClock()
    throttle = ReplyThrottle(channel_interval=1.5, member_interval=5.0, clock=clock, sleep=clock.sleep)
    for member in (1, 2, 3):
        async with throttle.turn(1, member):
            pass
    started = clock()
    async with throttle.turn(1, 1, urgent=True) as waited:
        assert waited == 0.0 and clock() == started
    async with throttle.turn(1, 4) as waited:  # the paced replies keep their spacing after it
        assert waited >= 1.5

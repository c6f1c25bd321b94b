"""The Discord face under a burst, over the wire: the real discord.py client against the strict fake Discord
(tests/bot/discord/fake_discord.py) on 127.0.0.1, with the default reply pacing on the real clock.

1,000 posts from 50 members arrive as fast as the gateway takes them. While the store works through them:
- moderators click (Approve on review cards, Helpful on a reply) every 0.1 s: how long until Discord gets the
  first answer (the defer), and until the moderator sees the result (target: answered or deferred within 1 s at
  the 99th percentile);
- emergencies are posted at several queue depths: how long until the moderators' ping and the member's reply
  leave (target: the ping within 1 s of the post, whatever the queue).
Posts are real community posts from ../shared/data when present (else the shipped seed posts).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import sys
import tempfile
from pathlib import Path

from common import REPO, WEAK_POSTS, percentiles, reference_loop_seconds, save, table

sys.path.insert(0, str(REPO))

from bot.app import TriageApp  # noqa: E402
from bot.discord.client import TriageBot  # noqa: E402
from bot.service import TriageService  # noqa: E402
from bot.settings import DiscordSettings, Secret  # noqa: E402
from tests.bot.discord.fake_discord import FakeDiscord, Request  # noqa: E402

POSTS = 1000
MEMBERS = 50
EMERGENCIES = ["my dad's face is drooping on one side and he suddenly can't lift his arm",
               "my husband collapsed and is not breathing, what do I do",
               "crushing chest pain going down my left arm and I'm sweating",
               "my friend took a whole bottle of pills an hour ago",
               "my mum suddenly cannot speak properly and her face is drooping"]


def _texts() -> list[str]:
    if WEAK_POSTS.exists():
        rows = [json.loads(line)["text"] for line in WEAK_POSTS.open(encoding="utf-8") if line.strip()]
        source = "real posts (../shared/data)"
    else:
        seed = REPO / "data" / "seed"
        rows = [json.loads(line)["text"] for f in sorted(seed.glob("*.jsonl")) for line in f.open() if line.strip()]
        source = "shipped seed posts"
    random.Random(13).shuffle(rows)
    print(f"posts: {source}")
    return [t[:1800] for t in rows if t.strip()][:POSTS]


def _callback(payload: dict):  # noqa: ANN202
    return lambda r: r.path.startswith(f"/interactions/{payload['id']}/")


def _result(fake: FakeDiscord, payload: dict):  # noqa: ANN202
    return lambda r: r.path.startswith(f"/webhooks/{fake.app_id}/{payload['token']}") or (
        _callback(payload)(r) and r.json.get("type") in (4, 7))


async def _first(fake: FakeDiscord, predicate, timeout: float = 120) -> Request:  # noqa: ANN001
    return await fake.wait_for(predicate, timeout=timeout)


async def run() -> dict:
    logging.basicConfig(level=logging.WARNING)
    home = Path(tempfile.mkdtemp(prefix="bench-discord-"))
    app = TriageApp.open(home / "triage.db")
    app.pipeline.safety.model()
    fake = FakeDiscord()
    await fake.start()
    fake.redirect()
    g = fake.guild
    settings = DiscordSettings(token=Secret("bench.token"), guild_id=g.id,
                               answer_channel_ids=frozenset({g.answer_channel_id}),
                               forum_channel_ids=frozenset({g.forum_channel_id}), mod_channel_id=g.mod_channel_id,
                               mod_role_id=g.mod_role_id)
    bot = TriageBot(TriageService(app), settings)
    bot._connection.guild_ready_timeout = 0.05
    ready = asyncio.Event()

    async def on_ready() -> None:
        ready.set()

    bot.add_listener(on_ready, "on_ready")
    task = asyncio.create_task(bot.start("bench.token"))
    await asyncio.wait_for(ready.wait(), 30)
    loop = asyncio.get_running_loop()
    texts = _texts()
    members = [g.member_id + 10_000 + i for i in range(MEMBERS)]

    # one reply and one review card to click on, before the burst
    first = await fake.post("What causes muscle atrophy?")
    await _first(fake, lambda r: r.method == "POST" and r.json.get("message_reference", {}).get("message_id")
                 in (first["id"], int(first["id"])))
    reply = next(m for m in fake.messages.values() if m.get("message_reference") and m["components"])
    post_id = int(next(c["custom_id"] for row in reply["components"] for c in row["components"]).rsplit(":", 1)[1])

    clicks: list[tuple[float, dict]] = []
    emergencies: list[tuple[float, dict, int]] = []
    burst_started = loop.time()

    async def burst() -> None:
        for i, text in enumerate(texts):
            await fake.post(text, author_id=members[i % MEMBERS])
            if i % 50 == 0:
                await asyncio.sleep(0)

    async def moderators() -> None:
        await asyncio.sleep(0.3)
        n = 0
        while bot.service._worker.pending > 20 or n < 8:
            cards = [m for m in fake.messages.values() if m["channel_id"] == str(g.mod_channel_id)
                     and any(c.get("custom_id", "").startswith("triage:rv:approve:")
                             for row in m.get("components", []) for c in row["components"])]
            if n % 2 == 0 and cards:
                card = cards[n % len(cards)]
                cid = next(c["custom_id"] for row in card["components"] for c in row["components"]
                           if c.get("custom_id", "").startswith("triage:rv:approve:"))
                payload = await fake.click(card, cid, user_id=g.moderator_id)
            else:
                payload = await fake.click(reply, f"triage:fb:helpful:{post_id}", user_id=g.member_id)
            clicks.append((loop.time(), payload))
            n += 1
            await asyncio.sleep(0.1)

    async def emergencies_at_depths() -> None:
        for i, text in enumerate(EMERGENCIES):
            await asyncio.sleep(0.4 if i == 0 else 1.2)
            depth = bot.service._worker.pending
            message = await fake.post(f"{text} ({i})", author_id=members[i])
            emergencies.append((loop.time(), message, depth))

    await asyncio.gather(burst(), moderators(), emergencies_at_depths())
    while bot.service._worker.pending > 0:
        await asyncio.sleep(0.1)
    handled_in = loop.time() - burst_started

    acks, results = [], []
    for at, payload in clicks:
        ack = await _first(fake, _callback(payload))
        done = await _first(fake, _result(fake, payload))
        acks.append(ack.at - at)
        results.append(done.at - at)
    refused = sum(1 for r in fake.requests if r.path.startswith("/interactions/") and not r.ok)

    rows = []
    for at, message, depth in emergencies:
        ping = await _first(fake, lambda r, m=message: r.method == "POST"
                            and r.path == f"/channels/{g.mod_channel_id}/messages"
                            and "urgent" in (r.json.get("content") or "") and m["content"] in str(r.json["embeds"]))
        answered = await _first(fake, lambda r, m=message: r.method == "POST" and str(
            (r.json.get("message_reference") or {}).get("message_id")) == m["id"])
        rows.append({"queued posts": depth, "ping s": round(ping.at - at, 3), "reply s": round(answered.at - at, 3),
                     "notified": fake.notified(ping)["roles"] == [g.mod_role_id]})

    await bot.close()
    await asyncio.gather(task, return_exceptions=True)
    await fake.stop()
    app.close()
    click = {"clicks": len(clicks), "refused (10062/40060)": refused,
             **{f"ack {k}": v for k, v in percentiles(acks).items()}, "ack max": round(max(acks), 3),
             **{f"result {k}": v for k, v in percentiles(results).items()}}
    return {"posts": POSTS, "handled in s": round(handled_in, 1), "clicks": click, "emergencies": rows}


def main() -> int:
    ref = reference_loop_seconds()
    result = asyncio.run(run())
    result["reference_loop_seconds"] = ref
    print(f"\n{result['posts']} posts handled in {result['handled in s']} s (reference loop {ref} s)")
    print("\nmoderator clicks during the burst (seconds from click to Discord receiving the answer):")
    print(table([result["clicks"]], list(result["clicks"])))
    print("\nemergency posts during the burst (seconds from post):")
    print(table(result["emergencies"], ["queued posts", "ping s", "reply s", "notified"]))
    p99 = result["clicks"]["ack p99"]
    worst_ping = max(r["ping s"] for r in result["emergencies"])
    print(f"\ntarget click answered/deferred <= 1 s at p99: {'met' if p99 <= 1.0 else 'MISSED'} ({p99} s)")
    print(f"target emergency ping <= 1 s whatever the queue: {'met' if worst_ping <= 1.0 else 'MISSED'} "
          f"(worst {worst_ping} s)")
    save("bench_discord", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""AutoMod executions: a crisis message AutoMod blocked (or flagged) still reaches the member with the crisis
notice, by DM, and the moderators with a ping. Never the post text in the moderators' channel or the log."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.discord.automod import assess_blocked_text
from responses.locales import notice_language
from responses.notices import urgent_notice

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["AutoModCog"]

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()


class AutoModCog(commands.Cog, name="AutoMod"):
    def __init__(self, bot: TriageBot) -> None:
        self.bot = bot
        #: one rule with several actions (block + alert) sends one execution per action: act on the first only
        self._seen: OrderedDict[tuple[int, int, str], None] = OrderedDict()

    @commands.Cog.listener()
    async def on_automod_action(self, execution: discord.AutoModAction) -> None:
        if execution.guild_id != self.bot.settings.guild_id:
            return
        text = execution.content or execution.matched_content or ""
        if not text:
            return
        key = (execution.user_id, execution.rule_id, text)
        if key in self._seen:
            return
        self._seen[key] = None
        while len(self._seen) > 500:
            self._seen.popitem(last=False)
        verdict = assess_blocked_text(text)
        blocked = execution.action.type is discord.AutoModRuleActionType.block_message
        _log.info("automod %s for user %s (rule %s): emergency=%s", "block" if blocked else "alert",
                  execution.user_id, execution.rule_id, verdict.emergency)
        if not verdict.emergency:
            return
        cfg = self.bot.guild_config
        language = notice_language(cfg.get("language"), self.bot.service.app.guild_language(str(execution.guild_id)),
                                   post_language=verdict.language)
        notice = urgent_notice(str(cfg.get("region") or "default"), self_harm=verdict.self_harm, kind=verdict.kind,
                               language=language)
        dm_sent = await self._dm(execution.user_id, notice.title, notice.text)
        await self._ping(execution, blocked, dm_sent)

    async def _dm(self, user_id: int, title: str, text: str) -> bool:
        embed = discord.Embed(title=title[:256], description=text[:4096], colour=discord.Colour.red())
        try:
            dm = await self.bot.create_dm(discord.Object(user_id))
            await dm.send(embed=embed, allowed_mentions=NONE)
        except discord.HTTPException as exc:
            _log.warning("automod: crisis notice not delivered to user %s (%s %s)", user_id, exc.status, exc.code)
            return False
        return True

    async def _ping(self, execution: discord.AutoModAction, blocked: bool, dm_sent: bool) -> None:
        channel = self.bot.get_channel(self.bot.settings.mod_channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            _log.error("automod: moderators' channel %s not found", self.bot.settings.mod_channel_id)
            return
        role_id = self.bot.settings.mod_role_id
        what = "blocked" if blocked else "flagged"
        told = "They were sent the crisis notice by DM." if dm_sent else \
            "Their DMs are closed: the crisis notice did NOT reach them; please reach out."
        lead = f"<@&{role_id}> " if role_id else ""
        text = (f"{lead}AutoMod {what} a message that looks like an emergency from <@{execution.user_id}> in "
                f"<#{execution.channel_id}>. {told}")
        mentions = discord.AllowedMentions(everyone=False, users=False,
                                           roles=[discord.Object(role_id)] if role_id else False)
        await channel.send(text, allowed_mentions=mentions)


async def setup(bot: TriageBot) -> None:
    await bot.add_cog(AutoModCog(bot))

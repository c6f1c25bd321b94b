"""The "Close follow-up" button and its reason form. The button carries the thread's id, so it works inside the
thread and on a moderator's ephemeral offer after a decision, and after a restart (``DynamicItem``). Only a
moderator or a member of the clinical role may close; anyone else is told so, privately.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.discord.ui.respond import answer_privately
from data.followups import MAX_REASON

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["CloseFollowupButton", "CloseFollowupModal", "close_view", "may_close", "CLOSE_MODAL_ID", "REFUSAL",
           "reason_from"]

_log = logging.getLogger(__name__)

#: The reason form's custom id: the thread and the person closing it, so each form is their own and a form opened
#: before a restart still submits (the cog handles it from this id and the values alone).
CLOSE_MODAL_ID = r"triage:fu:reason:(?P<thread>\d+):(?P<user>\d+)"
REFUSAL = "Only moderators or the clinical team can close this follow-up."
_REASON_ID = "triage:fu:reason"


def may_close(bot: TriageBot, user: discord.abc.User) -> bool:
    """A moderator (:meth:`TriageBot.is_moderator`) or a member of the guild's clinical role, checked at use."""
    if bot.is_moderator(user):
        return True
    role_id = bot.guild_config.get("clinical_role_id")
    if not role_id or not isinstance(user, discord.Member):
        return False
    return any(r.id == int(role_id) for r in user.roles)


class CloseFollowupButton(discord.ui.DynamicItem[discord.ui.Button], template=r"triage:fu:close:(?P<thread>\d+)"):
    def __init__(self, thread_id: int) -> None:
        super().__init__(discord.ui.Button(label="Close follow-up", style=discord.ButtonStyle.secondary, emoji="🔒",
                                           custom_id=f"triage:fu:close:{thread_id}"))
        self.thread_id = thread_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> CloseFollowupButton:
        return cls(int(match["thread"]))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if may_close(interaction.client, interaction.user):  # type: ignore[arg-type]
            return True
        _log.info("refused closing follow-up %s for user %s", self.thread_id, interaction.user.id)
        await answer_privately(interaction, REFUSAL)
        return False

    async def callback(self, interaction: discord.Interaction) -> None:
        # the form must be the first answer (nothing here waits on the store)
        await interaction.response.send_modal(CloseFollowupModal(self.thread_id, interaction.user.id))


class CloseFollowupModal(discord.ui.Modal, title="Close this follow-up"):
    """Built and shown here; submitted through the Followups cog's listener (see :data:`CLOSE_MODAL_ID`), so its
    own ``on_submit`` does nothing and discord.py's copy may expire without loss."""

    def __init__(self, thread_id: int, user_id: int) -> None:
        super().__init__(timeout=900, custom_id=f"triage:fu:reason:{thread_id}:{user_id}")
        self.reason: discord.ui.TextInput[CloseFollowupModal] = discord.ui.TextInput(
            label="Reason (shown in the thread)", style=discord.TextStyle.paragraph, min_length=3,
            max_length=MAX_REASON, required=True, custom_id=_REASON_ID,
            placeholder="e.g. advice given, member will see their GP")
        self.add_item(self.reason)


def reason_from(rows: list[dict[str, Any]]) -> str:
    """The reason typed in a submitted form (in an action row, or in a label component)."""
    for row in rows:
        for child in row.get("components") or ([row["component"]] if "component" in row else []):
            if child.get("custom_id") == _REASON_ID:
                return str(child.get("value") or "")
    return ""


def close_view(thread_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(CloseFollowupButton(thread_id))
    return view

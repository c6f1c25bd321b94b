"""Persistent buttons and menus. Every custom id is namespaced ``triage:…`` and carries the ids it needs, so a
click is handled even after the bot restarts (``DynamicItem``); every moderator control checks the clicker's
role or Manage Messages permission at the moment of the click.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.discord.ui.respond import answer_privately, defer_privately
from bot.moderation import NOT_HELPFUL_REASONS, Action, report_reply, weak_label
from classifier.labels import ALL_LABELS, Label
from data.errors import StoreError

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["FeedbackButton", "DidYouMeanButton", "ReviewButton", "RelabelSelect", "feedback_view", "review_view",
           "DYNAMIC_ITEMS", "EditReplyModal", "NotHelpfulView", "ForgetButton", "forget_view", "EDIT_MODAL_ID"]

_log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()


def _bot(interaction: discord.Interaction) -> TriageBot:
    return interaction.client  # type: ignore[return-value]




# ---- member feedback on a reply --------------------------------------------------------------------------
_FEEDBACK = {"helpful": ("Helpful", discord.ButtonStyle.secondary, "👍"),
             "unhelpful": ("Not helpful", discord.ButtonStyle.secondary, "👎"),
             "report": ("Report to moderators", discord.ButtonStyle.secondary, "🚩")}


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button], template=r"triage:fb:(?P<action>helpful|unhelpful|report):(?P<post>\d+)"):
    def __init__(self, action: str, post_id: int) -> None:
        label, style, emoji = _FEEDBACK[action]
        super().__init__(discord.ui.Button(label=label, style=style, emoji=emoji,
                                           custom_id=f"triage:fb:{action}:{post_id}"))
        self.action = action
        self.post_id = post_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> FeedbackButton:
        return cls(match["action"], int(match["post"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        service = _bot(interaction).service
        member = str(interaction.user.id)
        if self.action == "unhelpful":  # answered at once: the reasons menu needs nothing from the store
            await interaction.response.send_message("What was wrong with this answer?", view=NotHelpfulView(self.post_id),
                                                    ephemeral=True)
            return
        await defer_privately(interaction)
        # member feedback is written on the moderation thread, not behind a burst of posts on the store's
        if self.action == "helpful":
            from data.audit import audit

            await service.run_moderation(audit, f"member:{member}", "feedback.helpful", "post", self.post_id)
            await answer_privately(interaction, "Thanks for the feedback!")
        else:
            item = await service.run_moderation(report_reply, self.post_id, member, "report")
            await answer_privately(interaction, "Thanks: the moderators will take a look.")
            await _bot(interaction).review_posts.publish(item.id)


class NotHelpfulView(discord.ui.View):
    """A short-lived, ephemeral choice of reason; the answer becomes a queue item, never a label."""

    def __init__(self, post_id: int) -> None:
        super().__init__(timeout=300)
        self.post_id = post_id
        select: discord.ui.Select[NotHelpfulView] = discord.ui.Select(placeholder="Choose a reason", options=[
            discord.SelectOption(label=r.replace("_", " ").capitalize(), value=r) for r in NOT_HELPFUL_REASONS])
        select.callback = self._chosen  # type: ignore[method-assign]
        self.select = select
        self.add_item(select)

    async def _chosen(self, interaction: discord.Interaction) -> None:
        service = _bot(interaction).service
        reason = self.select.values[0]
        await interaction.response.edit_message(content="Thanks: a moderator will look at this answer.", view=None)
        item = await service.run_moderation(report_reply, self.post_id, str(interaction.user.id), "not_helpful",
                                            reason)
        await _bot(interaction).review_posts.publish(item.id)


class DidYouMeanButton(discord.ui.DynamicItem[discord.ui.Button], template=r"triage:dym:(?P<label>[a-z_]+):(?P<post>\d+)"):
    """For an ambiguous post the poster may say what they meant: a weak label, until a moderator confirms it."""

    def __init__(self, label: str, post_id: int) -> None:
        text = {"research_help": "Help with research", "personal_symptoms": "About my own health",
                "general_info": "General information", "other": "Just chatting"}.get(label, label)
        super().__init__(discord.ui.Button(label=f"I meant: {text}", style=discord.ButtonStyle.secondary,
                                           custom_id=f"triage:dym:{label}:{post_id}"))
        self.label = label
        self.post_id = post_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> DidYouMeanButton:
        return cls(match["label"], int(match["post"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        service = _bot(interaction).service
        await defer_privately(interaction)
        try:
            await service.run_moderation(weak_label, self.post_id, self.label, str(interaction.user.id))
        except StoreError:
            await answer_privately(interaction, "Only the person who asked can choose this.")
            return
        await answer_privately(interaction, "Thanks, noted: a moderator will confirm it.")


def feedback_view(post_id: int, did_you_mean: list[Label] | None = None) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in _FEEDBACK:
        view.add_item(FeedbackButton(action, post_id))
    for label in (did_you_mean or [])[:2]:
        view.add_item(DidYouMeanButton(str(label), post_id))
    return view


# ---- moderator controls ----------------------------------------------------------------------------------
class _ModeratorOnly:
    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if _bot(interaction).is_moderator(interaction.user):
            return True
        _log.info("refused moderator control for user %s", interaction.user.id)
        await answer_privately(interaction, "Only moderators can do that.")
        return False


_REVIEW = {"approve": ("Approve", discord.ButtonStyle.success), "edit": ("Edit reply", discord.ButtonStyle.primary),
           "remove": ("Remove reply", discord.ButtonStyle.danger),
           "escalate": ("Escalate", discord.ButtonStyle.secondary),
           "dismiss": ("Dismiss", discord.ButtonStyle.secondary),
           "claim": ("Claim", discord.ButtonStyle.primary)}
_ACTIONS = {"approve": Action.APPROVE, "remove": Action.REMOVE_REPLY, "escalate": Action.ESCALATE,
            "dismiss": Action.DISMISS}


class ReviewButton(_ModeratorOnly, discord.ui.DynamicItem[discord.ui.Button], template=r"triage:rv:(?P<action>approve|edit|remove|escalate|dismiss|claim):(?P<item>\d+)"):
    def __init__(self, action: str, item_id: int, label: str | None = None) -> None:
        default_label, style = _REVIEW[action]
        label = label or default_label
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=f"triage:rv:{action}:{item_id}"))
        self.action = action
        self.item_id = item_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> ReviewButton:
        return cls(match["action"], int(match["item"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = _bot(interaction)
        if self.action == "edit":
            from data import review

            # A modal must be the first answer, so it cannot wait long for the store: the current text is a
            # convenience, and the modal opens empty rather than miss Discord's deadline.
            try:
                item = await asyncio.wait_for(bot.service.run_moderation(review.get_item, self.item_id), 1.0)
                current = item.reply_content or ""
            except (TimeoutError, StoreError):
                current = ""
            await interaction.response.send_modal(EditReplyModal(self.item_id, current, interaction.user.id))
            return
        if self.action == "claim":
            await bot.review_posts.toggle_claim(interaction, self.item_id)
            return
        await bot.review_posts.apply(interaction, self.item_id, _ACTIONS[self.action])


class RelabelSelect(_ModeratorOnly, discord.ui.DynamicItem[discord.ui.Select], template=r"triage:rl:(?P<item>\d+)"):
    def __init__(self, item_id: int) -> None:
        super().__init__(discord.ui.Select(
            placeholder="Relabel as…", custom_id=f"triage:rl:{item_id}",
            options=[discord.SelectOption(label=str(lab), value=str(lab)) for lab in ALL_LABELS]))
        self.item_id = item_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> RelabelSelect:
        return cls(int(match["item"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        values = self.item.values  # discord.py fills the select's state from the click before the callback
        if not values:
            await answer_privately(interaction, "Pick a label.")
            return
        await _bot(interaction).review_posts.apply(interaction, self.item_id, Action.RELABEL, label=values[0])


#: The edit-reply modal's custom id: the case and the moderator, so each moderator's modal is their own. The
#: submission is handled by the Review cog from this id and the values alone (it survives a restart).
EDIT_MODAL_ID = r"triage:edit:(?P<item>\d+):(?P<user>\d+)"


class EditReplyModal(discord.ui.Modal, title="Edit the bot's reply"):
    """Built and shown here; submitted through the Review cog's listener (see :data:`EDIT_MODAL_ID`), so its own
    ``on_submit`` does nothing and discord.py's copy may expire without loss."""

    def __init__(self, item_id: int, current: str, user_id: int) -> None:
        super().__init__(timeout=900, custom_id=f"triage:edit:{item_id}:{user_id}")
        self.item_id = item_id
        self.text: discord.ui.TextInput[EditReplyModal] = discord.ui.TextInput(label="New reply", style=discord.TextStyle.paragraph, max_length=1800,
                                         default=current[:1800] or None, required=True,
                                         custom_id="triage:edit:text")
        self.add_item(self.text)


def review_view(item_id: int, *, jump_url: str | None = None, claimed: bool = False) -> discord.ui.View:
    """The controls of an open case (a resolved case's card has none: pass ``view=None``): the decisions, Claim
    (or Release while someone holds it; who holds it is on the card), a link to the post, and the relabel menu."""
    view = discord.ui.View(timeout=None)
    for action in ("approve", "edit", "remove", "escalate", "dismiss"):
        view.add_item(ReviewButton(action, item_id))
    view.add_item(ReviewButton("claim", item_id, "Release" if claimed else "Claim"))
    if jump_url:
        view.add_item(discord.ui.Button(label="Go to post", style=discord.ButtonStyle.link, url=jump_url))
    view.add_item(RelabelSelect(item_id))
    return view


# ---- forget-me confirmation ---------------------------------------------------------------------------------
class ForgetButton(discord.ui.DynamicItem[discord.ui.Button], template=r"triage:forget:(?P<choice>confirm|cancel):(?P<user>\d+)"):
    """Confirm or cancel ``/forget-me``. Only the member who asked can press it, even after a restart."""

    def __init__(self, choice: str, user_id: int) -> None:
        label, style = (("Yes, delete my data", discord.ButtonStyle.danger) if choice == "confirm"
                        else ("Cancel", discord.ButtonStyle.secondary))
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=f"triage:forget:{choice}:{user_id}"))
        self.choice = choice
        self.user_id = user_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> ForgetButton:
        return cls(match["choice"], int(match["user"]))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.user_id:
            return True
        await answer_privately(interaction, "Only the member who asked can confirm this.")
        return False

    async def callback(self, interaction: discord.Interaction) -> None:
        if self.choice == "cancel":
            await interaction.response.edit_message(content="Nothing was deleted.", view=None)
            return
        from data.privacy import forget_member

        await interaction.response.defer()  # an update of the prompt, sent when the deletion is done
        bot = _bot(interaction)
        report = await bot.service.run_moderation(forget_member, str(self.user_id), f"member:{self.user_id}")
        _log.info("member %s asked to be forgotten: %d post(s) deleted", self.user_id, report.posts)
        await interaction.edit_original_response(
            content=f"Done: deleted {report.posts} post(s) and {report.labels} label(s). The next model will not "
                    "learn from them.", view=None)
        await bot.review_posts.redact(report.review_messages, removed=True)
        await bot.followups.remove(report.followup_threads)  # their private follow-up threads, on Discord


def forget_view(user_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ForgetButton("confirm", user_id))
    view.add_item(ForgetButton("cancel", user_id))
    return view


DYNAMIC_ITEMS = (FeedbackButton, DidYouMeanButton, ReviewButton, RelabelSelect, ForgetButton)

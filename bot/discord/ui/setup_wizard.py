"""The guided ``/triage setup``: an ephemeral, step-by-step wizard for the moderator who opened it.

Six steps (where the bot answers; moderators; the clinical team; region, language and personal-reply mode; the
numbers and the weekly report; a summary with Save). Each step shows what is in effect and the unsaved choices;
nothing is stored until Save, which hands every choice at once to the ``save`` coroutine the cog passes in (one
transaction through ``data.settings_store``, then the ``/triage diagnose`` checks on the new set-up). Cancel, or
ten minutes without a click, ends the wizard with nothing stored.

The face only parses and renders: choices are checked by :class:`bot.setup_draft.SetupDraft` (the store's own
checks). Every custom id carries the opening interaction's id, so two moderators' wizards never share one.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.discord.ui.respond import NONE, answer_privately
from bot.setup_draft import (
    LABELS,
    NUMBER_KEYS,
    STEP_KEYS,
    STEPS,
    DraftError,
    SetupDraft,
    choice_label,
    choice_values,
)
from data.errors import StoreError
from data.settings_store import RANGES

if TYPE_CHECKING:
    from bot.discord.client import TriageBot

__all__ = ["SetupWizard", "NumbersModal", "open_setup_wizard", "WIZARD_TIMEOUT", "SaveSetup"]

_log = logging.getLogger(__name__)

#: seconds without a click after which the wizard closes (nothing stored)
WIZARD_TIMEOUT = 600.0
#: stores the choices and returns what to show (the saved values and the diagnosis); raises ValueError or
#: StoreError when the store refuses them
SaveSetup = Callable[[discord.Interaction, dict[str, Any]], Awaitable[str]]

_TITLES = {"channels": "where the bot answers", "moderators": "moderators", "clinical": "clinical team (optional)",
           "locale": "region, language and personal posts", "numbers": "retention, reminders and retraining",
           "summary": "check and save"}
_INTROS = {
    "channels": "Pick the text channels where the bot answers posts, and the forums whose new posts it answers.",
    "moderators": "Pick where review cases go, the moderators' role (pinged for emergencies) and, if you like, a "
                  "mod-log channel (one line per decision, no post text).",
    "clinical": "A clinical reviewers' channel and role get escalations and private follow-ups. Press **Skip** to "
                "keep what is in effect; clear a menu to remove it.",
    "locale": "The region picks the emergency numbers; the language is the safety notices'; the last menu says how "
              "posts about a member's own health are answered.",
    "numbers": "Press **Edit numbers** to change them (whole numbers); the weekly report button switches it on "
               "or off.",
    "summary": "",
}
_INPUT_LABELS = {"retention_days": "Keep post text (days, 0 = forever)",
                 "reminder_minutes": "Remind about pending cases after (minutes)",
                 "emergency_reping_minutes": "Re-ping an emergency after (min, 0 = never)",
                 "retrain_every_labels": "Retrain after N new labels (0 = never)"}
_TEXT_CHANNELS = [discord.ChannelType.text, discord.ChannelType.news]
_LIMIT = 2000  # a message's content


def _bot(interaction: discord.Interaction) -> TriageBot:
    return interaction.client  # type: ignore[return-value]


def _clip(text: str) -> str:
    return text if len(text) <= _LIMIT else text[: _LIMIT - 2] + "\n…"


def _ids(value: Any) -> list[int]:
    if value is None:
        return []
    return [int(v) for v in value] if isinstance(value, list) else [int(value)]


class SetupWizard(discord.ui.View):
    """One moderator's wizard. ``outcome`` is None while open, then "saved", "cancelled", "timeout" or
    "replaced" (the moderator opened a newer one)."""

    def __init__(self, *, owner_id: int, draft: SetupDraft, save: SaveSetup, nonce: str,
                 timeout: float = WIZARD_TIMEOUT) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.draft = draft
        self._save = save
        self.nonce = nonce
        self.step = 0
        self.outcome: str | None = None
        #: a line shown once above the step (a refused value)
        self.notice: str | None = None
        #: the latest interaction whose response shows this wizard (the timeout notice edits its message)
        self.anchor: discord.Interaction | None = None
        self._render_items()

    def cid(self, name: str) -> str:
        return f"triage:setup:{self.nonce}:{name}"

    # ---- who may use it ---------------------------------------------------------------------------------
    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            _log.info("setup wizard of %s refused user %s", self.owner_id, interaction.user.id)
            await answer_privately(interaction, f"This set-up wizard belongs to <@{self.owner_id}>: run "
                                                "`/triage setup` to open your own.")
            return False
        if not _bot(interaction).is_moderator(interaction.user):
            await answer_privately(interaction, "Only moderators can set the bot up.")
            return False
        if self.outcome is not None:  # a form submitted after Save, Cancel or the timeout
            await answer_privately(interaction, "This set-up wizard has closed and stores nothing more: run "
                                                "`/triage setup` again.")
            return False
        return True

    async def on_error(self, interaction: discord.Interaction, error: Exception,
                       item: discord.ui.Item[Any], /) -> None:
        _log.error("setup wizard of %s failed: %s", self.owner_id, type(error).__name__)
        await answer_privately(interaction, "Sorry, something went wrong; nothing was stored. Run `/triage setup` "
                                            "again, or check the bot's log.")

    async def on_timeout(self) -> None:
        minutes = round((self.timeout or 0) / 60) or 1
        await self.close("timeout", f"**This set-up wizard timed out** after {minutes} minute(s) without a click: "
                                    "nothing was stored. Run `/triage setup` to start again.")

    async def close(self, outcome: str, text: str) -> None:
        """End an open wizard without saving ("timeout", "replaced"), saying so on its message."""
        if self.outcome is not None:
            return
        self.outcome = outcome
        self.stop()
        _log.info("setup wizard of %s closed (%s); nothing stored", self.owner_id, outcome)
        if self.anchor is None:
            return
        try:
            await self.anchor.edit_original_response(content=text, view=None, allowed_mentions=NONE)
        except discord.HTTPException as exc:  # the interaction's token may be gone; the wizard is closed anyway
            _log.info("could not mark setup wizard of %s as closed: %s", self.owner_id, exc.status)

    # ---- rendering --------------------------------------------------------------------------------------
    def content(self) -> str:
        name = STEPS[self.step]
        parts = [f"**Triage set-up · step {self.step + 1} of {len(STEPS)}: {_TITLES[name]}**"]
        if self.notice:
            parts.append(self.notice)
        if name == "summary":
            count = len(self.draft.changes)
            parts.append(f"{count} change(s) to save; press **Save** to store them and check the set-up."
                         if count else "No changes: **Save** stores nothing and checks the set-up as it is.")
        else:
            parts.append(_INTROS[name])
        parts.append("\n".join(self.draft.line(key) for key in STEP_KEYS[name]))
        parts.append("*Nothing is stored until you press Save on the last step. This wizard closes after "
                     f"{round((self.timeout or 0) / 60) or 1} minute(s) without a click.*")
        return _clip("\n\n".join(parts))

    def _render_items(self) -> None:
        self.clear_items()
        name = STEPS[self.step]
        row = 0
        if name == "channels":
            self.add_item(_ChannelChoice(self, "answer_channel_ids", _TEXT_CHANNELS, 0, 25, row=0,
                                         placeholder="Answer channels (text)"))
            self.add_item(_ChannelChoice(self, "forum_channel_ids", [discord.ChannelType.forum], 0, 25, row=1,
                                         placeholder="Forum channels"))
            row = 2
        elif name == "moderators":
            self.add_item(_ChannelChoice(self, "mod_channel_id", _TEXT_CHANNELS, 1, 1, row=0,
                                         placeholder="Moderators' channel (review cases)"))
            self.add_item(_RoleChoice(self, "mod_role_id", row=1, placeholder="Moderators' role"))
            self.add_item(_ChannelChoice(self, "mod_log_channel_id", _TEXT_CHANNELS, 0, 1, row=2,
                                         placeholder="Mod-log channel (optional)"))
            row = 3
        elif name == "clinical":
            self.add_item(_ChannelChoice(self, "clinical_channel_id", _TEXT_CHANNELS, 0, 1, row=0,
                                         placeholder="Clinical channel (optional)"))
            self.add_item(_RoleChoice(self, "clinical_role_id", row=1, placeholder="Clinical role (optional)"))
            row = 2
        elif name == "locale":
            for i, key in enumerate(("region", "language", "personal_reply_mode")):
                self.add_item(_Choice(self, key, row=i))
            row = 3
        elif name == "numbers":
            self.add_item(_Button(self, "numbers", "Edit numbers…", discord.ButtonStyle.primary, row=0))
            weekly = bool(self.draft.value("weekly_digest"))
            self.add_item(_Button(self, "weekly", f"Weekly report: {'on' if weekly else 'off'}",
                                  discord.ButtonStyle.success if weekly else discord.ButtonStyle.secondary, row=0))
            row = 1
        self.add_item(_Button(self, "back", "Back", discord.ButtonStyle.secondary, row=row, disabled=self.step == 0))
        if name == "clinical":
            self.add_item(_Button(self, "skip", "Skip", discord.ButtonStyle.secondary, row=row))
        if name == "summary":
            self.add_item(_Button(self, "save", "Save", discord.ButtonStyle.success, row=row))
        else:
            self.add_item(_Button(self, "next", "Next", discord.ButtonStyle.primary, row=row))
        self.add_item(_Button(self, "cancel", "Cancel", discord.ButtonStyle.danger, row=row))

    async def show(self, interaction: discord.Interaction) -> None:
        """Answer ``interaction`` by redrawing the wizard's message for the current step."""
        self._render_items()
        text = self.content()
        self.notice = None
        await interaction.response.edit_message(content=text, view=self, allowed_mentions=NONE)
        self.anchor = interaction

    # ---- what the controls do ---------------------------------------------------------------------------
    async def choose(self, interaction: discord.Interaction, key: str, value: Any) -> None:
        try:
            self.draft.set(key, value)
        except ValueError as exc:
            self.notice = f"**Not changed:** {exc}"
        await self.show(interaction)

    async def act(self, interaction: discord.Interaction, action: str) -> None:
        if action == "numbers":
            await interaction.response.send_modal(NumbersModal(self))
            return
        if action == "cancel":
            self.outcome = "cancelled"
            self.stop()
            _log.info("setup wizard of %s cancelled; nothing stored", self.owner_id)
            await interaction.response.edit_message(content="Set-up cancelled: nothing was stored.", view=None)
            return
        if action == "save":
            await self._save_all(interaction)
            return
        if action == "weekly":
            self.draft.set("weekly_digest", not bool(self.draft.value("weekly_digest")))
        elif action == "skip":
            self.draft.forget(STEP_KEYS["clinical"])
            self.step += 1
        elif action == "back":
            self.step = max(0, self.step - 1)
        elif action == "next":
            self.step = min(len(STEPS) - 1, self.step + 1)
        await self.show(interaction)

    async def _save_all(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer()  # the store and the diagnosis may take a moment
        self.anchor = interaction
        changes = dict(self.draft.changes)
        try:
            result = await self._save(interaction, changes)
        except (ValueError, KeyError, StoreError) as exc:
            self.notice = f"**Not saved:** {exc}. Nothing was stored; change it and press Save again."
            self._render_items()
            text = self.content()
            self.notice = None
            await interaction.edit_original_response(content=text, view=self, allowed_mentions=NONE)
            return
        self.outcome = "saved"
        self.stop()
        await interaction.edit_original_response(content=_clip(result), view=None, allowed_mentions=NONE)


class _Button(discord.ui.Button[SetupWizard]):
    def __init__(self, wizard: SetupWizard, action: str, label: str, style: discord.ButtonStyle, *, row: int,
                 disabled: bool = False) -> None:
        super().__init__(label=label, style=style, custom_id=wizard.cid(action), row=row, disabled=disabled)
        self.wizard = wizard
        self.action = action

    async def callback(self, interaction: discord.Interaction) -> None:
        await self.wizard.act(interaction, self.action)


class _ChannelChoice(discord.ui.ChannelSelect[SetupWizard]):
    def __init__(self, wizard: SetupWizard, key: str, types: list[discord.ChannelType], min_values: int,
                 max_values: int, *, row: int, placeholder: str) -> None:
        chosen = _ids(wizard.draft.value(key))[:max_values]
        super().__init__(custom_id=wizard.cid(key), channel_types=types, min_values=min_values,
                         max_values=max_values, row=row, placeholder=placeholder,
                         default_values=[discord.Object(i) for i in chosen])
        self.wizard = wizard
        self.key = key

    async def callback(self, interaction: discord.Interaction) -> None:
        ids = [channel.id for channel in self.values]
        value: Any = ids if self.max_values > 1 else (ids[0] if ids else None)
        await self.wizard.choose(interaction, self.key, value)


class _RoleChoice(discord.ui.RoleSelect[SetupWizard]):
    def __init__(self, wizard: SetupWizard, key: str, *, row: int, placeholder: str) -> None:
        chosen = _ids(wizard.draft.value(key))[:1]
        super().__init__(custom_id=wizard.cid(key), min_values=0, max_values=1, row=row, placeholder=placeholder,
                         default_values=[discord.Object(i) for i in chosen])
        self.wizard = wizard
        self.key = key

    async def callback(self, interaction: discord.Interaction) -> None:
        await self.wizard.choose(interaction, self.key, self.values[0].id if self.values else None)


class _Choice(discord.ui.Select[SetupWizard]):
    """One of a key's allowed values (``settings_store.CHOICES``, never a copy), the draft's marked."""

    def __init__(self, wizard: SetupWizard, key: str, *, row: int) -> None:
        current = wizard.draft.value(key)
        options = [discord.SelectOption(label=choice_label(key, v)[:100], value=v, default=v == current)
                   for v in choice_values(key)[:25]]
        super().__init__(custom_id=wizard.cid(key), options=options, row=row, min_values=1, max_values=1,
                         placeholder=LABELS[key][:150])
        self.wizard = wizard
        self.key = key

    async def callback(self, interaction: discord.Interaction) -> None:
        await self.wizard.choose(interaction, self.key, self.values[0])


class NumbersModal(discord.ui.Modal):
    """The wizard's whole numbers in one form, filled with the draft's values; all are taken, or none."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(title="Retention, reminders and retraining", timeout=wizard.timeout,
                         custom_id=wizard.cid("numbers"))
        self.wizard = wizard
        self.inputs: dict[str, discord.ui.TextInput[NumbersModal]] = {}
        for key in NUMBER_KEYS:
            low, high = RANGES[key]
            field: discord.ui.TextInput[NumbersModal] = discord.ui.TextInput(
                label=_INPUT_LABELS[key], custom_id=key, default=str(wizard.draft.value(key)), required=True,
                max_length=10, placeholder=f"a whole number from {low:g} to {high:g}")
            self.inputs[key] = field
            self.add_item(field)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await self.wizard.interaction_check(interaction)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        try:
            self.wizard.draft.set_numbers({key: field.value for key, field in self.inputs.items()})
        except DraftError as exc:
            self.wizard.notice = ("**Not changed**: fix these and press Edit numbers again:\n"
                                  + "\n".join(f"• {problem}" for problem in exc.problems))
        await self.wizard.show(interaction)

    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:  # type: ignore[override]
        _log.error("setup numbers form of %s failed: %s", self.wizard.owner_id, type(error).__name__)
        await answer_privately(interaction, "Sorry, something went wrong; nothing was stored.")


async def open_setup_wizard(interaction: discord.Interaction, draft: SetupDraft, save: SaveSetup, *,
                            timeout: float = WIZARD_TIMEOUT) -> SetupWizard:
    """Answer ``interaction`` (a ``/triage setup`` with no options) with a new wizard only its user sees."""
    wizard = SetupWizard(owner_id=interaction.user.id, draft=draft, save=save, nonce=str(interaction.id),
                         timeout=timeout)
    await interaction.response.send_message(wizard.content(), view=wizard, ephemeral=True, allowed_mentions=NONE)
    wizard.anchor = interaction
    _log.info("setup wizard opened by %s", interaction.user.id)
    return wizard

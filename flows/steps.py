"""The answer types a flow can ask for. Each turns a tap or typed text into a value,
or raises Invalid with a kind Thai hint.

Typed answers are taken the same way in every step type: polite endings and spaces do
not matter ("เพิ่มขึ้นค่ะ"), a choice is found by its label, its number in the list, a
household's first name ("เคน") or the start of its label ("เพิ่ม"), and "เสร็จแล้ว" ends
any step that collects several things."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Callable

from bot import clock, texts, thai
from bot.line import messages as m
from bot.line.limits import fit_label
from flows.engine import STAY, Context, Invalid, Step

# How people say yes and no, Isan included (แม่น = yes, บ่ = no); compared after `thai.plain_answer`.
YES_WORDS = {"ใช่", "แม่น", "ค่ะ", "ครับ", "ได้", "มี", "yes", "y", "ok", "โอเค", "ต้องการ", "ทำ", "เฮ็ด"}
NO_WORDS = {"ไม่", "ไม่ใช่", "บ่", "บ่แม่น", "ไม่มี", "บ่มี", "ไม่ต้องการ", "ไม่ได้ทำ", "บ่ได้เฮ็ด", "no", "n"}
# "Done" on any step that collects several things (choices, photos).
DONE_WORDS = {thai.plain_answer(word) for word in (
    texts.FLOW_DONE_CHOOSING, texts.FLOW_PHOTO_DONE, "เสร็จ", "พอแล้ว", "แค่นี้", "ครบแล้ว", "หมดแล้ว", "ok", "โอเค")}
ALL = "*all"  # not "~...": those are the engine's controls


def is_done_word(text: str) -> bool:
    return thai.plain_answer(text) in DONE_WORDS


@dataclass(frozen=True)
class Option:
    value: str  # compact: it travels in postback data
    label: str  # at most 20 characters on a button
    name: str = ""  # a person's full name, when the option is one: typing the first name finds it


def match_option(options: list[Option], text: str) -> Option | None:
    """The one option a typed answer means, trying the closest reading first; None when none or several fit."""
    typed = thai.plain_answer(text)
    if not typed:
        return None

    def names(option: Option) -> list[str]:
        called = thai.call_name(option.name or option.label)
        return [thai.plain_answer(called), thai.plain_answer(called.split(" ")[0])]

    readings = (
        lambda o: typed in {thai.plain_answer(o.value), thai.plain_answer(o.label), thai.plain_answer(o.name)},
        lambda o: typed in names(o),
        lambda o: len(typed) >= 2 and thai.plain_answer(o.label).startswith(typed),
        lambda o: len(typed) >= 2 and any(name.startswith(typed) for name in names(o)),
        lambda o: len(typed) >= 3 and typed in thai.plain_answer(o.label),  # "ไม่ทราบ" for "ยังไม่ทราบ"
    )
    for reads in readings:
        found = [option for option in options if reads(option)]
        if len(found) == 1:
            return found[0]
        if found:
            return None  # ambiguous: asking again is kinder than guessing
    return None


@dataclass
class Choose(Step):
    options: list[Option] | Callable[[Context], list[Option]] = field(default_factory=list)
    many: bool = False
    everything: str = ""  # with `many`: the label of one chip that chooses every option at once

    def choices(self, ctx: Context) -> list[Option]:
        return self.options(ctx) if callable(self.options) else self.options

    def actions(self, ctx, tap):
        chosen = set(ctx.answers.get(self._pending_key) or []) if self.many else set()
        actions = [tap(o.value, ("✓ " if o.value in chosen else "") + o.label, o.label) for o in self.choices(ctx)]
        if self.many and self.everything and len(self.choices(ctx)) > 1:
            actions.insert(0, tap(ALL, self.everything))
        if self.many:
            actions.append(tap("~done", texts.FLOW_DONE_CHOOSING))
        return actions

    @property
    def _pending_key(self) -> str:
        return f"_{self.name}_chosen"

    def prompt_text(self, ctx):
        prompt = super().prompt_text(ctx)
        if not self.many:
            return prompt
        chosen = self._labels(ctx, ctx.answers.get(self._pending_key) or [])
        return f"{prompt}\n{texts.FLOW_CHOSEN_SO_FAR.format(chosen=chosen) if chosen != '-' else texts.FLOW_NOTHING_CHOSEN}"

    def _labels(self, ctx, values) -> str:
        labels = {o.value: o.label for o in self.choices(ctx)}
        return ", ".join(labels.get(v, v) for v in values) or "-"

    def _typed_choice(self, ctx, text: str) -> Option:
        choices = self.choices(ctx)
        number = thai.parse_number(text)
        if number is not None and number == int(number) and 1 <= number <= len(choices):
            return choices[int(number) - 1]  # its number in the list ("2")
        option = match_option(choices, text)
        if option is None:
            raise Invalid(texts.FLOW_PICK_ONE_TYPED.format(examples=", ".join(o.label for o in choices[:3])))
        return option

    def from_postback(self, ctx, value, params):
        if self.many and value == ALL and self.everything:
            return [option.value for option in self.choices(ctx)]
        option = next((o for o in self.choices(ctx) if o.value == value), None)
        if option is None:
            raise Invalid(texts.FLOW_PICK_ONE)
        return self._take(ctx, option)

    def from_text(self, ctx, text):
        if self.many and is_done_word(text):
            return self.finish_choosing(ctx)
        if self.many and self.everything and match_option([Option(ALL, self.everything)], text):
            return [option.value for option in self.choices(ctx)]
        if self.many and any(mark in text for mark in (",", " และ ")):
            # Several typed at once ("เคน, ดำ"): each is chosen, and the step is done.
            parts = [part for part in text.replace(" และ ", ",").split(",") if part.strip()]
            picked = [self._typed_choice(ctx, part).value for part in parts]
            return list(dict.fromkeys(list(ctx.answers.get(self._pending_key) or []) + picked))
        return self._take(ctx, self._typed_choice(ctx, text))

    def _take(self, ctx, option: Option):
        if not self.many:
            return option.value
        chosen = list(ctx.answers.get(self._pending_key) or [])
        chosen = [v for v in chosen if v != option.value] if option.value in chosen else chosen + [option.value]
        ctx.conversation.answers = {**ctx.answers, self._pending_key: chosen}
        return STAY

    def finish_choosing(self, ctx):
        chosen = list(ctx.answers.get(self._pending_key) or [])
        if not chosen and not self.optional:
            raise Invalid(texts.FLOW_PICK_AT_LEAST_ONE)
        return chosen

    def show(self, ctx, value):
        return self._labels(ctx, value) if self.many else self._labels(ctx, [value])


@dataclass
class Number(Step):
    low: int | Callable[[Context], int] = 0
    high: int | Callable[[Context], int] = 1_000_000
    suggestions: list[int] | Callable[[Context], list[int]] = field(default_factory=list)
    example: str = "3"

    def bounds(self, ctx) -> tuple[int, int]:
        low = self.low(ctx) if callable(self.low) else self.low
        high = self.high(ctx) if callable(self.high) else self.high
        return low, high

    def actions(self, ctx, tap):
        suggestions = self.suggestions(ctx) if callable(self.suggestions) else self.suggestions
        return [tap(str(n), str(n)) for n in suggestions]

    def from_postback(self, ctx, value, params):
        return self.from_text(ctx, value)

    def from_text(self, ctx, text):
        number = thai.parse_number(text)
        if number is None or number != int(number):
            raise Invalid(texts.FLOW_NUMBER_INVALID.format(example=self.example))
        low, high = self.bounds(ctx)
        if not low <= number <= high:
            raise Invalid(texts.FLOW_NUMBER_RANGE.format(low=low, high=high))
        return int(number)


@dataclass
class Money(Step):
    high: Decimal = Decimal("10000000")
    suggestions: list[int] = field(default_factory=list)

    def actions(self, ctx, tap):
        return [tap(str(n), thai.money(n)) for n in self.suggestions]

    def from_postback(self, ctx, value, params):
        return self.from_text(ctx, value)

    def from_text(self, ctx, text):
        amount = thai.parse_money(text)
        if amount is None or amount < 0 or amount > self.high:
            raise Invalid(texts.FLOW_MONEY_INVALID)
        return str(amount)  # exact decimal, kept as text in JSON

    def show(self, ctx, value):
        return thai.money(Decimal(value))


@dataclass
class DateStep(Step):
    earliest_days: int = -365  # relative to today
    latest_days: int = 365

    def _range(self) -> tuple[date, date]:
        today = clock.now().date()
        return today + timedelta(days=self.earliest_days), today + timedelta(days=self.latest_days)

    def actions(self, ctx, tap):
        low, high = self._range()
        today = clock.now().date()
        picker = tap("pick", texts.FLOW_DATE_PICK)
        picker.update(type="datetimepicker", mode="date", initial=today.isoformat(), min=low.isoformat(),
                      max=high.isoformat())
        picker.pop("displayText", None)
        actions = [picker]
        if low <= today <= high:
            actions.append(tap(today.isoformat(), texts.FLOW_TODAY))
        return actions

    def from_postback(self, ctx, value, params):
        return self._check(params.get("date") or value)

    def from_text(self, ctx, text):
        if text == texts.FLOW_TODAY:
            return self._check(clock.now().date().isoformat())
        typed = thai.parse_date(text)
        if typed is None:
            raise Invalid(texts.FLOW_DATE_INVALID)
        return self._check(typed.isoformat())

    def _check(self, iso: str) -> str:
        try:
            chosen = date.fromisoformat(iso)
        except ValueError:
            raise Invalid(texts.FLOW_DATE_INVALID)
        low, high = self._range()
        if not low <= chosen <= high:
            raise Invalid(texts.FLOW_DATE_INVALID)
        return chosen.isoformat()

    def show(self, ctx, value):
        return thai.thai_date(date.fromisoformat(value))


@dataclass
class Text(Step):
    limit: int = 500
    suggestions: list[str] = field(default_factory=list)

    def actions(self, ctx, tap):
        return [m.say(fit_label(s), s) for s in self.suggestions]

    def from_text(self, ctx, text):
        if len(text) > self.limit:
            raise Invalid(texts.FLOW_TEXT_TOO_LONG.format(limit=self.limit))
        return text


@dataclass
class YesNo(Step):
    def actions(self, ctx, tap):
        return [tap("y", texts.FLOW_YES), tap("n", texts.FLOW_NO)]

    def from_postback(self, ctx, value, params):
        if value not in {"y", "n"}:
            raise Invalid(texts.FLOW_YES_NO_INVALID)
        return value == "y"

    def from_text(self, ctx, text):
        word = thai.plain_answer(text)
        if word in YES_WORDS or word.rstrip("ะ") in YES_WORDS:
            return True
        if word in NO_WORDS or word.rstrip("ะ") in NO_WORDS:
            return False
        raise Invalid(texts.FLOW_YES_NO_INVALID)

    def show(self, ctx, value):
        return texts.FLOW_YES if value else texts.FLOW_NO


@dataclass
class Photo(Step):
    keeps_content = True
    many: bool = False
    max_photos: int = 5

    @property
    def _pending_key(self) -> str:
        return f"_{self.name}_photos"

    def actions(self, ctx, tap):
        actions = [{"type": "camera", "label": texts.FLOW_PHOTO_CAMERA},
                   {"type": "cameraRoll", "label": texts.FLOW_PHOTO_ALBUM}]
        if self.many and ctx.answers.get(self._pending_key):
            actions.append(tap("~done", texts.FLOW_PHOTO_DONE))
        return actions

    def prompt_text(self, ctx):
        count = len(ctx.answers.get(self._pending_key) or [])
        return texts.FLOW_PHOTO_ASK_MORE.format(count=count) if count else super().prompt_text(ctx)

    def from_text(self, ctx, text):
        if is_done_word(text):
            if self.many and ctx.answers.get(self._pending_key):
                return self.finish_choosing(ctx)
            if self.optional:
                return None  # "done" before any photo: nothing to send, as "skip" would say
        raise Invalid(texts.FLOW_PHOTO_INVALID)

    def from_image(self, ctx, message_id):
        if not self.many:
            return [message_id]
        photos = list(ctx.answers.get(self._pending_key) or [])
        if message_id not in photos:
            photos.append(message_id)
        ctx.conversation.answers = {**ctx.answers, self._pending_key: photos}
        return self.finish_choosing(ctx) if len(photos) >= self.max_photos else STAY

    def finish_choosing(self, ctx):
        photos = list(ctx.answers.get(self._pending_key) or [])
        if not photos:
            raise Invalid(texts.FLOW_PHOTO_INVALID)
        return photos

    def show(self, ctx, value):
        return texts.FLOW_PHOTO_COUNT.format(count=len(value))

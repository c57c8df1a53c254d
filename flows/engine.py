"""One engine runs every conversation.

A flow is data: named steps (a prompt, an answer type, validation), an optional
summary to confirm, and what to do at the end. The engine owns everything flows
would otherwise each get wrong: buttons and typed answers, cancel / back / pause,
expiry, re-prompts, a question asked mid-way, and repeated taps. State lives in
the `conversations` table, so any process can take the next step.

Postback data is "f:<conversation id>:<version>:<value>"; the version changes at
every prompt, so a button from an older prompt is recognised and ignored.

One conversation at a time per user. Starting another while one has answers pauses
it inside the new one (`_paused`), and it is taken up again where it was once the new
one ends, so opening "สินเชื่อของฉัน" mid-report never loses the report. A stored
conversation on a step its flow no longer has (renamed in a release) starts over kindly.

Only the product's flows are in `REGISTRY`; a test's flows join it for the test only
(`using`), so they never leak into what the product sees.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable, ClassVar

from sqlalchemy import select

from bot import clock, postbacks, texts, thai
from bot.line import messages as m
from bot.line.limits import fit_label
from bot.models import Conversation
from flows import questions, welcome
from flows.turn import Turn

PREFIX = postbacks.FLOW_PREFIX
CONFIRM_STEP = "~confirm"
EDIT_STEP = "~edit"
PAUSED = "_paused"
# Quick replies allow 13 items; keep room for skip / back / cancel.
MAX_OPTION_CHIPS = 10

REGISTRY: dict[str, "Flow"] = {}


class Invalid(Exception):
    """An answer the step cannot take; `message` tells the user kindly what to send.

    `ask_again=False` when asking again would contradict the message (after a lockout,
    "type your code" is the one thing not to say)."""

    def __init__(self, message: str, ask_again: bool = True):
        super().__init__(message)
        self.message = message
        self.ask_again = ask_again


class Stay:
    """A step's answer that keeps the user on the same step (a many-choice toggle)."""


STAY = Stay()


@dataclass
class Context:
    turn: Turn
    conversation: Conversation
    flow: "Flow"

    @property
    def session(self):
        return self.turn.session

    @property
    def answers(self) -> dict[str, Any]:
        return self.conversation.answers

    @property
    def data(self) -> dict[str, Any]:
        return self.conversation.context


@dataclass
class Step:
    # True for answers that are LINE content (photos): kept in our storage once the flow is done,
    # since LINE keeps content only for a while.
    keeps_content: ClassVar[bool] = False

    name: str
    prompt: str | Callable[[Context], str]
    label: str = ""  # how the summary names this answer
    optional: bool = False
    when: Callable[[Context], bool] | None = None
    # The answer when `when` skips the step (shown in the summary when not None).
    default: Callable[[Context], Any] | None = None
    # Answers this answer fills in at once; when it returns some, the flow goes straight to
    # the summary with them (e.g. "same as last week"). The step itself is not in the summary.
    fills: Callable[[Context, Any], dict[str, Any] | None] | None = None

    def prompt_text(self, ctx: Context) -> str:
        return self.prompt(ctx) if callable(self.prompt) else self.prompt

    def actions(self, ctx: Context, tap: Callable[[str, str], dict]) -> list[dict]:
        return []

    def from_postback(self, ctx: Context, value: str, params: dict) -> Any:
        raise Invalid(texts.FLOW_PICK_ONE)

    def from_text(self, ctx: Context, text: str) -> Any:
        raise Invalid(texts.FLOW_PICK_ONE)

    def from_image(self, ctx: Context, message_id: str) -> Any:
        raise Invalid(texts.FLOW_PICK_ONE)

    def show(self, ctx: Context, value: Any) -> str:
        return str(value)

    def finish_choosing(self, ctx: Context) -> Any:
        """The answer when the user taps "done" on a step that collects several things."""
        raise Invalid(texts.FLOW_PICK_ONE)


@dataclass
class Flow:
    name: str
    title: str  # shown in "continue: ..." and expiry notices
    steps: list[Step]
    on_done: Callable[[Context], list[dict] | None]
    summary: bool = True
    expires_after: timedelta = timedelta(hours=24)
    on_cancel: Callable[[Context], None] | None = None
    register: bool = True  # False for a test's flows: see `using`
    step_index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self):
        self.step_index = {step.name: i for i, step in enumerate(self.steps)}
        if self.register:
            REGISTRY[self.name] = self

    def step(self, name: str) -> Step:
        return self.steps[self.step_index[name]]

    def knows(self, conversation: Conversation) -> bool:
        """Whether a stored conversation fits this flow's steps as they are now."""
        named = [conversation.step, *(conversation.context or {}).get("_path", [])]
        return all(name in self.step_index or name in {CONFIRM_STEP, EDIT_STEP} for name in named)


@contextmanager
def using(*flows: Flow):
    """Make flows made with `register=False` known to the engine for a while (a test's flows)."""
    added = [flow for flow in flows if flow.name not in REGISTRY]
    REGISTRY.update({flow.name: flow for flow in added})
    try:
        yield
    finally:
        for flow in added:
            REGISTRY.pop(flow.name, None)


# ---- starting and finding conversations -----------------------------------------

def active(turn: Turn) -> Conversation | None:
    if not turn.user_id:
        return None
    return turn.session.scalar(select(Conversation).where(Conversation.line_user_id == turn.user_id))


def start(turn: Turn, flow: Flow, context: dict | None = None, answers: dict | None = None,
          intro: str | None = None) -> None:
    """Begin `flow` for the user. A conversation they had with answers in it waits inside the new
    one and is taken up again when it ends; the same flow asked for again just carries on."""
    existing = active(turn)
    paused = None
    if existing is not None:
        if _in_progress(existing) and existing.flow == flow.name and REGISTRY.get(flow.name) is flow:
            _reprompt(Context(turn, existing, flow), texts.FLOW_RESUMING)
            return
        waiting = (existing.context or {}).get(PAUSED)
        if waiting and waiting.get("flow") == flow.name and REGISTRY.get(flow.name) is flow:
            _swap(turn, existing, waiting, flow)
            return
        if _in_progress(existing):
            paused = _snapshot(existing)
        turn.session.delete(existing)
        turn.session.flush()
    if paused is not None:
        context = {**(context or {}), PAUSED: paused}
    now = clock.utcnow()
    conversation = Conversation(line_user_id=turn.user_id, flow=flow.name, step="", answers=dict(answers or {}),
                                context=dict(context or {}), version=1, started_at=now, updated_at=now,
                                expires_at=now + flow.expires_after)
    turn.session.add(conversation)
    turn.session.flush()
    ctx = Context(turn, conversation, flow)
    _set(ctx, answers=ctx.answers, data={**ctx.data, "_path": []})
    if intro:
        turn.reply(m.text(intro))
    if paused is not None:
        turn.reply(m.text(texts.FLOW_PAUSED_FOR.format(paused=REGISTRY[paused["flow"]].title, title=flow.title)))
    _advance(ctx, from_index=-1)


def _in_progress(conversation: Conversation) -> bool:
    """Worth keeping: it has answers, or waits on a paused one, and its flow still exists and is not expired."""
    flow = REGISTRY.get(conversation.flow)
    if flow is None or conversation.expires_at < clock.utcnow() or not flow.knows(conversation):
        return False
    answered = any(not key.startswith("_") for key in conversation.answers or {})
    return answered or PAUSED in (conversation.context or {})


def _snapshot(conversation: Conversation) -> dict:
    return {"flow": conversation.flow, "step": conversation.step, "answers": dict(conversation.answers or {}),
            "context": dict(conversation.context or {}), "started_at": conversation.started_at.isoformat()}


def _swap(turn: Turn, existing: Conversation, waiting: dict, flow: Flow) -> None:
    """The user asks again for the flow that waits: it carries on, and the one in hand waits instead."""
    inner = {key: value for key, value in existing.context.items() if key != PAUSED}
    holding = {**_snapshot(existing), "context": inner}
    keep = any(not key.startswith("_") for key in existing.answers or {})
    turn.session.delete(existing)
    turn.session.flush()
    context = {**waiting["context"], **({PAUSED: holding} if keep else {})}
    _take_up_paused(turn, {**waiting, "context": context}, notice=texts.FLOW_RESUMING)


def _take_up_paused(turn: Turn, paused: dict | None, notice: str | None = None) -> None:
    """After a conversation ends, the one it paused carries on where it was (if nothing else began)."""
    flow = REGISTRY.get((paused or {}).get("flow", ""))
    if flow is None:
        return
    begun = active(turn)
    if begun is not None:  # the ending flow started another: that one carries the paused one on
        if PAUSED not in (begun.context or {}):
            begun.context = {**begun.context, PAUSED: paused}
        return
    now = clock.utcnow()
    conversation = Conversation(line_user_id=turn.user_id, flow=flow.name, step=paused["step"],
                                answers=paused["answers"], context=paused["context"], version=1,
                                started_at=datetime.fromisoformat(paused["started_at"]), updated_at=now,
                                expires_at=now + flow.expires_after)
    if not flow.knows(conversation):
        return
    turn.session.add(conversation)
    turn.session.flush()
    _reprompt(Context(turn, conversation, flow), notice or texts.FLOW_BACK_TO.format(title=flow.title))


def handle(turn: Turn, passthrough: frozenset[str] = frozenset()) -> bool:
    """Take this event if the user is in a conversation; False leaves it to the router.

    Words in `passthrough` (rich-menu buttons such as "วิธีใช้") are left to the router
    even mid-conversation; the conversation waits, and the menu offers to continue it.
    """
    data = turn.postback_data
    conversation = active(turn)
    if conversation is None:
        if postbacks.is_flow_tap(data):
            turn.reply(m.text(texts.FLOW_STALE_TAP))
            return True
        return False
    flow = REGISTRY.get(conversation.flow)
    ctx = Context(turn, conversation, flow) if flow else None
    if flow is not None and not flow.knows(conversation):
        # The flow changed under a stored conversation (a step renamed or removed): start over kindly.
        turn.session.delete(conversation)
        turn.session.flush()
        if turn.event.get("type") not in {"message", "postback"}:
            return False
        turn.reply(m.text(texts.FLOW_CHANGED.format(title=flow.title), welcome.menu_actions(turn.person)))
        return True
    if flow is None or conversation.expires_at < clock.utcnow():
        # What they sent was meant for the lapsed conversation: say so, do not guess.
        turn.session.delete(conversation)
        turn.session.flush()
        if turn.event.get("type") not in {"message", "postback"}:
            return False
        title = flow.title if flow else ""
        turn.reply(m.text(texts.FLOW_EXPIRED.format(title=title), welcome.menu_actions(turn.person)))
        return True
    if postbacks.is_flow_tap(data):
        _on_postback(ctx, data)
        return True
    if turn.event.get("type") != "message":
        return False
    message = turn.event.get("message") or {}
    if message.get("type") == "image":
        _answer(ctx, lambda step: step.from_image(ctx, str(message.get("id"))))
        return True
    text = turn.text
    if not text or text.strip() in passthrough:
        return False
    return _on_text(ctx, text)


def resume_action(turn: Turn) -> dict | None:
    """The "continue: <report>" chip for the menu, when a paused conversation waits."""
    conversation = active(turn)
    if conversation is None or conversation.expires_at < clock.utcnow() or conversation.flow not in REGISTRY:
        return None
    label = fit_label(texts.FLOW_RESUME.format(title=REGISTRY[conversation.flow].title))
    return m.postback(label, _data(conversation, "~resume"), display_text=label)


# ---- what the user sent ------------------------------------------------------------

def _on_postback(ctx: Context, data: str) -> None:
    tapped = postbacks.parse_flow_tap(data)
    # Only a tap on this user's own conversation, on the buttons it shows now, counts.
    if tapped is None or (tapped.conversation_id, tapped.version) != (ctx.conversation.id, ctx.conversation.version):
        ctx.turn.reply(m.text(texts.FLOW_STALE_TAP))
        return
    value = tapped.value
    params = (ctx.turn.event.get("postback") or {}).get("params") or {}
    if value.startswith("~"):
        _control(ctx, value)
    else:
        _answer(ctx, lambda step: step.from_postback(ctx, value, params))


_SKIP_WORDS = {thai.plain_answer(word) for word in texts.FLOW_SKIP_WORDS}


def _on_text(ctx: Context, text: str) -> bool:
    word = text.strip()
    plain = thai.plain_answer(word)
    if plain == texts.FLOW_CANCEL_WORD:
        _control(ctx, "~cancel")
    elif plain == texts.FLOW_BACK_WORD:
        _control(ctx, "~back")
    elif plain in _SKIP_WORDS and ctx.conversation.step in ctx.flow.step_index and _current(ctx).optional:
        _control(ctx, "~skip")
    elif plain == texts.MENU_WORD:
        _pause(ctx)
    elif ctx.conversation.step == CONFIRM_STEP and plain in {*texts.FLOW_CONFIRM_WORDS, texts.FLOW_EDIT}:
        _control(ctx, "~edit" if plain == texts.FLOW_EDIT else "~ok")
    elif ctx.conversation.step in {CONFIRM_STEP, EDIT_STEP}:
        _reprompt(ctx, texts.FLOW_PICK_ONE)
    else:
        _answer(ctx, lambda step: step.from_text(ctx, word), typed=word)
    return True


def _control(ctx: Context, value: str) -> None:
    conversation = ctx.conversation
    if value == "~cancel":
        if ctx.flow.on_cancel:
            ctx.flow.on_cancel(ctx)
        ctx.session.delete(conversation)
        ctx.session.flush()
        ctx.turn.reply(m.text(texts.FLOW_CANCELLED))
        _take_up_paused(ctx.turn, ctx.data.get(PAUSED))
    elif value == "~back":
        path = list(ctx.data.get("_path", []))
        if not path:
            _reprompt(ctx)
            return
        previous = path.pop()
        _set(ctx, data={**ctx.data, "_path": path, "_editing": False})
        _ask(ctx, previous)
    elif value == "~resume":
        _reprompt(ctx, texts.FLOW_RESUMING)
    elif value == "~skip" and conversation.step in ctx.flow.step_index and _current(ctx).optional:
        _store(ctx, None)
    elif value == "~done" and conversation.step in ctx.flow.step_index:
        _answer(ctx, lambda step: step.finish_choosing(ctx))
    elif value == "~ok" and conversation.step == CONFIRM_STEP:
        _finish(ctx)
    elif value == "~edit" and conversation.step == CONFIRM_STEP:
        _ask_which_to_edit(ctx)
    elif value.startswith("~edit:") and conversation.step == EDIT_STEP and value[6:] in ctx.flow.step_index:
        _set(ctx, data={**ctx.data, "_editing": True})
        _ask(ctx, value[6:])
    else:
        _reprompt(ctx)


def _answer(ctx: Context, parse: Callable[[Step], Any], typed: str | None = None) -> None:
    if ctx.conversation.step not in ctx.flow.step_index:
        _reprompt(ctx, texts.FLOW_PICK_ONE)
        return
    step = _current(ctx)
    try:
        value = parse(step)
    except Invalid as invalid:
        if typed and _answered_as_question(ctx, typed):
            _reprompt(ctx)
            return
        if not invalid.ask_again:
            ctx.turn.reply(m.text(invalid.message, _controls(ctx, step, _next_version(ctx))))
            return
        _reprompt(ctx, invalid.message)
        return
    if value is STAY:
        _reprompt(ctx)
    else:
        _store(ctx, value)


def _answered_as_question(ctx: Context, text: str) -> bool:
    """A question typed mid-way is answered from the knowledge base, then the flow resumes."""
    return questions.answer_if_known(ctx.turn, text)


# ---- moving through the steps ------------------------------------------------------

def _current(ctx: Context) -> Step:
    return ctx.flow.step(ctx.conversation.step)


def _store(ctx: Context, value: Any) -> None:
    step = _current(ctx)
    path = [name for name in ctx.data.get("_path", []) if name != step.name] + [step.name]
    _set(ctx, answers={**ctx.answers, step.name: value}, data={**ctx.data, "_path": path})
    filled = step.fills(ctx, value) if step.fills else None
    if filled:
        _set(ctx, answers={**ctx.answers, **filled})
        _confirm(ctx)
    elif ctx.data.get("_editing"):
        _confirm(ctx)
    else:
        _advance(ctx, from_index=ctx.flow.step_index[step.name])


def _advance(ctx: Context, from_index: int, notice: str | None = None) -> None:
    for step in ctx.flow.steps[from_index + 1:]:
        if step.when is None or step.when(ctx):
            _ask(ctx, step.name, notice)
            return
        _set(ctx, answers={**ctx.answers, step.name: step.default(ctx) if step.default else None})
    if ctx.flow.summary:
        _confirm(ctx, notice)
    else:
        _finish(ctx)


def _finish(ctx: Context) -> None:
    # A step skipped after an edit keeps no stale answer: it gets its default, like any skipped step.
    _set(ctx, answers={**ctx.answers, **{step.name: step.default(ctx) if step.default else None
                                         for step in ctx.flow.steps if not _asked(ctx, step)}})
    # Gone before on_done runs, so on_done may start the next flow.
    ctx.session.delete(ctx.conversation)
    ctx.session.flush()
    ctx.turn.reply(*(ctx.flow.on_done(ctx) or []))
    _keep_content(ctx)
    _take_up_paused(ctx.turn, ctx.data.get(PAUSED))


def _keep_content(ctx: Context) -> None:
    message_ids = [message_id for step in ctx.flow.steps if step.keeps_content
                   for message_id in (ctx.answers.get(step.name) or [])]
    if message_ids:
        dispatch = ctx.turn.runtime.dispatch
        ctx.turn.after_commit.append(lambda: dispatch.keep_content(message_ids))


def _asked(ctx: Context, step: Step) -> bool:
    return step.when is None or step.when(ctx)


def _pause(ctx: Context) -> None:
    resume = resume_action(ctx.turn)
    note = texts.FLOW_PAUSED.format(resume=resume["label"]) if resume else texts.MENU_PROMPT
    ctx.turn.reply(m.text(note, ([resume] if resume else []) + welcome.menu_actions(ctx.turn.person)))


# ---- prompts ------------------------------------------------------------------------

def _set(ctx: Context, answers: dict | None = None, data: dict | None = None) -> None:
    # Reassign rather than mutate: JSON columns only notice a new value.
    if answers is not None:
        ctx.conversation.answers = dict(answers)
    if data is not None:
        ctx.conversation.context = dict(data)
    ctx.conversation.updated_at = clock.utcnow()
    ctx.conversation.expires_at = ctx.conversation.updated_at + ctx.flow.expires_after


def _data(conversation: Conversation, value: str) -> str:
    return postbacks.flow_tap(conversation.id, conversation.version, value)


def _next_version(ctx: Context) -> Callable[[str, str], dict]:
    ctx.conversation.version += 1
    conversation = ctx.conversation

    def tap(value: str, label: str, display: str | None = None) -> dict:
        return m.postback(fit_label(label), _data(conversation, value), display_text=display or label)

    return tap


def _controls(ctx: Context, step: Step, tap) -> list[dict]:
    controls = []
    if step.optional:
        controls.append(tap("~skip", texts.FLOW_SKIP))
    if ctx.data.get("_path"):
        controls.append(tap("~back", texts.FLOW_BACK_WORD))
    controls.append(tap("~cancel", texts.FLOW_CANCEL_WORD))
    return controls


def _ask(ctx: Context, step_name: str, notice: str | None = None) -> None:
    ctx.conversation.step = step_name
    _reprompt(ctx, notice)


def _reprompt(ctx: Context, notice: str | None = None) -> None:
    if ctx.conversation.step == CONFIRM_STEP:
        _confirm(ctx, notice)
        return
    if ctx.conversation.step == EDIT_STEP:
        _ask_which_to_edit(ctx, notice)
        return
    step = _current(ctx)
    tap = _next_version(ctx)
    actions = step.actions(ctx, tap)
    controls = _controls(ctx, step, tap)
    prompt = step.prompt_text(ctx)
    body = f"{notice}\n\n{prompt}" if notice else prompt
    if len(actions) <= MAX_OPTION_CHIPS:
        ctx.turn.reply(m.text(body, actions + controls))
        return
    # Too many choices for chips: cards of buttons, with the controls as chips.
    cards = [m.bubble(prompt if i == 0 else "…", [], buttons=actions[i:i + 8]) for i in range(0, len(actions), 8)]
    ctx.turn.reply(m.text(notice, controls) if notice else m.text(prompt, controls),
                   m.flex(prompt, m.carousel(cards[:12])))


def _confirm(ctx: Context, notice: str | None = None) -> None:
    ctx.conversation.step = CONFIRM_STEP
    _set(ctx, data={**ctx.data, "_editing": False})
    tap = _next_version(ctx)
    lines = []
    for step in ctx.flow.steps:
        if step.fills is not None or (not _asked(ctx, step) and step.default is None):
            continue
        value = ctx.answers.get(step.name)
        shown = texts.FLOW_NOT_ANSWERED if value in (None, [], "") else step.show(ctx, value)
        lines.append(f"{step.label or step.name}: {shown}")
    card = m.bubble(texts.FLOW_SUMMARY_TITLE, lines, buttons=[tap("~ok", texts.FLOW_CONFIRM), tap("~edit", texts.FLOW_EDIT)],
                    footnote=texts.FLOW_SUMMARY_HINT)
    messages = [m.text(notice)] if notice else []
    messages.append(m.flex(texts.FLOW_SUMMARY_TITLE + "\n" + "\n".join(lines), card,
                           [tap("~cancel", texts.FLOW_CANCEL_WORD)]))
    ctx.turn.reply(*messages)


def _ask_which_to_edit(ctx: Context, notice: str | None = None) -> None:
    ctx.conversation.step = EDIT_STEP
    tap = _next_version(ctx)
    choices = [tap(f"~edit:{step.name}", step.label or step.name) for step in ctx.flow.steps
               if step.fills is None and (step.when is None or step.when(ctx))][:12]
    body = f"{notice}\n\n{texts.FLOW_EDIT_WHICH}" if notice else texts.FLOW_EDIT_WHICH
    ctx.turn.reply(m.text(body, choices + [tap("~cancel", texts.FLOW_CANCEL_WORD)]))

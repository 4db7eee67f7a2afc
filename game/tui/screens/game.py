"""The game screen: date and turn, meters, the event card with numbered choices, actions, timeline.

A thin view: what is on offer comes from the engine (`pending`), and every
word about a condition, a cause, a cooldown or what an option will do from
`game.present`. Widgets are mounted once and updated, so a key press redraws in
milliseconds. Under the menu, one line says what the highlighted option does.
`_fit` shares the rows out: on a tall terminal the card and the menu take what
they need and the timeline the rest; at 80×24 the card scrolls.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from game import paths, saves
from game.engine import ActionPrompt, EventPrompt, GameState, Scenario, new_game, pending
from game.engine.policies import step
from game.engine.state import Note
from game.present import (
    action_menu, change_words, choice_reason, decision_label, decision_preview, history_words, last_result,
    month_name, rest_words, used_up_words, visible_change,
)
from game.tui.widgets.choices import ChoiceList
from game.tui.widgets.meters import MeterPanel, MeterRow, visible_meters
from game.tui.widgets.timeline import Timeline
from game.tui.widgets.footer import Footer

END_TURN = "__end_turn__"
CSS = Path(__file__).parent.parent / "game.tcss"
TIMELINE_SHARE, TIMELINE_MIN = 0.15, 3  # the timeline's least height, as game.tcss gives it
SIDE_HINT = "m: why a meter moved\n?: help and glossary"
MENU_SHARE, MENU_SHARE_ACTING, MENU_LEAST = 0.8, 0.75, 3  # the most of the column the menu may take


class GameScreen(Screen[None]):
    CSS_PATH = CSS
    AUTO_FOCUS = "#options"
    BINDINGS = [
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
        Binding("0", "pick(10)", show=False),
        Binding("e", "end_turn", "End turn"),
        Binding("m", "why", "Why meters moved"),
        Binding("question_mark,f1,h", "help", "Help", key_display="?"),
        Binding("s", "save", "Save"),
        Binding("l", "load", "Load"),
        Binding("escape,q", "leave", "Title"),
        Binding("pageup", "scroll_card(-1)", "Scroll up", show=False, priority=True),
        Binding("pagedown", "scroll_card(1)", "Scroll down", show=False, priority=True),
    ]

    def __init__(self, scenario: Scenario, *, seed: int = 0, state: GameState | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.state = state or new_game(scenario, seed)
        # Meters before the last decision, for "the change from the last decision".
        self._before_last: Mapping[str, int] = self.state.meters
        self._shown_notes = 0

    # -- layout -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="side"):
                yield Static(id="topbar")
                yield MeterPanel(self.state, id="meters")
                yield Static(Content(SIDE_HINT), id="side-hint")
            with Vertical(id="main"):
                with VerticalScroll(id="card-scroll"):
                    yield Static(id="result-head")
                    yield Markdown(id="result", open_links=False)
                    yield Static(id="result-changes")
                    yield Static(id="card-title")
                    yield Markdown(id="card", open_links=False)
                    yield Static(id="card-plain")
                yield Static(id="menu-head")  # outside the scroll: the actions' heading stays in view
                yield ChoiceList(id="options")
                yield Static(id="option-effects")  # what the highlighted option does, before it is picked
        yield Timeline(id="timeline", min_width=20)
        yield Footer()

    def on_mount(self) -> None:
        # A game opened mid-turn (reloaded by --watch, continued, loaded) shows the last
        # decision's result and the meters' change from it, as they were before.
        last = last_result(self.state)
        if last is not None:
            self._before_last = last.meters_before
        self._show_result()
        self._log_new_notes()
        self.show()
        # The menu may settle a frame later (see show): fit the layout again when it does.
        self.watch(self.query_one("#options"), "virtual_size", self._fit_later, init=False)
        card = self.query_one("#card-scroll", VerticalScroll)
        self.watch(card, "scroll_y", self._say_what_is_below, init=False)
        self.watch(card, "virtual_size", self._say_what_is_below, init=False)
        start_up_done = getattr(self.app, "start_up_done", None)
        if start_up_done is not None:
            self.call_after_refresh(start_up_done)  # drawn: the app's start-up is over
        state = self.state
        if state.turn == 1 and not state.decisions and not state.over and any(
                n.kind == "rule" for n in state.timeline or ()):
            self.call_after_refresh(self._report_the_opening)

    def _report_the_opening(self) -> None:
        """Turn 1's report, as later turns have: what the standing rules did as the game opened."""
        import dataclasses

        from game.tui.screens.turn_report import TurnReportScreen

        if self.app.screen is self:
            self.app.push_screen(TurnReportScreen(dataclasses.replace(self.state, timeline=(), changes=()),
                                                  self.state))

    # -- showing the state ---------------------------------------------------

    def show(self) -> None:
        """Bring every widget in line with `self.state`."""
        state = self.state
        prompt = pending(state)
        if prompt is None:
            self._show_ending()
            return
        self.query_one("#topbar", Static).update(Content.assemble(
            (month_name(state, state.turn), "bold"), "\n", f"Turn {state.turn} of {state.scenario.turns}",
        ))
        self.query_one("#meters", MeterPanel).show(state, self._before_last)
        options = self.query_one("#options", OptionList)
        entries: list[Option] = []
        title = self.query_one("#card-title", Static)
        card = self.query_one("#card", Markdown)
        plain = self.query_one("#card-plain", Static)
        self._make_room(acting=isinstance(prompt, ActionPrompt))
        if isinstance(prompt, EventPrompt):
            event = prompt.event
            title.update(Content.assemble((event.title, "bold"), "  ", (f"[{history_words(event.history)}]", "italic")))
            card.display, plain.display, title.display = True, False, True
            if getattr(card, "_crossroads_source", None) != event.text:
                card.update(event.text)
                card._crossroads_source = event.text
            entries = [self._choice_option(number, option, event)
                       for number, option in enumerate(prompt.options, start=1)]
            self.query_one("#menu-head").display = False
        else:
            described = self._action_descriptions()
            card.display, plain.display, title.display = False, bool(described), bool(described)
            left = prompt.remaining
            title.update(Content.styled("What the standing actions do", "bold"))
            if not state.scenario.actions or state.scenario.actions_per_turn == 0:
                words = "There are no standing actions in this scenario. End the turn when you are ready."
            elif left:
                words = (f"You may take {left} more action{'s' if left != 1 else ''} this turn, "
                         "or end the turn.")
            else:
                words = f"{used_up_words(state.scenario.actions_per_turn)}. End the turn when you are ready."
            plain.update(Content(described.lstrip("\n")))
            head = self.query_one("#menu-head", Static)
            head.display = True
            head.update(Content.assemble(("Standing actions: ", "bold"), words))
            menu = action_menu(state) if state.scenario.actions_per_turn else ()
            for item in menu:  # every unavailable one says why; every one its rest period, before it is picked
                rest = rest_words(state.scenario.actions[item.id].cooldown)
                label = f"{item.label} ({rest})" if rest and item.available else item.label
                entries.append(_numbered(item.number, label, item.available, item.reason, item.id))
            entries.append(Option(Content(f"{len(menu) + 1}. End the turn (e)"), id=END_TURN))
        # Nothing under the result in the card: the menu's heading draws the line between them.
        self.query_one("#result-changes").set_class(not title.display, "-last")
        options.set_options(entries)  # all at once: one layout, not one per option
        options.highlighted = next((i for i, o in enumerate(options.options) if not o.disabled), None)
        self._show_effects()
        # Its height follows the new options; Textual 8 sometimes keeps a stale zero height
        # when the card above changed in the same frame, so lay it out again after the frame.
        self.call_after_refresh(self._lay_out_options)
        if self.focused is None:  # keep the card focused if the player moved there with Tab
            options.focus()

    def _make_room(self, *, acting: bool) -> None:
        """Taking actions, the card says little: the menu may use nearly all the room.

        Set as inline styles, not a class on the column: a class change restyles every
        widget inside it (the Markdown blocks too), a third of a choice's time."""
        if getattr(self, "_acting", None) is acting:
            return
        self._acting = acting
        self.query_one("#card-scroll").styles.min_height = 2 if acting else 3  # the menu's share: see _fit

    def _lay_out_options(self) -> None:
        for options in self.query("#options").results(OptionList):  # none once the game has ended
            options.refresh(layout=True)
            # From the top, so that unavailable options above the cursor stay in view.
            options.scroll_home(animate=False, immediate=True)
            options.scroll_to_highlight()
            self._fit()

    # -- what an option does ----------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_effects()

    def _show_effects(self) -> None:
        options = self.query_one("#options", OptionList)
        index = options.highlighted
        effects = self.query_one("#option-effects", Static)
        if index is None or index >= options.option_count:
            effects.update(Content(""))
        else:
            effects.update(self._effects_of(index, options.get_option_at_index(index)))

    def _effects_of(self, index: int, option: Option) -> Content:
        """"If you take 5: Moscow's trust +3, …" (words from game.present), or what ending the turn does."""
        # The layout asks again each time it settles: the words are made once for each state.
        state, prompt, cached = getattr(self, "_effects_cache", (None, None, {}))
        if state is not self.state:
            state, prompt, cached = self.state, pending(self.state), {}
            self._effects_cache = (state, prompt, cached)
        key = (index, option.id)
        if key not in cached:
            cached[key] = self._effects_words(index, option, prompt)
        return cached[key]

    def _effects_words(self, index: int, option: Option, prompt) -> Content:
        state = self.state
        if option.id == END_TURN:
            if state.turn >= state.scenario.turns:
                return Content.assemble(("End the turn: ", "bold"), "the last turn closes and the ending is judged.")
            return Content.assemble(("End the turn: ", "bold"), f"{month_name(state, state.turn + 1)} begins.")
        if isinstance(prompt, EventPrompt):
            item, lead = prompt.event.choice(option.id), f"If you choose {index + 1}: "
        else:
            item, lead = state.scenario.actions.get(option.id), f"If you take {index + 1}: "
        if item is None:
            return Content("")
        return Content.assemble((lead, "bold"), decision_preview(item, state))

    def _effect_rows(self) -> int:
        """The rows of the longest effect lines among the options the cursor can reach: the
        line is always that tall, so moving the cursor moves nothing else."""
        effects = self.query_one("#option-effects", Static)
        options = self.query_one("#options", OptionList)
        width = effects.content_size.width
        return max((self._effects_of(i, option).get_height(effects.styles, width)
                    for i, option in enumerate(options.options) if not option.disabled), default=0)

    # -- fitting the layout to the terminal -------------------------------------

    def _fit_later(self, *_) -> None:
        self.call_after_refresh(self._fit)

    def _say_what_is_below(self, *_) -> None:
        """On a small terminal the card may hold more than it shows (a second event under the
        first one's result): the side column says so, and how to read on."""
        card = self.query_one("#card-scroll", VerticalScroll)
        more = card.max_scroll_y > 0 and card.scroll_y < card.max_scroll_y
        self.query_one("#side-hint", Static).update(Content(SIDE_HINT + ("\n▼ more text: PgDn" if more else "")))

    def on_screen_resume(self) -> None:
        self._fit_later()  # what changed while a report or dialog lay on top was measured hidden

    def on_markdown_table_of_contents_updated(self, message: Markdown.TableOfContentsUpdated) -> None:
        """A Markdown widget has mounted its new text (parsed off the event loop): it has a new height."""
        message.stop()
        self._fit_later()

    def _fit(self) -> None:
        """Give the card, the menu and the timeline their rows, from what each needs at this width.

        When everything fits (a tall terminal), the card is as tall as its text, the
        choices follow right under it, and every row left over goes to the timeline.
        When it does not (80×24), the timeline keeps its least height, the card
        scrolls in what the menu leaves, and the menu scrolls past its share."""
        if not self.is_attached or not self.query("#options") or not self.size.height:
            return  # the game has ended
        if self.app.screen is not self:
            return  # under a report or dialog nothing is measured afresh: done again on resume
        card, options = self.query_one("#card-scroll", VerticalScroll), self.query_one("#options", OptionList)
        head, effects = self.query_one("#menu-head"), self.query_one("#option-effects")
        if not effects.content_size.width:
            return  # not laid out yet
        effect_rows = self._effect_rows()
        head_rows = head.outer_size.height if head.display else 0
        card_least = card.styles.min_height.cells if card.styles.min_height else 0
        card_rows = max(_rows_needed(card), card_least)
        menu_rows = options.virtual_size.height
        side = self.query_one("#side")
        body_needs = max(card_rows + head_rows + menu_rows + effect_rows, side.gutter.height + _rows_needed(side))
        room = self.size.height - self.query_one(Footer).outer_size.height
        least = max(TIMELINE_MIN, int(self.size.height * TIMELINE_SHARE))
        if body_needs <= room - least:
            layout = (room - body_needs, card_rows, menu_rows, effect_rows)
        else:
            column = room - least
            effect_rows = min(effect_rows, max(2, column // 4))  # below 80×24 its end may be cut off
            share = MENU_SHARE_ACTING if self._acting else MENU_SHARE
            menu = max(MENU_LEAST, min(int(column * share), column - card_least - head_rows) - effect_rows)
            layout = (None, None, menu, effect_rows)  # None: the stylesheet's heights (15%; 1fr)
        if layout == getattr(self, "_layout", None):
            return
        self._layout = layout
        timeline_rows, card_height, menu_most, effect_rows = layout
        timeline = self.query_one("#timeline")
        timeline.styles.height = timeline_rows
        # Its newest lines stay in view when it shrinks (it scrolled to its end at its old height).
        self.call_after_refresh(timeline.scroll_end, animate=False)
        card.styles.height = card_height if card_height is not None else "1fr"
        options.styles.max_height = menu_most
        effects.styles.height = effect_rows

    def _choice_option(self, number: int, option, event) -> Option:
        reason = "" if option.available else choice_reason(event.choice(option.id), self.state)
        return _numbered(number, option.label, option.available, reason, option.id)

    def _action_descriptions(self) -> str:
        lines = [f"\n{number}. {action.label}: {' '.join(action.description.split())}"
                 for number, action in enumerate(self.state.scenario.actions.values(), start=1)
                 if action.description]
        return "\n" + "".join(lines) if lines else ""

    def _show_result(self) -> None:
        """The result text of the last decision this turn and every visible change it caused."""
        state = self.state
        head = self.query_one("#result-head", Static)
        result = self.query_one("#result", Markdown)
        changes_widget = self.query_one("#result-changes", Static)
        last = last_result(state)
        if last is None:
            self._clear_result()
            return
        first = last.notes[0]
        head.display = True
        head.update(Content.assemble(("You chose: " if first.kind == "choice" else "You took: ", "bold"),
                                     decision_label(state.scenario, first)))
        text = "\n\n".join(n.text for n in last.notes if n.text)
        result.display = bool(text)
        if text:
            result.update(text)
        lines = [change_words(c, state.scenario) for c in last.changes if visible_change(c, state.scenario)]
        changes_widget.display = True
        changes_widget.update(Content("\n".join(lines) if lines else "No visible meter moved."))

    def _clear_result(self) -> None:
        for selector in ("#result-head", "#result", "#result-changes"):
            self.query_one(selector).display = False

    def on_resize(self) -> None:
        self.call_after_refresh(self._rewrap_timeline)
        self.call_after_refresh(self._lay_out_options)

    def _rewrap_timeline(self) -> None:
        """The timeline wraps lines as they are written: after a resize, write them again at the new width."""
        log = next(iter(self.query("#timeline").results(Timeline)), None)  # none once the game has ended
        if log is None or log.scrollable_content_region.width in (0, getattr(self, "_timeline_width", None)):
            return
        self._timeline_width = log.scrollable_content_region.width
        log.clear()
        self._shown_notes = 0
        self._log_new_notes()

    def _log_new_notes(self) -> None:
        """Write the timeline lines not yet written, with the visible changes of each."""
        state = self.state
        notes = (state.timeline or ())[self._shown_notes:]
        self._shown_notes += len(notes)
        log = self.query_one("#timeline", Timeline)
        changes = state.changes or ()
        for note in notes:
            moved = [c for c in changes if c.turn == note.turn and (c.cause, c.source) == (note.kind, note.source)
                     and visible_change(c, state.scenario)]
            numbers = ", ".join(f"{state.scenario.meters[c.target].label} {c.after - c.before:+d}" for c in moved)
            line = f"T{note.turn} {_note_words(state.scenario, note)}" + (f" [{numbers}]" if numbers else "")
            log.write(Text(line), width=log.scrollable_content_region.width or None)  # wrapped to the log's width

    def _show_ending(self) -> None:
        from game.tui.screens.ending import EndingScreen

        self.app.switch_screen(EndingScreen(self.state))

    # -- deciding -------------------------------------------------------------

    def decide(self, decision: str | None) -> None:
        before = self.state
        self.state = step(before, decision)
        self._before_last = before.meters
        self._log_new_notes()
        self._autosave()
        if self.state.turn != before.turn and not self.state.over:
            self._clear_result()
            self._before_last = self.state.history[-1]
            self.show()
            from game.tui.screens.turn_report import TurnReportScreen

            self.app.push_screen(TurnReportScreen(before, self.state))
            return
        self._show_result()
        self.show()
        self.query_one("#card-scroll", VerticalScroll).scroll_home(animate=False)

    def _autosave(self) -> None:
        autosave = getattr(self.app, "autosave", None)
        if callable(autosave):
            autosave(self.state)
            return
        try:
            saves.write_save(saves.autosave_path(paths.save_folder(), self.scenario.id), self.state,
                             player="player")
        except saves.SaveError as error:
            self.notify(str(error), title="Autosave failed", severity="warning", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys typed ahead can arrive after the game has ended or been left, while this
        # screen is being taken down: they act on nothing.
        return self.is_current and bool(self.query("#options"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.check_action("select", ()):
            return
        options = self.query_one("#options", OptionList)
        current = (event.option_index < options.option_count
                   and options.get_option_at_index(event.option_index) is event.option)
        # A selection made from a menu that has since been replaced (keys typed ahead) is stale.
        if current and not event.option.disabled:
            self.decide(None if event.option.id == END_TURN else event.option.id)

    def action_pick(self, number: int) -> None:
        options = self.query_one("#options", OptionList)
        if number <= options.option_count:
            option = options.get_option_at_index(number - 1)
            if option.disabled:
                self.notify(f"Option {number} is not available now.", timeout=2, markup=False)
                return
            self.decide(None if option.id == END_TURN else option.id)

    def action_end_turn(self) -> None:
        if isinstance(pending(self.state), ActionPrompt):
            self.decide(None)
        else:
            self.notify("Answer this turn's events first.", timeout=2)

    def action_scroll_card(self, direction: int) -> None:
        scroll = self.query_one("#card-scroll", VerticalScroll)
        if direction < 0:
            scroll.scroll_page_up(animate=False)
        else:
            scroll.scroll_page_down(animate=False)

    # -- other screens --------------------------------------------------------

    def action_why(self, meter_id: str | None = None) -> None:
        from game.tui.screens.why import WhyScreen

        meters = visible_meters(self.state)
        if meters:
            self.app.push_screen(WhyScreen(self.state, meter_id or meters[0].id))

    def on_meter_row_selected(self, message: MeterRow.Selected) -> None:
        self.action_why(message.meter_id)

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.scenario))

    def action_save(self) -> None:
        self._app_action("save_game", "Saving from the game is not available yet.")

    def action_load(self) -> None:
        self._app_action("load_game", "Loading from the game is not available yet.")

    def action_leave(self) -> None:
        leave = getattr(self.app, "leave_game", None)
        if callable(leave):
            leave()
        else:
            self.app.pop_screen()

    def _app_action(self, name: str, missing: str) -> None:
        method = getattr(self.app, name, None) or getattr(self.app, f"action_{name}", None)
        if callable(method):
            method()
        else:
            self.notify(missing, timeout=3)


def _rows_needed(container) -> int:
    """The rows a vertical container's shown children take (a scroll container's own virtual
    size is never less than its window, so it cannot tell how much of the window is empty)."""
    return sum(child.outer_size.height + child.styles.margin.top + child.styles.margin.bottom
               for child in container.children if child.display)


def _numbered(number: int, label: str, available: bool, reason: str, option_id: str) -> Option:
    """`3. Label`, and for an unavailable one a mark and why, in words (not only grey)."""
    prompt = Content(f"{number}. {label}")
    if not available:
        prompt = Content.assemble(prompt, (f"  ✗ {reason}".rstrip(), "italic"))
    return Option(prompt, id=option_id, disabled=not available)


def _note_words(scenario: Scenario, note: Note) -> str:
    """One timeline line in words (written as a rich Text, so no markup is interpreted)."""
    text = " ".join(note.text.split())
    if note.kind == "event":
        return f"Event: {text}"
    if note.kind == "choice":
        return f"You chose “{decision_label(scenario, note)}”"
    if note.kind == "action":
        return f"Action: “{decision_label(scenario, note)}”"
    if note.kind == "outcome":
        return f"Outcome: {text}"
    if note.kind == "rule":
        return f"Rule: {text}"
    if note.kind == "skipped":
        return f"Passed over: {text}"
    return f"Ending: {text}"

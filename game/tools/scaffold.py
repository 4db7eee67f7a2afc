"""`crossroads new NAME`: a small, commented scenario to start from.

The file it writes validates, lints clean and can end in each of its four
endings, so an author can change it one step at a time and check as they go.
It uses every kind of part (meters with warnings, a flag, a rule, dated,
random and scheduled events, a locked choice with weighted outcomes, standing
actions, a glossary, endings) with a comment on what each is for.

    scenario_text(scenario_id, title, file_name) -> str   the file's text
    write_scenario(name) -> Written                        NAME.toml, never overwriting
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from game.tools.schema_export import SCHEMA_FILE_NAME, schema_text

_ID = re.compile(r"^[a-z][a-z0-9_-]*$")


class ScaffoldError(Exception):
    """The name cannot be used, or the file already exists; nothing was written."""


@dataclass(frozen=True)
class Written:
    scenario: Path
    schema: Path | None  # the schema written beside it, or None if one was already there


def scenario_id_for(name: str) -> str:
    """The scenario id for the file name NAME(.toml): its stem, which must be an id."""
    stem = Path(name).name
    if stem.endswith(".toml"):
        stem = stem[: -len(".toml")]
    if not _ID.match(stem) or len(stem) > 64:
        fixed = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_")[:64]
        if not re.match(r"[a-z]", fixed):
            fixed = f"my-{fixed}" if fixed else "my-scenario"
        raise ScaffoldError(f"`{stem}` cannot be a scenario id (lowercase letters, digits, - and _, "
                            f"starting with a letter); try `crossroads new {fixed}`")
    return stem


def title_for(scenario_id: str) -> str:
    return " ".join(word.capitalize() for word in re.split(r"[-_]+", scenario_id) if word)


def write_scenario(name: str) -> Written:
    """Write NAME.toml (and the JSON Schema beside it if none is there yet).

    Refuses, with ScaffoldError, to overwrite an existing file."""
    scenario_id = scenario_id_for(name)
    path = Path(name if name.endswith(".toml") else f"{name}.toml")
    if not path.parent.is_dir():
        raise ScaffoldError(f"there is no folder `{path.parent}` to write {path.name} in")
    text = scenario_text(scenario_id, title_for(scenario_id), path.name)
    try:
        with open(path, "x", encoding="utf-8") as out:  # "x": fails if the file exists, even in a race
            out.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists and was left as it is; "
                            "choose another name, or move the file away first") from None
    except OSError as error:
        raise ScaffoldError(f"cannot write {path}: {error.strerror or error}") from None
    schema = path.parent / SCHEMA_FILE_NAME
    try:
        with open(schema, "x", encoding="utf-8") as out:
            out.write(schema_text())
    except OSError:  # already there (or not writable): the scenario is written all the same
        return Written(path, None)
    return Written(path, schema)


def scenario_text(scenario_id: str, title: str, file_name: str) -> str:
    return (_TEMPLATE.replace("{id}", scenario_id).replace("{title}", title)
            .replace("{file}", file_name))


_TEMPLATE = '''\
#:schema ./crossroads.schema.json
# {title}: a Crossroads scenario, started with `crossroads new`.
#
# As written it validates, lints clean and can end in each of its four
# endings, and meets its balance targets. Change it a step at a time and
# check as you go:
#
#   crossroads validate {file}           does the game accept it?
#   crossroads lint {file}               is anything valid but probably a mistake?
#   crossroads run {file} --seed 1       play it by script, read the transcript
#   crossroads simulate {file} --runs 500   how often each ending happens
#   crossroads play {file}               play it in the terminal
#
# Every key is described in docs/scenario-format.md. The first line lets
# editors with Taplo (VS Code: Even Better TOML) complete and check keys,
# using crossroads.schema.json beside this file (see docs/editor.md).

format = 1

[scenario]
id = "{id}"
title = "{title}"
summary = "One paragraph for the scenario picker: who the player is, and what is at stake."
briefing = """
**Minister, the file is yours.** (Markdown, shown before the first turn.)

For four months you must keep Moscow talking without losing Washington.
Moscow's trust below 20, or Washington's confidence below 30, ends the game.
"""
start = 2015-05-01            # a TOML date, no quotes: the month of turn 1
months_per_turn = 1
turns = 4
events_per_turn = 1           # events drawn each turn (scheduled ones come first)
actions_per_turn = 1          # standing actions the player may take each turn
score = "trust + alliance / 2"
what_happened = "What really happened in this period, for the debrief after the game (Markdown)."
sources = ["Where the scenario's facts come from."]

# ------------------------------------------------------------------ meters
# Whole numbers from `min` to `max` (0 to 100 unless you say otherwise).
# `warn_below` / `warn_above`: where the app warns that defeat is near.

[meters.trust]
label = "Moscow's trust"
start = 40
description = "How far Moscow believes you are worth talking to. Below 20 the talks end."
warn_below = 25

[meters.alliance]
label = "Washington's confidence"
start = 60
description = "How far Washington counts on you. Below 30 the alliance is in crisis."
warn_below = 35

# ------------------------------------------------------------------ flags
# Facts that are true or not. Declare each with what it means.

[flags]
envoy_sent = "An envoy went to Moscow."

# ------------------------------------------------------------------ rules
# Applied by themselves as each turn opens, whenever `when` holds.

[[rules]]
id = "back_channel"
when = "envoy_sent and trust >= 50"
effects = { trust = 2 }
note = "The envoy's back channel keeps Moscow talking."

# ------------------------------------------------------------------ events
# Drawn each turn when `when` holds, highest `priority` first.

[events.first_contact]
title = "First contact"
when = "turn == 1"
priority = 10
history = "what-if"           # "fact" if it really happened
text = """
Moscow has signalled, quietly, that it would receive an envoy. Washington has
not been told. (Markdown: the situation the player must answer.)
"""
debrief = "A question for discussion after the game."
sources = ["Where this event's facts come from."]

[[events.first_contact.choices]]
id = "reach_out"
label = "Send an envoy to Moscow"
effects = { trust = 15, alliance = -12 }
set = ["envoy_sent"]
schedule = [{ event = "washington_asks", in = 1 }]   # drawn next turn
result = "Moscow receives your envoy warmly."

[[events.first_contact.choices]]
id = "consult"
label = "Consult Washington first"
effects = { alliance = 5, trust = -6 }
result = "Washington is pleased to be asked. Moscow notes the delay."

[events.washington_asks]
title = "Washington asks questions"
triggered_only = true         # appears only when something schedules it
text = "Washington has heard about your envoy and wants to know what was said."

[[events.washington_asks.choices]]
id = "explain"
label = "Explain the envoy's mission in full"
effects = { alliance = 8, trust = -4 }
result = "Washington is reassured."

[[events.washington_asks.choices]]
id = "press_on"
label = "Say little, and press on with Moscow"
requires = "trust >= 50"      # greyed out unless it holds...
locked = "Needs Moscow's trust of 50 or more."   # ...with these words
effects = { trust = 6, alliance = -10 }

[[events.washington_asks.choices.outcomes]]   # one is drawn, by weight
weight = 3
result = "Moscow takes it as a sign of good faith."

[[events.washington_asks.choices.outcomes]]
weight = 1
effects = { alliance = -8 }
result = "The silence leaks, and Washington is not amused."

[events.summit_offer]
title = "A summit offer"
when = "turn >= 2"
chance = 0.8                  # rolled each turn it is eligible
text = "Moscow proposes a summit before the year is out."

[[events.summit_offer.choices]]
id = "accept"
label = "Accept the summit"
effects = { trust = 12, alliance = -8 }
result = "The summit is set."

[[events.summit_offer.choices]]
id = "refuse"
label = "Refuse: the time is not right"
effects = { trust = -25, alliance = 6 }
result = "Moscow recalls its ambassador for consultations."

# ------------------------------------------------------------------ standing actions
# Offered every turn after the events; `cooldown` rests one for N turns after use.

[actions.brief_washington]
label = "Brief Washington"
cooldown = 1
effects = { alliance = 6, trust = -3 }
result = "Washington appreciates being told."

[actions.quiet_talks]
label = "Hold quiet talks in Moscow"
requires = "envoy_sent"
locked = "Needs an envoy in Moscow first."
effects = { trust = 6, alliance = -14 }
result = "The talks go well. Washington reads about them."

# ------------------------------------------------------------------ glossary
# Terms the help screen explains; quote a term that is not a bare key.

[glossary]
envoy = "A trusted go-between sent to talk for the government."
"2+2" = "Talks between the foreign and defence ministers of two countries."

# ------------------------------------------------------------------ endings
# Checked in file order after everything that happens: the first that holds
# ends the game. `final` is true only when judging after the last turn.

[endings.talks_end]
title = "The talks are over"
kind = "defeat"
when = "trust < 20"
text = "Moscow has stopped listening."

[endings.ally_lost]
title = "An alliance in crisis"
kind = "defeat"
when = "alliance < 30"
text = "Washington has stopped counting on you."

[endings.breakthrough]
title = "A breakthrough"
kind = "victory"
when = "final and trust >= 60 and alliance >= 45"
text = "Both capitals are listening. The door is open."

[endings.holding]
title = "Holding on"
kind = "draw"
fallback = true               # when no other ending holds after the last turn
text = "Nothing broke, and nothing moved."

# ------------------------------------------------------------------ balance
# What you intend, checked by `crossroads simulate {file} --check`.

[[balance]]                   # random play should break through now and then...
policy = "random"
ending = "breakthrough"
between = [0.01, 0.15]

[[balance]]                   # ...and always taking the first choice should not
policy = "first"
ending = "breakthrough"
between = [0.0, 0.0]
'''

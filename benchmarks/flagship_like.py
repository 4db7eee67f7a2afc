"""A generated scenario the size of the flagship, for measuring simulation speed.

    python benchmarks/flagship_like.py > /tmp/flagship-like.toml

24 turns of one month, 2 events and 1 standing action a turn (about 96
transitions a game), 6 meters, 12 flags, 10 rules, 48 events of 2–3 choices
(conditions, expressions in effects, weighted outcomes, schedules), 6 actions
with cooldowns, and 6 endings of which 3 can strike mid-game. Fixed by its
seed, so figures measured on it can be compared between runs.
"""

from __future__ import annotations

import argparse
import random

METERS = ["alliance", "trust", "treaty", "support", "threat", "alignment"]
FLAGS = [f"flag_{i}" for i in range(12)]


def generate(seed: int = 2015, events: int = 48) -> str:
    rng = random.Random(seed)
    out = ["format = 1", "", "[scenario]", 'id = "flagship-like"', 'title = "Flagship-sized"',
           'summary = "Generated for benchmarks."', "start = 2015-05-01", "months_per_turn = 1", "turns = 24",
           "events_per_turn = 2", "actions_per_turn = 1", 'score = "treaty + alliance / 2 + trust / 2"']
    for meter in METERS:
        out += ["", f"[meters.{meter}]", f'label = "{meter.title()}"', f"start = {rng.randint(35, 65)}"]
    out += ["", "[flags]"] + [f'{flag} = "Flag {flag}."' for flag in FLAGS]

    def condition() -> str:
        m, k, f = rng.choice(METERS), rng.randint(20, 80), rng.choice(FLAGS)
        return rng.choice([f"{m} >= {k}", f"{m} < {k} and not {f}", f"{f} or {m} > {k}",
                           f"turn >= {rng.randint(2, 20)}", f"{m} + {rng.choice(METERS)} > {2 * k}"])

    def effects() -> str:
        parts = []
        for meter in rng.sample(METERS, rng.randint(1, 3)):
            if rng.random() < 0.75:
                parts.append(f"{meter} = {rng.randint(-8, 8)}")
            else:
                parts.append(f'{meter} = "{rng.choice(["-", ""])}{rng.choice(METERS)} / {rng.randint(8, 20)}"')
        return "effects = { " + ", ".join(parts) + " }"

    for index in range(10):
        out += ["", "[[rules]]", f'id = "rule_{index}"', f'when = "{condition()}"', effects()]
    event_ids = [f"event_{i}" for i in range(events)]
    for index, eid in enumerate(event_ids):
        out += ["", f"[events.{eid}]", f'title = "Event {index}"', 'text = "Something happens."']
        if index % 4 == 0:
            out.append(f'when = "turn == {index // 2 + 1}"')
        elif rng.random() < 0.6:
            out.append(f'when = "{condition()}"')
        out.append(f"chance = {rng.choice([1.0, 0.7, 0.5, 0.3])}")
        if rng.random() < 0.2:
            out.append("once = false")
        if index % 12 == 11:
            out.append("triggered_only = true")
        for c in range(rng.randint(2, 3)):
            out += ["", f"[[events.{eid}.choices]]", f'id = "choice_{c}"', f'label = "Choice {c}"', effects()]
            if c > 0 and rng.random() < 0.3:
                out.append(f'requires = "{condition()}"')
            if rng.random() < 0.3:
                out.append(f'set = ["{rng.choice(FLAGS)}"]')
            if rng.random() < 0.15:
                out.append(f'schedule = [{{ event = "{rng.choice(event_ids)}", in = {rng.randint(1, 3)} }}]')
            if rng.random() < 0.2:
                for weight in (3, 1):
                    out += ["", f"[[events.{eid}.choices.outcomes]]", f"weight = {weight}", effects()]
    for index in range(6):
        out += ["", f"[actions.action_{index}]", f'label = "Action {index}"', f"cooldown = {rng.randint(0, 3)}",
                effects()]
        if rng.random() < 0.5:
            out.append(f'requires = "{condition()}"')
    endings = [("collapse", "defeat", "alliance <= 10"), ("rupture", "defeat", "trust <= 5"),
               ("breakthrough", "victory", "treaty >= 95 and trust >= 60"),
               ("treaty", "victory", "final and treaty >= 70"), ("thaw", "draw", "final and trust >= 55")]
    for eid, kind, when in endings:
        out += ["", f"[endings.{eid}]", f'title = "{eid.title()}"', f'kind = "{kind}"', 'text = "..."',
                f'when = "{when}"']
    out += ["", "[endings.stalemate]", 'title = "Stalemate"', 'kind = "draw"', 'text = "..."', "fallback = true"]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2015)
    parser.add_argument("--events", type=int, default=48)
    args = parser.parse_args()
    print(generate(args.seed, args.events), end="")


if __name__ == "__main__":
    main()

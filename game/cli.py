"""The `crossroads` command. Every user mistake ends in one clear message.

Exit codes: 0 fine, 1 the content is invalid or a check failed, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
import typing
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from game import paths
from game.engine.text import clean_line
from game.files import display
from game.engine import IllegalMove, Scenario, ScenarioError, load_scenario, new_game
from game.engine.loader import suggest
from game.engine.policies import POLICIES, play

OK, FAILED, USAGE = 0, 1, 2


class UsageError(Exception):
    """The command line asks for something that cannot be done as asked."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as error:  # it may quote a path or a save: cleaned for the terminal
        print(f"crossroads: {clean_line(str(error))}", file=sys.stderr)
        return USAGE
    except ScenarioError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stdout = None
        return OK


class _Parser(argparse.ArgumentParser):
    """argparse's usage errors quote the command line, which may hold control characters."""

    def error(self, message: str) -> typing.NoReturn:
        super().error(clean_line(message))


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="crossroads",
        description="Crossroads: Tokyo's seat between Washington and Moscow, from 2015.",
    )
    parser.set_defaults(handler=_title_screen)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    listing = commands.add_parser("scenarios", help="list the shipped scenarios")
    listing.add_argument("--json", action="store_true", help="print JSON for programs")
    listing.set_defaults(handler=_scenarios)

    validate = commands.add_parser("validate", help="check scenario files and report every problem")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.add_argument("--json", action="store_true", help="print JSON for programs and editors")
    validate.set_defaults(handler=_validate)

    lint = commands.add_parser("lint", help="warn about what is valid but almost surely a mistake")
    lint.add_argument("paths", nargs="+", metavar="PATH", help="scenario files, or ids of shipped ones")
    lint.add_argument("--json", action="store_true", help="print JSON for programs and editors")
    lint.set_defaults(handler=_lint)

    run = commands.add_parser("run", help="play a scenario by script and print a transcript")
    run.add_argument("scenario", metavar="PATH", help="a scenario file, or the id of a shipped one")
    run.add_argument("--seed", type=int, required=True, help="the seed that fixes every roll")
    run.add_argument("--choices", default="", metavar="C1,C2,…",
                     help="answers to events in order: choice ids or 1-based numbers")
    run.add_argument("--policy", choices=sorted(POLICIES), default="first",
                     help="how to play after the listed choices run out (default: first)")
    run.add_argument("--save", metavar="FILE", help="also write the finished game as a save file")
    run.add_argument("--json", action="store_true", help="print one JSON object instead of a transcript")
    run.set_defaults(handler=_run)

    replay = commands.add_parser("replay", help="replay a save file and check that it still matches")
    replay.add_argument("save", metavar="SAVE")
    replay.add_argument("--scenario", metavar="PATH", help="the scenario file, if not where the save says")
    replay.add_argument("--json", action="store_true", help="print the replayed game as one JSON object")
    replay.set_defaults(handler=_replay)
    return parser


def _title_screen(args: argparse.Namespace) -> int:
    from game.tui.app import run_app  # Textual is imported only when the app starts

    return run_app()


def resolve_scenario(name: str) -> Path:
    """A path as given, or the shipped scenario with that id."""
    path = Path(name)
    if path.exists() or path.suffix == ".toml" or "/" in name:
        return path
    shipped = {p.stem: p for p in paths.shipped_scenario_files()}
    if name in shipped:
        return shipped[name]
    hint = suggest(name, shipped) or "shipped: " + ", ".join(sorted(shipped))
    raise UsageError(f"no scenario file or shipped scenario called `{name}` ({hint})")


def _scenarios(args: argparse.Namespace) -> int:
    rows, status = [], OK
    for path in paths.shipped_scenario_files():
        try:
            s = load_scenario(path)
        except ScenarioError as error:
            rows.append({"id": path.stem, "path": str(path), "error": str(error.problems[0])})
            status = FAILED
            continue
        rows.append({"id": s.id, "title": s.title, "turns": s.turns, "months_per_turn": s.months_per_turn,
                     "start": s.start.isoformat(), "path": str(path)})
    if args.json:
        print(json.dumps(rows, indent=2))
        return status
    for row in rows:
        if "error" in row:
            print(f"{row['id']:<20} INVALID: {row['error']}")
        else:
            span = f"{row['turns']} turns × {row['months_per_turn']} month(s) from {row['start'][:7]}"
            print(f"{row['id']:<20} {row['title']} — {span}")
    return status


def _validate(args: argparse.Namespace) -> int:
    status, report = OK, []
    for name in args.paths:
        try:
            s = load_scenario(name)
        except ScenarioError as error:
            status = FAILED
            report.append({"file": name, "ok": False, "problems": [asdict(p) for p in error.problems]})
            if not args.json:
                for problem in error.problems:
                    print(problem)
                print(f"{display(name)}: {_count(len(error.problems), 'problem')}")
            continue
        report.append({"file": name, "ok": True, "problems": []})
        if args.json:
            continue
        counts = ", ".join(_count(n, what) for n, what in (
            (s.turns, "turn"), (len(s.events), "event"), (len(s.actions), "action"), (len(s.endings), "ending")))
        print(f"{display(name)}: ok — {s.title}: {counts}")
    if args.json:
        print(json.dumps(report, indent=2))
    return status


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _load(name: str) -> Scenario:
    return load_scenario(resolve_scenario(name))


def _run(args: argparse.Namespace) -> int:
    from game.tools.transcript import summary, transcript

    scenario = _load(args.scenario)
    scripted = [c.strip() for c in args.choices.split(",") if c.strip()]
    state = new_game(scenario, args.seed)
    try:
        for state in play(state, POLICIES[args.policy], scripted):
            pass
    except IllegalMove as error:
        raise UsageError(f"--choices: {error}") from None
    if args.save:
        _write_save(Path(args.save), state)
    if args.json:
        print(json.dumps(summary(state), indent=2))
    else:
        for line in transcript(state):
            print(line)
    return OK


def _write_save(path: Path, state) -> None:
    from game import saves

    try:
        saves.write_save(path, state, player="crossroads run")
    except saves.SaveError as error:
        raise UsageError(str(error)) from None


def _replay(args: argparse.Namespace) -> int:
    from game import saves
    from game.tools.transcript import summary, transcript

    try:
        save = saves.read_save(Path(args.save))
        # The save names the file it was made from for information only: a shared save
        # could point anywhere (a FIFO, /dev/zero), so that path is never opened.
        scenario = load_scenario(Path(args.scenario)) if args.scenario else _shipped_scenario(save)
        loaded = saves.load_game(Path(args.save), scenario)
    except saves.SaveError as error:
        print(f"crossroads: {error}", file=sys.stderr)
        return FAILED
    for warning in loaded.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps(summary(loaded.state), indent=2))
        return OK
    for line in transcript(loaded.state):
        print(line)
    print(f"\nReplayed {len(loaded.save.decisions)} decisions: the save matches.")
    return OK


def _shipped_scenario(save) -> Scenario:
    """The shipped scenario with the save's scenario id."""
    by_name = {p.stem: p for p in paths.shipped_scenario_files()}
    candidates = [by_name[save.scenario_id]] if save.scenario_id in by_name else list(by_name.values())
    for path in candidates:
        try:
            scenario = load_scenario(path)
        except ScenarioError:
            continue
        if scenario.id == save.scenario_id:
            return scenario
    raise UsageError(f"{save.path}: this save is for scenario `{save.scenario_id}`, which is not shipped "
                     f"with Crossroads; give its file with --scenario PATH "
                     f"(the save was made from {save.scenario_path or 'an unnamed file'})")


def _lint(args: argparse.Namespace) -> int:
    from game.tools.lint import lint_file

    status, report = OK, []
    for name in args.paths:
        path = resolve_scenario(name)
        try:
            warnings = lint_file(path)
        except ScenarioError as error:  # not valid: lint has nothing to add to validate
            status = FAILED
            report.append({"file": str(path), "valid": False, "problems": [asdict(p) for p in error.problems],
                           "warnings": []})
            if not args.json:
                for problem in error.problems:
                    print(problem)
                print(f"{path}: not valid ({_count(len(error.problems), 'problem')}); fix it before linting")
            continue
        status = FAILED if warnings else status
        report.append({"file": str(path), "valid": True, "problems": [], "warnings": [asdict(w) for w in warnings]})
        if not args.json:
            for warning in warnings:
                print(warning)
            print(f"{path}: {_count(len(warnings), 'warning')}" if warnings else f"{path}: clean")
    if args.json:
        print(json.dumps(report, indent=2))
    return status

"""The `crossroads` command. Every user mistake ends in one clear message.

Exit codes: 0 fine, 1 the content is invalid or a check failed, 2 bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import sys
import typing
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path

from game import paths
from game.engine.text import clean_line
from game.files import display
from game.engine import ScenarioError
from game.engine.problems import suggest

if typing.TYPE_CHECKING:
    from game.engine import Scenario
    from game.saves import LoadedGame

# The loader (and pydantic, when a file needs its messages) costs a good part of a bare
# Textual app's start-up: it is imported by the commands that load a file, never by the title.


def load_scenario(path: str | Path, *, cache: Path | None = None) -> Scenario:
    from game.engine.loader import load_scenario as load

    return load(path, cache=cache)


def scenario_cache() -> Path:
    """Where the app's commands (`crossroads`, `crossroads play`) keep the parsed TOML of the scenarios
    they load, for `play`, New game, Continue and Load (game.engine.parse_cache): parsing the
    flagship again at every start took 4% of the start-up to the first game screen."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("crossroads", appauthor=False)) / "scenarios"


def new_game(scenario: Scenario, seed: int):
    from game.engine.turns import new_game as start

    return start(scenario, seed)


OK, FAILED, USAGE = 0, 1, 2


class CheckFailed(Exception):
    """A file the command needs is unreadable or fails its check (exit 1)."""


class UsageError(Exception):
    """The command line asks for something that cannot be done as asked."""


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(argv)
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
    except CheckFailed as error:  # a save that cannot be opened: the content is at fault
        print(f"crossroads: {clean_line(str(error))}", file=sys.stderr)
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


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser; for the app's own start (`crossroads`, `crossroads play …`) only the
    play command's, as the others' arguments are not needed there (2 ms of every start-up)."""
    parser = _Parser(
        prog="crossroads",
        description="Crossroads: Tokyo's seat between Washington and Moscow, from 2015. "
                    "Run without a command to open the title screen (continue, new game, load).",
    )
    parser.set_defaults(handler=_title_screen)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _play_command(commands)
    if argv is None or argv[:1] not in ([], ["play"]):
        _other_commands(commands)
    return parser


def _play_command(commands: typing.Any) -> None:
    play = commands.add_parser("play", help="start a game directly (of a shipped scenario or your own file)")
    play.add_argument("scenario", nargs="?", metavar="SCENARIO-ID|PATH",
                      help="a shipped scenario's id or a scenario file (default: the flagship, "
                           "or the scenario of --load)")
    play.add_argument("--seed", type=_seed, metavar="N",
                      help="the class code: the same code gives everyone the same world (default: a new one)")
    play.add_argument("--name", default="", metavar="NAME", help="your name, written into your saves")
    play.add_argument("--load", metavar="SAVE", help="a save file, or the name of a save in the save folder")
    play.add_argument("--saves-dir", metavar="DIR",
                      help="keep saves in DIR (default: $CROSSROADS_SAVES, else your user data folder)")
    play.add_argument("--watch", action="store_true",
                      help="for authors: reload the scenario file whenever it changes and replay your decisions")
    play.set_defaults(handler=_play)


def _other_commands(commands: typing.Any) -> None:
    listing = commands.add_parser("scenarios", help="list the shipped scenarios")
    listing.add_argument("--json", action="store_true", help="print JSON for programs")
    listing.set_defaults(handler=_scenarios)

    validate = commands.add_parser("validate", help="check scenario files and report every problem")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="scenario files, or ids of shipped ones")
    validate.add_argument("--json", action="store_true", help="print JSON for programs and editors")
    validate.set_defaults(handler=_validate)

    lint = commands.add_parser("lint", help="warn about what is valid but almost surely a mistake")
    lint.add_argument("paths", nargs="+", metavar="PATH", help="scenario files, or ids of shipped ones")
    lint.add_argument("--json", action="store_true", help="print JSON for programs and editors")
    lint.set_defaults(handler=_lint)

    schema = commands.add_parser("schema", help="print the JSON Schema of the scenario format, for editors")
    schema.set_defaults(handler=_schema)

    new = commands.add_parser("new", help="write a small commented scenario to start from")
    new.add_argument("name", metavar="NAME", help="the file to write, NAME.toml; NAME is also the scenario's id")
    new.set_defaults(handler=_new)

    run = commands.add_parser("run", help="play a scenario by script and print a transcript")
    run.add_argument("scenario", metavar="PATH", help="a scenario file, or the id of a shipped one")
    run.add_argument("--seed", type=int, required=True, help="the seed that fixes every roll")
    run.add_argument("--choices", default="", metavar="C1,C2,…",
                     help="a line of play in order: answers to events (choice ids or 1-based numbers), "
                          "standing actions by id, and `end` to end a turn")
    run.add_argument("--policy", default="first", metavar="POLICY",
                     help="how to play once the listed entries run out: first, random, greedy:<meter> "
                          "or cautious:<meter> (default: first)")
    run.add_argument("--save", metavar="FILE", help="also write the finished game as a save file")
    run.add_argument("--json", action="store_true", help="print one JSON object instead of a transcript")
    run.set_defaults(handler=_run)

    simulate = commands.add_parser("simulate", help="play many games with a policy and report what happens")
    simulate.add_argument("scenario", metavar="PATH", help="a scenario file, or the id of a shipped one")
    simulate.add_argument("--runs", type=_positive, default=None, metavar="N",
                          help="how many games (default: 1000); game k is `run --seed S+k`")
    simulate.add_argument("--policy", default="random", metavar="POLICY",
                          help="first, random, greedy:<meter> or cautious:<meter> (default: random)")
    simulate.add_argument("--seed", type=int, default=None, metavar="S", help="the seed of game 0 (default: 1)")
    simulate.add_argument("--jobs", type=_positive, default=1, metavar="K",
                          help="share the games among K processes (the same counts as one)")
    simulate.add_argument("--json", action="store_true", help="print one JSON object for programs")
    simulate.add_argument("--check", action="store_true",
                          help="play the scenario's [[balance]] targets; exit 1 if one is missed")
    simulate.set_defaults(handler=_simulate)

    replay = commands.add_parser("replay", help="replay a save file and check that it still matches")
    replay.add_argument("save", metavar="SAVE")
    replay.add_argument("--scenario", metavar="PATH", help="the scenario file, if not where the save says")
    replay.add_argument("--json", action="store_true", help="print the replayed game as one JSON object")
    replay.set_defaults(handler=_replay)

    report = commands.add_parser("report", help="an after-action report of one saved game, with what-ifs")
    report.add_argument("save", metavar="SAVE", help="a save file (from the game, or run --save)")
    report.add_argument("--format", choices=("md", "html"), default="md", help="Markdown (default) or one HTML file")
    report.add_argument("--out", metavar="FILE", help="write the report to FILE instead of printing it")
    report.add_argument("--force", action="store_true", help="let --out replace an existing file")
    report.add_argument("--continuations", type=_count_arg, default=100, metavar="N",
                        help="random games behind each what-if (default 100; 0 leaves the what-ifs out)")
    report.add_argument("--scenario", metavar="PATH", help="the scenario file, if it is not a shipped one")
    report.set_defaults(handler=_report)

    whatif = commands.add_parser("whatif", help="what each other choice at one decision would have led to")
    whatif.add_argument("save", metavar="SAVE", help="a save file (from the game, or run --save)")
    whatif.add_argument("--turn", type=_positive, required=True, help="the turn of the decision")
    whatif.add_argument("--event", metavar="ID|TITLE",
                        help="the event (its id or its title), when the turn had more than one")
    whatif.add_argument("--continuations", type=_count_arg, default=100, metavar="N",
                        help="random games behind each choice (default 100)")
    whatif.add_argument("--scenario", metavar="PATH", help="the scenario file, if it is not a shipped one")
    whatif.set_defaults(handler=_whatif)

    klass = commands.add_parser("class-report", help="summarise a class's saved games (files or a folder)")
    klass.add_argument("saves", nargs="+", metavar="SAVE|DIR", help="save files, or folders of them")
    klass.add_argument("--format", choices=("md", "html", "csv"), default="md",
                       help="Markdown (default), one HTML file, or CSV with one row per player")
    klass.add_argument("--out", metavar="FILE", help="write the report to FILE instead of printing it")
    klass.add_argument("--force", action="store_true", help="let --out replace an existing file")
    klass.add_argument("--scenario", metavar="PATH", help="the scenario file, if it is not a shipped one")
    klass.set_defaults(handler=_class_report)

    diff = commands.add_parser("diff", help="two saved games of one scenario side by side")
    diff.add_argument("save_a", metavar="SAVE_A", help="the first game's save file (A)")
    diff.add_argument("save_b", metavar="SAVE_B", help="the second game's save file (B)")
    diff.add_argument("--scenario", metavar="PATH", help="the scenario file, if it is not a shipped one")
    diff.set_defaults(handler=_diff)

    serve = commands.add_parser("serve", help="serve the game to web browsers (a classroom without installs)")
    serve.add_argument("scenario", nargs="?", metavar="SCENARIO-ID|PATH",
                       help="start every browser in this scenario (default: the title screen)")
    serve.add_argument("--seed", type=_seed, help="the class code every game starts from")
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for a room)")
    serve.add_argument("--port", type=_positive, default=8000, help="the port (default 8000)")
    serve.add_argument("--public-url", metavar="URL",
                       help="the address students type, if not this machine's own (e.g. behind a proxy)")
    serve.set_defaults(handler=_serve)


def _title_screen(args: argparse.Namespace) -> int:
    with _collector_off_until_drawn():
        from game.tui.app import run_app  # Textual is imported only when the app starts

        return run_app(when_drawn=_keep_start_up_objects, scenario_cache=scenario_cache())


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a seed is a whole number, like 4711, not {text!r}") from None
    if not 0 <= value < 1_000_000_000:
        raise argparse.ArgumentTypeError("a seed is a whole number from 0 to 999999999")
    return value


def _play(args: argparse.Namespace) -> int:
    """Open the app on a game: a new one of a scenario, or a save (checked here, before the screen clears)."""
    with _collector_off_until_drawn():
        scenario, loaded, folder = _game_to_open(args)
        if scenario is None:
            return FAILED
        from game.tui.app import run_app  # Textual is imported only when the app starts

        return run_app(scenario=scenario, seed=args.seed, player=clean_line(args.name).strip()[:40],
                       loaded=loaded, saves_dir=folder, watch=args.watch, when_drawn=_keep_start_up_objects,
                       scenario_cache=scenario_cache())


@contextlib.contextmanager
def _collector_off_until_drawn() -> Iterator[None]:
    """The garbage collector off while the app starts; the app turns it on again when its first
    screen is drawn (_keep_start_up_objects), and this does if it ends, or fails, before that."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _keep_start_up_objects() -> None:
    """The garbage collector back on, leaving what start-up built out of its full passes.

    The app commands keep the collector off from the start until their first screen
    (the title, or the game) has been drawn; the app calls this then (or when it
    ends without drawing one). The modules imported, the scenario loaded and the
    screens built (some 100,000 objects) live as long as the app, yet the collector
    walked them again and again while they were being built, and at every full pass
    and at exit: about a tenth of the CPU to the first game screen, and 5% of the
    title's (docs/benchmarks.md). gc.freeze moves them to the permanent generation,
    which the collector skips. The price: the few thousand objects that start-up
    left for the collector (the briefing's screen, say) are never freed, about a
    megabyte once.
    """
    gc.freeze()
    gc.enable()


def _game_to_open(args: argparse.Namespace) -> tuple[Scenario | None, LoadedGame | None, Path]:
    """The scenario to play and the save to resume (None, None when the save cannot be read: said here)."""
    from game import saves

    folder = paths.save_folder(args.saves_dir)
    if args.load and args.seed is not None:
        raise UsageError("--seed cannot be used with --load: the save keeps its own seed")
    loaded = None
    if args.load:
        save_file = _save_file(args.load, folder)
        try:
            save = saves.read_save(save_file)
            if args.scenario:
                scenario = _load(args.scenario, cache=scenario_cache())
            else:
                from game.tui.sessions import scenario_path_for

                where = scenario_path_for(save)
                if where is None:
                    raise UsageError(f"{args.load}: the scenario `{save.scenario_id}` of this save is neither at "
                                     f"{save.scenario_path} nor shipped; name its file: "
                                     f"crossroads play PATH --load {args.load}")
                scenario = load_scenario(where, cache=scenario_cache())
            loaded = saves.load_game(save_file, scenario)
        except saves.SaveError as error:
            print(f"crossroads: {error}", file=sys.stderr)
            return None, None, folder
    else:
        scenario = _load(args.scenario or _flagship(), cache=scenario_cache())
    return scenario, loaded, folder


def _flagship() -> str:
    shipped = [p.stem for p in paths.shipped_scenario_files()]
    if not shipped:
        raise UsageError("no shipped scenarios were found; name a scenario file: crossroads play PATH")
    return "crossroads-2015" if "crossroads-2015" in shipped else shipped[0]


def _save_file(name: str, folder: Path) -> Path:
    """A save given as a path, or by its name in the save folder."""
    path = Path(name).expanduser()
    if path.exists() or "/" in name or "\\" in name:
        return path
    from game import saves

    try:
        return saves.save_path(folder, name)
    except saves.SaveError as error:
        raise UsageError(f"--load: {error}") from None


def _shipped_or_path(name: str) -> Path:
    """A shipped scenario's file for its id; anything else as the path it is (the loader says
    plainly when that path is missing), so validate reports a missing file with its problems."""
    path = Path(name)
    if path.exists() or path.suffix == ".toml" or "/" in name:
        return path
    try:
        return resolve_scenario(name)
    except UsageError:
        return path


def resolve_scenario(name: str) -> Path:
    """A path as given, or the shipped scenario with that id."""
    path = Path(name)
    if path.exists() or path.suffix == ".toml" or "/" in name:
        return path
    shipped = {p.stem: p for p in paths.shipped_scenario_files()}
    if name in shipped:
        return shipped[name]
    from game.catalog import shipped_headers

    by_id = {header.id: header.path for header in shipped_headers()}  # ids as `scenarios` lists them
    if name in by_id:
        return by_id[name]
    if Path(f"{name}.toml").is_file():  # an author's own file, named as a shipped one would be
        hint = f"did you mean the file `{name}.toml`?"
    else:
        hint = suggest(name, {**shipped, **by_id}) or "shipped: " + ", ".join(sorted(by_id))
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
            print(f"{clean_line(row['id']):<20} INVALID: {row['error']}")
        else:
            span = f"{_count(row['turns'], 'turn')} × {_count(row['months_per_turn'], 'month')} from {row['start'][:7]}"
            print(f"{row['id']:<20} {row['title']} — {span}")
    return status


def _validate(args: argparse.Namespace) -> int:
    status, report = OK, []
    for name in args.paths:
        try:
            s = load_scenario(_shipped_or_path(name))
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


def _load(name: str, *, cache: Path | None = None) -> Scenario:
    return load_scenario(resolve_scenario(name), cache=cache)


def _run(args: argparse.Namespace) -> int:
    from game.tools.script import ScriptError, details, play_script
    from game.tools.transcript import summary, transcript

    scenario = _load(args.scenario)
    policy = _policy(args.policy, scenario)
    scripted = [c.strip() for c in args.choices.split(",") if c.strip()]
    try:
        state = play_script(new_game(scenario, args.seed), scripted, policy)
    except ScriptError as error:  # show the game so far, then what went wrong and what was open
        if args.json:
            print(json.dumps({**summary(error.state), **details(error.state), "error": str(error),
                              "open": list(error.open_options)}, indent=2))
        else:
            for line in transcript(error.state):
                print(line)
        raise UsageError(f"--choices: {error}") from None
    if args.save:
        _write_save(Path(args.save), state)
    if args.json:
        print(json.dumps({**summary(state), **details(state)}, indent=2))
    else:
        for line in transcript(state):
            print(line)
    return OK


def _policy(name: str, scenario: Scenario):
    from game.engine.policies import policy_named

    try:
        return policy_named(name, scenario)
    except ValueError as error:
        raise UsageError(f"--policy: {error}") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, not {value}")
    return value


def _simulate(args: argparse.Namespace) -> int:
    from game import files
    from game.engine.loader import MAX_FILE_BYTES, load_scenario_bytes
    from game.tools.simulate import run_simulate

    path = resolve_scenario(args.scenario)
    try:  # the bytes are kept: --jobs hands them to each process
        source = files.read_capped(path, MAX_FILE_BYTES, what="scenario file")
    except files.UnreadableFile:
        load_scenario(path)  # says why, as every command does
        raise
    scenario = load_scenario_bytes(source, str(path))
    if not args.check:
        _policy(args.policy, scenario)
    return run_simulate(scenario, source, args)


def _write_save(path: Path, state) -> None:
    from game import saves

    try:
        saves.write_save(path, state, player="crossroads run")
    except saves.SaveError as error:
        raise UsageError(str(error)) from None


def _replay(args: argparse.Namespace) -> int:
    from game.tools.transcript import summary, transcript

    loaded = _open_saved(args.save, args.scenario)
    if args.json:
        from game.tools.script import details

        print(json.dumps({**summary(loaded.state), **details(loaded.state)}, indent=2))
        return OK
    for line in transcript(loaded.state):
        print(line)
    print(f"\nReplayed {_count(len(loaded.save.decisions), 'decision')}: the save matches.")
    return OK


def _new(args: argparse.Namespace) -> int:
    from game.tools.scaffold import ScaffoldError, write_scenario

    try:
        written = write_scenario(args.name)
    except ScaffoldError as error:
        raise UsageError(str(error)) from None
    print(f"Wrote {written.scenario}: a small scenario that validates, lints clean and reaches each ending.")
    if written.schema is not None:
        print(f"Wrote {written.schema} beside it, so editors can complete and check keys (docs/editor.md).")
    print(f"Next: crossroads run {written.scenario} --seed 1")
    return OK


def _schema(args: argparse.Namespace) -> int:
    from game.tools.schema_export import schema_text

    sys.stdout.write(schema_text())
    return OK


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
                print(f"{display(path)}: not valid ({_count(len(error.problems), 'problem')}); fix it before linting")
            continue
        status = FAILED if warnings else status
        report.append({"file": str(path), "valid": True, "problems": [], "warnings": [asdict(w) for w in warnings]})
        if not args.json:
            for warning in warnings:
                print(warning)
            print(f"{display(path)}: {_count(len(warnings), 'warning')}" if warnings else f"{display(path)}: clean")
    if args.json:
        print(json.dumps(report, indent=2))
    return status


def _count_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if not 0 <= value <= 100_000:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 100000, not {value}")
    return value


def _open_saved(name: str, scenario: str | None):
    from game.tools.saved import open_game

    from game.saves import SaveError
    from game.tools.saved import NotShipped

    try:
        loaded = open_game(Path(name), Path(scenario) if scenario else None)
    except NotShipped as error:
        raise UsageError(str(error)) from None
    except SaveError as error:
        raise CheckFailed(str(error)) from None
    for warning in loaded.warnings:
        print(f"warning: {clean_line(warning)}", file=sys.stderr)
    return loaded


def _deliver(text: str, out: str | None, force: bool) -> int:
    """Print the text, or write it to `out` (never over an existing file unless --force)."""
    if out is None:
        sys.stdout.write(text)
        return OK
    from game import files

    target = Path(out)
    if target.exists() and not force:
        raise UsageError(f"{files.display(target)} exists already; choose another name or add --force")
    try:
        tmp = target.with_name(f".{target.name}.writing")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    except OSError as error:
        raise UsageError(f"cannot write {files.display(target)}: {error.strerror or error}") from None
    print(f"wrote {files.display(target)}", file=sys.stderr)
    return OK


def _report(args: argparse.Namespace) -> int:
    from game.tools.report import report

    loaded = _open_saved(args.save, args.scenario)
    text = report(loaded.state, loaded.save.player, args.format, args.continuations)
    return _deliver(text, args.out, args.force)


def _whatif(args: argparse.Namespace) -> int:
    from game.tools.report import render
    from game.tools.whatif import what_ifs

    loaded = _open_saved(args.save, args.scenario)
    decisions = loaded.state.decisions
    events = loaded.state.scenario.events
    on_turn = [i for i, d in enumerate(decisions) if d.kind == "event" and d.turn == args.turn]
    wanted = (args.event or "").casefold()
    indexes = [i for i in on_turn if not wanted or wanted in (decisions[i].id.casefold(),
                                                               events[decisions[i].id].title.casefold())]
    if not indexes:
        if on_turn:
            answered = "; ".join(f"{decisions[i].id} (“{events[decisions[i].id].title}”)" for i in on_turn)
            raise UsageError(f"turn {args.turn} has no answered event `{args.event}`; its events were: {answered}")
        turns = sorted({d.turn for d in decisions if d.kind == "event"})
        raise UsageError(f"this game has no answer to an event on turn {args.turn} (events were answered on "
                         f"turns {', '.join(map(str, turns)) or 'none'})")
    found = what_ifs(loaded.state, args.continuations, indexes)
    found.sort(key=lambda w: w.index)
    labels = {mid: m.label for mid, m in loaded.state.scenario.meters.items()}
    sys.stdout.write(render("whatif.md.j2", "md", whatifs=found, continuations=args.continuations, labels=labels))
    return OK


def _class_report(args: argparse.Namespace) -> int:
    from game.tools.class_report import class_csv, class_report, collect

    groups, rejected = collect(args.saves, args.scenario)
    if not groups and not rejected:
        raise UsageError("no save files found in " + ", ".join(clean_line(s) for s in args.saves))
    for bad in rejected:
        print(f"left out: {bad.file}: {bad.reason}", file=sys.stderr)
    if args.format == "csv":
        text = class_csv(groups, rejected)
    else:
        text = class_report(groups, rejected, args.format)
    status = _deliver(text, args.out, args.force)
    return FAILED if rejected else status


def _diff(args: argparse.Namespace) -> int:
    from game.tools.diff import diff_games
    from game.tools.report import render

    a = _open_saved(args.save_a, args.scenario)
    b = _open_saved(args.save_b, args.scenario)
    if a.state.scenario.id != b.state.scenario.id:
        raise UsageError(f"the saves are of different scenarios (`{a.state.scenario.id}` and "
                         f"`{b.state.scenario.id}`): diff compares two games of one scenario")
    names = (a.save.player or Path(args.save_a).stem, b.save.player or Path(args.save_b).stem)
    sys.stdout.write(render("diff.md.j2", "md", d=diff_games(a.state, b.state), names=names))
    return OK


def _serve(args: argparse.Namespace) -> int:
    from game.tui.serve import serve

    play_args = []
    if args.scenario or args.seed is not None:
        play_args = ["play"]
        if args.scenario:
            path = resolve_scenario(args.scenario)
            play_args.append(str(path.resolve()) if path.exists() else args.scenario)
        if args.seed is not None:
            play_args += ["--seed", str(args.seed)]
    return serve(args.host, args.port, play_args, args.public_url)

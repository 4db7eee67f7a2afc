"""`crossroads schema`: the scenario format as a JSON Schema, for editors.

The schema is generated from the pydantic models in `game.engine.schema`, so
it says what the loader checks, with each key's description. Taplo (and with
it VS Code's Even Better TOML) reads JSON Schema draft 4, while pydantic writes
draft 2020-12, so the output is rewritten for draft 4:

- `$defs` → `definitions`, and `$ref`s pointing at them;
- a description beside a `$ref` (ignored by draft 4) → `allOf: [{$ref}]` with it;
- `prefixItems` (a fixed-length list) → `items: [...]` with `additionalItems: false`;
- numeric `exclusiveMinimum` / `exclusiveMaximum` → `minimum` / `maximum` with `true`;
- `const` → a one-value `enum`;
- an optional key's `anyOf: [X, null]` → X (TOML has no null: leave the key out);
- `propertyNames` (a table whose keys are ids) → `patternProperties` keyed by the id pattern;
- pydantic's generated titles are dropped: the descriptions say more.

The loader's bound on literal numbers (a meter's start, min and max and an
effect's amount, within ±10^15) is checked by the loader, not by pydantic, so
it is added here as `minimum` / `maximum`, for editors to show too.

Taplo's own extension (`x-taplo`) is added: the required keys a new table is
started with (`initKeys`), and a line on each allowed value of an enum.

    scenario_schema() -> dict       the draft-4 schema
    schema_text() -> str            the same as committed in scenarios/crossroads.schema.json
"""

from __future__ import annotations

import json
from typing import Any

from game.engine.model import NUMBER_LIMIT
from game.engine.schema import ScenarioFile

DRAFT_4 = "http://json-schema.org/draft-04/schema#"
# Shown by Taplo beside each allowed value as it completes them.
ENUM_DOCS = {
    "victory": "The player has won.",
    "draw": "Neither won nor lost.",
    "defeat": "The player has lost.",
    "fact": "The situation really happened.",
    "what-if": "An invented situation.",
}
SCHEMA_FILE_NAME = "crossroads.schema.json"


def scenario_schema() -> dict[str, Any]:
    raw = ScenarioFile.model_json_schema(by_alias=True, ref_template="#/definitions/{model}")
    definitions = raw.pop("$defs", {})
    body = _draft4(raw)
    body.pop("title", None)
    definitions = {name: _draft4(definition) for name, definition in sorted(definitions.items())}
    _bound_literals(definitions)
    return {
        "$schema": DRAFT_4,
        "title": "Crossroads scenario",
        "description": "A scenario for Crossroads, the terminal diplomacy game: see docs/scenario-format.md.",
        **body,
        "definitions": definitions,
    }


def _bound_literals(definitions: dict[str, Any]) -> None:
    bounds = {"minimum": -NUMBER_LIMIT, "maximum": NUMBER_LIMIT}
    for key in ("start", "min", "max"):
        definitions["Meter"]["properties"][key].update(bounds)
    for table in definitions.values():
        effects = table.get("properties", {}).get("effects")
        for amount in (effects or {}).get("patternProperties", {}).values():
            for branch in amount.get("anyOf", ()):
                if branch.get("type") == "integer":
                    branch.update(bounds)


def schema_text() -> str:
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


def _draft4(node: Any) -> Any:
    """`node` rewritten for draft 4, recursively."""
    if isinstance(node, list):
        return [_draft4(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    if "properties" not in node:  # keep a table's name (e.g. "Event"), drop generated key titles
        node.pop("title", None)
    if "anyOf" in node:  # an optional value: TOML has no null, the key is simply left out
        branches = [b for b in node["anyOf"] if b != {"type": "null"}]
        if len(branches) < len(node["anyOf"]):
            if node.get("default", 0) is None:
                del node["default"]
            if len(branches) == 1:
                del node["anyOf"]
                node = {**branches[0], **node}
            else:
                node["anyOf"] = branches
    if "$ref" in node and len(node) > 1:  # draft 4 ignores everything beside a $ref
        node["allOf"] = [{"$ref": node.pop("$ref")}]
    if "prefixItems" in node:
        node["items"] = node.pop("prefixItems")
        node["additionalItems"] = False
    for key, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(node.get(key), (int, float)) and not isinstance(node.get(key), bool):
            node[bound] = node.pop(key)
            node[key] = True
    if "const" in node:
        node["enum"] = [node.pop("const")]
    if "propertyNames" in node:  # draft 6; draft 4 can match key patterns only
        names = node.pop("propertyNames")
        if "pattern" in names and "patternProperties" not in node:
            node["patternProperties"] = {names["pattern"]: node.pop("additionalProperties", {})}
    if "patternProperties" in node:  # a key that is not an id is a mistake
        node["additionalProperties"] = False
    if node.get("required") and "properties" in node:
        node["x-taplo"] = {"initKeys": list(node["required"])}
    if "enum" in node and all(value in ENUM_DOCS for value in node["enum"]):
        node["x-taplo"] = {"docs": {"enumValues": [ENUM_DOCS[value] for value in node["enum"]]}}
    out = {}
    for key, value in node.items():
        if key in ("properties", "patternProperties"):  # maps of names to schemas
            out[key] = {name: _draft4(schema) for name, schema in value.items()}
        elif key in ("items", "additionalProperties", "allOf", "anyOf", "oneOf", "not"):
            out[key] = _draft4(value)
        else:  # enum, default, required, bounds, description...: values, not schemas
            out[key] = value
    return out

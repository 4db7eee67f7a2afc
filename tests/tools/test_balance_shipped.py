"""Every shipped scenario meets the [[balance]] targets it declares, so a content edit
that breaks the balance fails the build (the same check as `crossroads simulate PATH --check`)."""

from __future__ import annotations

import pytest

from game import paths
from game.engine import load_scenario
from game.tools.simulate import check_targets

SHIPPED = paths.shipped_scenario_files()


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_scenario_meets_its_balance_targets(path):
    scenario = load_scenario(path)
    if not scenario.balance:
        pytest.skip(f"{path.name} declares no [[balance]] targets")
    missed = [r.line() for r in check_targets(scenario, path.read_bytes()) if not r.met]
    assert not missed, f"{path.name}: balance targets missed:\n" + "\n".join(missed)

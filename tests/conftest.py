"""Every test session has user folders of its own: nothing a test does reaches the
tester's own saves, settings or caches (platformdirs reads these variables on Linux;
`crossroads play` keeps parsed scenarios in the cache folder)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _own_user_folders(tmp_path_factory):
    home = tmp_path_factory.mktemp("user")
    with pytest.MonkeyPatch.context() as patch:
        for variable, folder in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"),
                                 ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state")):
            patch.setenv(variable, str(home / folder))
        yield

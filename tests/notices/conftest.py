from __future__ import annotations

import pytest

from bot import clock
from tests.notices import world as world_module


@pytest.fixture
def frozen():
    with clock.frozen_at(world_module.NOW):
        yield


@pytest.fixture
def world(rt, frozen):
    with rt.db.session() as session:
        return world_module.build(session)

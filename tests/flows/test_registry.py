"""The engine's registry holds the product's flows, and a test's flows only while that test runs."""
from __future__ import annotations

from flows import engine
from handlers import events  # noqa: F401  (the router imports every product flow)


def test_flows_made_by_tests_do_not_leak_into_the_registry():
    from tests.flows import test_engine  # defines its flows at import

    assert test_engine.HARVEST.name not in engine.REGISTRY and test_engine.MANY.name not in engine.REGISTRY
    with engine.using(test_engine.HARVEST):
        assert engine.REGISTRY[test_engine.HARVEST.name] is test_engine.HARVEST
    assert test_engine.HARVEST.name not in engine.REGISTRY
    assert {"weekly_report", "household_report", "report_payment", "record_payment"} <= set(engine.REGISTRY)
    assert all(flow.__class__ is engine.Flow and flow.register for flow in engine.REGISTRY.values())

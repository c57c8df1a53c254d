"""Requests that break messaging-api.yml get LINE's 400, never a 5xx: every single
violation the file lets us name, and a seeded sample of requests with several at once
(`python -m benchmarks.emulator_conformance` runs the full count)."""
from __future__ import annotations

import logging

from tests.emulator.conftest import requires_openapi
from tests.emulator.violations import CASES, run_schema_invalid, run_single_violations

pytestmark = requires_openapi


def test_every_single_violation_is_answered_400():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    outcomes, spoiled = run_single_violations()
    assert spoiled == []  # every baseline request is accepted, so each 400 is the violation's doing
    assert len(outcomes) > 700 and {outcome.case for outcome in outcomes} == {case.name for case in CASES}
    assert [outcome for outcome in outcomes if outcome.status != 400] == []


def test_schema_invalid_requests_never_get_a_5xx():
    outcomes = run_schema_invalid(400)
    assert [outcome for outcome in outcomes if outcome.status >= 500] == []
    assert {outcome.status for outcome in outcomes} == {400}

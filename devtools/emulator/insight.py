"""LINE's statistics about sent messages: aggregation units used this month (messaging-api.yml)
and the insight endpoints (LINE's insight.yml): interactions with a broadcast or narrowcast,
per aggregation unit over a date range, and messages sent on a day.

Dates are yyyyMMdd in UTC+9, as LINE counts them. A day's delivery figures are "unready"
until that day is over, as on LINE, where they take about a day to count; the emulator's
`clock_offset_seconds` knob lets a test move to the next day.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, jsonify, request

from devtools.emulator.errors import NOT_FOUND, line_error, missing_parameter
from devtools.emulator.rules import AGGREGATION_UNIT_NAME
from devtools.emulator.state import current_state
from devtools.emulator.statistics import deliveries_on, interaction_figures, line_date, month_of

insight = Blueprint("line_insight", __name__)

UNIT_NAMES_PAGE = 100
UNIT_RANGE_DAYS = 30  # `to` may be at most 30 days after `from`
FIRST_COUNTED_DATE = "20170301"  # LINE has counted sent messages since 1 March 2017
BROADCASTS = ("broadcast", "narrowcast")
UNIT_SENDS = ("push", "multicast")


def invalid_parameter(name: str, message: str):
    return line_error(400, f"The value for the '{name}' parameter is invalid", [{"message": message, "property": name}])


def _date(name: str) -> str | None:
    """A yyyyMMdd query parameter that is a real date, or None."""
    value = request.args.get(name)
    if value is None or len(value) != 8 or not value.isdigit():
        return None
    try:
        datetime.strptime(value, "%Y%m%d")
    except ValueError:
        return None
    return value


@insight.get("/v2/bot/message/aggregation/info")
def unit_usage():
    state = current_state()
    with state.lock:
        return jsonify(numOfCustomAggregationUnits=len(state.aggregation_units.get(month_of(state.now()), [])))


@insight.get("/v2/bot/message/aggregation/list")
def unit_names():
    """This month's unit names, at most `limit` (above 100 counts as 100) a page, with a `next` token."""
    limit_text, start = request.args.get("limit"), request.args.get("start")
    if limit_text is not None and (not limit_text.isdigit() or int(limit_text) < 1):
        return invalid_parameter("limit", "must be a positive integer")
    limit = min(int(limit_text or UNIT_NAMES_PAGE), UNIT_NAMES_PAGE)
    state = current_state()
    with state.lock:
        names = list(state.aggregation_units.get(month_of(state.now()), []))
    if start is not None and start not in names:
        return invalid_parameter("start", "not a continuation token of this list")
    offset = names.index(start) if start else 0
    page = names[offset:offset + limit]
    more = offset + limit < len(names)
    return jsonify(customAggregationUnits=page, **({"next": names[offset + limit]} if more else {}))


@insight.get("/v2/bot/insight/message/event")
def message_event():
    """Interactions with one broadcast or narrowcast, by its request id."""
    request_id = request.args.get("requestId")
    if not request_id:
        return missing_parameter("requestId")
    state = current_state()
    with state.lock:
        send = state.sends.get(request_id)
        if send is None or send.via not in BROADCASTS:
            return line_error(404, NOT_FOUND)
        figures = interaction_figures(state, {request_id}, [send])
    for message in figures["messages"]:
        del message["uniqueImpression"]  # per bubble LINE reports only impressions here
    overview = {"requestId": request_id, "timestamp": int(send.at), "delivered": send.delivered,
                **figures["overview"]}
    return jsonify(overview=overview, messages=figures["messages"], clicks=figures["clicks"])


@insight.get("/v2/bot/insight/message/event/aggregation")
def per_unit():
    """Interactions with the pushes and multicasts of one unit sent from `from` to `to` (UTC+9)."""
    unit = request.args.get("customAggregationUnit")
    if not unit:
        return missing_parameter("customAggregationUnit")
    if not AGGREGATION_UNIT_NAME.match(unit):
        return invalid_parameter("customAggregationUnit", f"must match \"{AGGREGATION_UNIT_NAME.pattern}\"")
    dates = {}
    for name in ("from", "to"):
        if request.args.get(name) is None:
            return missing_parameter(name)
        dates[name] = _date(name)
        if dates[name] is None:
            return invalid_parameter(name, "must be a date as yyyyMMdd")
    first = datetime.strptime(dates["from"], "%Y%m%d")
    if not first <= datetime.strptime(dates["to"], "%Y%m%d") <= first + timedelta(days=UNIT_RANGE_DAYS):
        return invalid_parameter("to", f"must be from 'from' to {UNIT_RANGE_DAYS} days after it")
    state = current_state()
    with state.lock:
        chosen = {request_id: send for request_id, send in state.sends.items()
                  if send.via in UNIT_SENDS and send.unit == unit
                  and dates["from"] <= line_date(send.at) <= dates["to"]}
        figures = interaction_figures(state, set(chosen), list(chosen.values()))
    return jsonify(figures)


@insight.get("/v2/bot/insight/message/delivery")
def deliveries():
    """Messages sent on a day: ready once the day (UTC+9) is over."""
    if request.args.get("date") is None:
        return missing_parameter("date")
    date = _date("date")
    if date is None:
        return invalid_parameter("date", "must be a date as yyyyMMdd")
    if date < FIRST_COUNTED_DATE:
        return jsonify(status="out_of_service")
    state = current_state()
    if date >= line_date(state.now()):
        return jsonify(status="unready")
    return jsonify(status="ready", **deliveries_on(state, date))

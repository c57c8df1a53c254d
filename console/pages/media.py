"""Photos of weekly reports and payment slips, shown only to those who may see their report or payment."""
from __future__ import annotations

from flask import Response, abort
from sqlalchemy import String, cast, select

from bot import media
from bot.models import Loan, Payment, WeeklyReport
from bot.overview import people_with_role
from console import web

bp = web.blueprint("console_media", __name__, "/media")


def in_area(session, message_id: str) -> bool:
    area = web.area()
    if session.scalar(select(Payment.id).join(Loan, Loan.id == Payment.loan_id).where(
            Payment.slip_message_id == message_id, Loan.fund_id.in_(area.fund_ids()))) is not None:
        return True
    # The JSON list as text narrows the search on both databases; the exact check is in Python.
    lists = session.scalars(select(WeeklyReport.photo_message_ids).where(
        WeeklyReport.leader_id.in_(people_with_role(area, "leader")),
        cast(WeeklyReport.photo_message_ids, String).like(f'%"{message_id}"%')))
    return any(message_id in (ids or []) for ids in lists)


@bp.route("/<message_id>")
@web.signed_in
def show(message_id: str):
    if len(message_id) > 64 or not message_id.isalnum():
        abort(404)
    session = web.db()
    if not in_area(session, message_id):
        abort(404)
    row = web.found(media.fetch_once(web.runtime(), session, message_id))
    data = web.found(media.read(web.runtime(), row))
    web.log("view", f"media:{message_id}")
    return Response(data, mimetype=row.content_type, headers={"Cache-Control": "private, max-age=3600"})

"""People: import people, places and loans from XLSX/CSV with the CLI's row-by-row error report;
invite codes by village with role; print invite cards; reissue a lost code."""
from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Response, render_template, request
from sqlalchemy import select

from bot import area as areas
from bot import clock, thai
from bot.loans.importer import import_loans
from bot.models import InviteCode, Person, PersonRole, Subdistrict, Village
from bot.people import invites, sheets
from bot.people.importer import import_people
from bot.people.places import load_places
from bot.people.roles import role_label
from bot.people.tables import RowError, UnreadableTable, read_table
from bot.texts import console as texts
from console import web

bp = web.blueprint("console_people", __name__, "/people")
IMPORTERS = {"people": import_people, "places": load_places, "loans": import_loans}
TABLE_TYPES = {".xlsx", ".csv"}


def _villages():
    return web.db().execute(select(Village, Subdistrict.name).join(Subdistrict)
                            .where(Village.id.in_(web.area().village_ids()))
                            .order_by(Subdistrict.name, Village.moo)).all()


@bp.route("/")
@web.signed_in
def index():
    session = web.db()
    villages = _villages()
    chosen = request.args.get("village", "")
    village = web.area().village_in(session, number) if (number := web.as_id(chosen)) is not None else None
    if village is None and villages:
        village = villages[0][0]
    rows = []
    if village is not None:
        people = session.execute(select(Person, PersonRole.role).join(PersonRole, PersonRole.person_id == Person.id)
                                 .where(Person.village_id == village.id, Person.withdrawn_at.is_(None))
                                 .order_by(Person.full_name)).all()
        codes = {c.person_id: c for c in session.scalars(select(InviteCode).where(
            InviteCode.person_id.in_([p.id for p, _ in people]), InviteCode.used_at.is_(None)))
            if c.expires_at > clock.utcnow()}
        rows = [(p, role, codes.get(p.id)) for p, role in people]
    table = web.Table(f"รหัสเชิญ-หมู่{village.moo if village else ''}", "รหัสเชิญ",
                      ["ชื่อ", "บทบาท", "โทรศัพท์", "LINE", "รหัสเชิญ", "ใช้ได้ถึง"],
                      [[p.full_name, role_label(role), p.phone or "-", texts.LINKED if p.line_user_id else texts.NOT_LINKED,
                        c.code if c else "-", thai.thai_date_short(c.expires_at) if c else "-"] for p, role, c in rows])
    if village is not None:
        web.log("view", f"invites:village:{village.id}")
    return web.page("console/people.html", table, rows=rows, villages=villages, village=village, role_label=role_label,
                    thai=thai)


@bp.route("/import", methods=["POST"])
@web.signed_in
def import_file():
    kind = request.form.get("kind", "")
    upload = request.files.get("file")
    name = Path(upload.filename or "").name if upload else ""
    if kind not in IMPORTERS:
        return web.back(texts.BAD_INPUT, "error", "console_people.index")
    if not name or Path(name).suffix.lower() not in TABLE_TYPES:
        return web.back(texts.IMPORT_BAD_TYPE, "error", "console_people.index")
    session = web.db()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("upload" + Path(name).suffix.lower())
        upload.save(path)
        try:
            errors = areas.rows_outside(session, web.area(), read_table(path))
        except UnreadableTable as error:
            errors = [RowError(0, "", str(error))]
        except Exception:  # a corrupt workbook raises whatever openpyxl raises
            errors = [RowError(0, "", texts.IMPORT_BAD_TYPE)]
        report = None
        if not errors:
            report = IMPORTERS[kind](session, path)
            errors = report.errors
    if errors:
        session.rollback()
        return render_template("console/import_errors.html", errors=[str(e) for e in errors], file=name,
                               message=texts.IMPORT_FAILED.format(count=len(errors))), 422
    web.log("change", f"import:{kind}", file=name)
    return web.back(texts.IMPORT_DONE.format(summary=" ".join(report.summary())), endpoint="console_people.index")


@bp.route("/codes", methods=["POST"])
@web.signed_in
def issue():
    village = web.found(web.area().village_in(web.db(), web.form_id("village")))
    codes = invites.issue_codes(web.db(), village.id)
    web.log("change", f"invites:village:{village.id}", issued=len(codes))
    return web.back(texts.CODES_ISSUED.format(count=len(codes)), endpoint="console_people.index", village=village.id)


@bp.route("/<int:person_id>/reissue", methods=["POST"])
@web.signed_in
def reissue(person_id: int):
    session = web.db()
    person = web.found(session.scalar(select(Person).where(Person.id == person_id,
                                                          Person.village_id.in_(web.area().village_ids()))))
    code = invites.reissue(session, person)
    if code is None:
        return web.back(texts.BAD_INPUT, "error")
    web.log("change", f"person:{person.id}", step="reissue-code")
    return web.back(texts.CODE_REISSUED.format(name=person.full_name, code=code.code), endpoint="console_people.index",
                    village=person.village_id)


@bp.route("/cards/<int:village_id>.pdf")
@web.signed_in
def cards(village_id: int):
    village = web.found(web.area().village_in(web.db(), village_id))
    pdf = sheets.render_village_sheet(web.db(), village.id, web.runtime().settings.line_basic_id, "pdf")
    web.log("export", f"invite-cards:village:{village.id}")
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="invite-cards-{village.id}.pdf"'})

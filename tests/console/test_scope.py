"""Every page, export and action of the console, as officers of two districts: each sees and
changes only its own area, and another area's record is a 404 (not a 403 that tells it exists)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.models import AskedQuestion, AuditEntry, HelpCase, InviteCode, Payment

# (url, whose record it names); "{x.field}" is filled from the side under test.
PAGES = [
    "/console/",
    "/console/missing/",
    "/console/questions/",
    "/console/help/",
    "/console/loans/",
    "/console/loans/payments",
    "/console/villages/",
    "/console/villages/{village}",
    "/console/reports/weekly",
    "/console/reports/weekly/{report}",
    "/console/reports/monthly",
    "/console/reports/summary",
    "/console/people/?village={village}",
    "/console/questions/knowledge",  # the knowledge base is shared by every area: no personal data
    "/console/notices/",
    "/console/notices/new",
    "/console/notices/groups",
]
# Pages that show the side's own names, so the other side's mark must not appear.
NAMED = {"/console/missing/", "/console/questions/", "/console/help/", "/console/loans/", "/console/loans/payments",
         "/console/villages/{village}", "/console/reports/weekly", "/console/reports/weekly/{report}",
         "/console/reports/monthly", "/console/villages/", "/console/people/?village={village}",
         "/console/notices/new"}
EXPORTS = [page for page in PAGES if "{report}" not in page and page not in ("/console/", "/console/notices/new",
                                                                                "/console/notices/groups")]
RECORDS = ["/console/villages/{village}", "/console/reports/weekly/{report}", "/console/people/cards/{village}.pdf",
           "/console/media/{photo}", "/console/media/{slip}"]


def fill(url: str, side) -> str:
    return url.format(**vars(side))


@pytest.mark.parametrize("url", PAGES)
def test_each_officer_sees_only_their_own_area(officer_of, world, url):
    for mine, theirs in ((world.a, world.b), (world.b, world.a)):
        officer = officer_of(mine.username)
        response = officer.get(fill(url, mine))
        html = response.get_data(as_text=True)
        assert response.status_code == 200, html
        assert theirs.mark not in html
        if url in NAMED:
            assert mine.mark in html


@pytest.mark.parametrize("url", EXPORTS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_list_exports_only_the_area(officer_of, world, url, fmt):
    officer = officer_of(world.a.username)
    joiner = "&" if "?" in url else "?"
    response = officer.get(fill(url, world.a) + f"{joiner}format={fmt}")
    assert response.status_code == 200
    body = response.data
    if fmt == "csv":
        text = body.decode("utf-8-sig")
        assert world.b.mark not in text
    else:
        from io import BytesIO

        from openpyxl import load_workbook
        cells = " ".join(str(c.value) for sheet in load_workbook(BytesIO(body)).worksheets
                         for row in sheet.iter_rows() for c in row if c.value is not None)
        assert world.b.mark not in cells


@pytest.mark.parametrize("url", RECORDS)
def test_another_areas_record_is_not_found(officer_of, world, url):
    officer = officer_of(world.b.username)
    assert officer.get(fill(url, world.a)).status_code == 404


def _question_status(rt, question_id):
    with rt.db.session() as session:
        return session.get(AskedQuestion, question_id).status


ACTIONS = [
    ("/console/questions/{question}/answer", {"answer": "คำตอบ"}),
    ("/console/questions/{question}/dismiss", {}),
    ("/console/questions/{question}/approve", {}),
    ("/console/loans/payments/{payment}/confirm", {}),
    ("/console/loans/payments/{payment}/reject", {}),
    ("/console/people/{household}/reissue", {}),
    ("/console/people/codes", {"village": "{village}"}),
    ("/console/help/{case}", {"note": "โทรคุยแล้ว", "status": "closed"}),
]


def _state(rt) -> tuple:
    """Everything an action could change, to prove a refused one changed nothing."""
    with rt.db.session() as session:
        return (tuple(session.scalars(select(AskedQuestion.status).order_by(AskedQuestion.id))),
                tuple(session.scalars(select(Payment.status).order_by(Payment.id))),
                tuple(session.scalars(select(InviteCode.code).order_by(InviteCode.id))),
                tuple(session.scalars(select(HelpCase.status).order_by(HelpCase.id))))


@pytest.mark.parametrize("url,form", ACTIONS)
def test_an_action_on_another_areas_record_is_not_found_and_changes_nothing(rt, officer_of, world, url, form):
    officer_a = officer_of(world.a.username)
    officer_a.get("/console/help/")  # raises the help cases of area A
    with rt.db.session() as session:
        world.a.case = session.scalar(select(HelpCase.id).where(HelpCase.village_id == world.a.village))
    officer = officer_of(world.b.username)
    before = _state(rt)
    response = officer.post(fill(url, world.a), {k: v.format(**vars(world.a)) for k, v in form.items()})
    assert response.status_code == 404
    assert _state(rt) == before


def test_the_audit_log_is_for_admins_only_and_records_views(rt, officer_of, world):
    assert officer_of(world.a.username).get("/console/audit/").status_code == 404
    officer_of(world.a.username).get(f"/console/villages/{world.a.village}")
    page = officer_of(world.admin).get("/console/audit/").get_data(as_text=True)
    assert f"village:{world.a.village}" in page and world.a.username in page
    with rt.db.session() as session:
        assert session.scalar(select(AuditEntry.id).where(AuditEntry.subject == f"village:{world.a.village}"))


def test_a_committee_member_sees_only_their_funds_loans(officer_of, world):
    committee = officer_of(world.committee)
    loans = committee.get("/console/loans/").get_data(as_text=True)
    assert world.a.mark in loans and world.b.mark not in loans
    assert committee.get(f"/console/villages/{world.b.village}").status_code == 404

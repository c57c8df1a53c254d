"""The audit log, for admins: who viewed, exported or changed personal data, and when."""
from __future__ import annotations

from bot import audit, thai
from bot.settings import TIMEZONE
from console import web

bp = web.blueprint("console_audit", __name__, "/audit")
ACTIONS = {"view": "ดู", "export": "ดาวน์โหลด", "change": "แก้ไข", "sign_in": "เข้าสู่ระบบ"}


@bp.route("/")
@web.admins_only
def index():
    entries = audit.recent(web.db())
    table = web.Table("บันทึกการเข้าถึงข้อมูล", "บันทึกการเข้าถึงข้อมูลส่วนบุคคล", ["เมื่อ", "ผู้ใช้", "การกระทำ", "ข้อมูล", "ที่อยู่ IP"],
                      [[thai.thai_date_short(e.at) + e.at.astimezone(TIMEZONE).strftime(" %H:%M"), username or "-",
                        ACTIONS.get(e.action, e.action), e.subject, e.address or "-"] for e, username in entries])
    return web.page("console/audit.html", table)

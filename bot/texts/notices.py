"""What is said about notices: to the officer who sends one (console and chat), and the
words of a notice's card. Same voice as the rest of the bot: ค่ะ / คะ, คุณ."""

# ---- Refusals -----------------------------------------------------------------------------
NOTICE_QUIET_HOURS = ("ช่วง 20:00–07:00 น้องจะไม่ส่งประกาศ เพื่อไม่รบกวนเวลาพักผ่อนค่ะ "
                      "ส่งเวลา {offer} แทนได้ไหมคะ")
NOTICE_IN_THE_PAST = "เวลาที่เลือกผ่านไปแล้วค่ะ กรุณาเลือกเวลาใหม่ หรือเลือกส่งทันทีนะคะ"
NOTICE_TOO_FAR = "ตั้งเวลาส่งล่วงหน้าได้ไม่เกิน {days} วันค่ะ"
NOTICE_NO_MESSAGES = "ยังไม่มีข้อความในประกาศค่ะ กรุณาพิมพ์ข้อความ หรือเลือกรูปหรือการ์ดก่อนนะคะ"
NOTICE_TOO_MANY_MESSAGES = "ประกาศหนึ่งครั้งมีได้ไม่เกิน {limit} ข้อความค่ะ"
NOTICE_MESSAGE_INVALID = "ข้อความที่ {number} ส่งทาง LINE ไม่ได้ค่ะ: {detail}"
NOTICE_TITLE_NEEDED = "กรุณาตั้งชื่อประกาศสั้น ๆ ไว้ดูในรายการค่ะ (ไม่เกิน {limit} ตัวอักษร)"
NOTICE_AUDIENCE_OUTSIDE = "ผู้รับที่เลือกอยู่นอกพื้นที่ของคุณค่ะ กรุณาเลือกใหม่นะคะ"
NOTICE_AUDIENCE_INVALID = "เงื่อนไขผู้รับไม่ถูกต้องค่ะ กรุณาเลือกใหม่นะคะ"
NOTICE_NOBODY = "ยังไม่มีผู้รับที่ส่งถึงได้ตามเงื่อนไขนี้ค่ะ"
NOTICE_GROUP_OUTSIDE = "กลุ่ม LINE ที่เลือกไม่ใช่กลุ่มของหมู่บ้านในพื้นที่ของคุณค่ะ"
NOTICE_NOT_PENDING = "ประกาศนี้ส่งออกไปแล้วหรือยกเลิกแล้ว จึงยกเลิกไม่ได้ค่ะ"
NOTICE_IMAGE_URL = "รูปต้องเป็นลิงก์ https ค่ะ"
NOTICE_BUTTON_URL = "ปุ่มในการ์ดต้องมีทั้งชื่อปุ่มและลิงก์ https ค่ะ"
NOTICE_CARD_TITLE = "การ์ดต้องมีหัวเรื่องค่ะ"
NOTICE_QUICK_REPLIES = "ปุ่มตอบกลับมีได้ไม่เกิน {limit} ปุ่ม ชื่อละไม่เกิน {length} ตัวอักษรค่ะ"

# ---- After an action ----------------------------------------------------------------------
NOTICE_QUEUED_NOW = "ส่งประกาศ \"{title}\" ถึง {count} คนแล้วค่ะ กำลังทยอยส่ง"
NOTICE_ALREADY_MADE = "ประกาศ \"{title}\" บันทึกไว้แล้วค่ะ ไม่ได้ส่งซ้ำ"
NOTICE_SCHEDULED = "ตั้งเวลาส่งประกาศ \"{title}\" ไว้ {when} แล้วค่ะ"
NOTICE_CANCELLED = "ยกเลิกประกาศ \"{title}\" แล้วค่ะ"
NOTICE_CANCELLED_REST = "ยกเลิกส่วนที่ยังไม่ได้ส่งของประกาศ \"{title}\" แล้วค่ะ ({count} คน)"

# ---- The card -----------------------------------------------------------------------------
CARD_WHEN = "📅 {date}"
CARD_WHERE = "📍 {place}"

# ---- LINE's monthly quota -------------------------------------------------------------------
NOTICE_OVER_QUOTA = ("ประกาศนี้ใช้ {cost} ข้อความ แต่โควตา LINE เดือนนี้เหลือ {left} ข้อความค่ะ "
                     "กรุณาเลือกผู้รับให้น้อยลง หรือรอเดือนหน้านะคะ")
NOTICE_COST = "ใช้ {cost} ข้อความ จากโควตาที่เหลือ {left} ข้อความ"
NOTICE_COST_NO_LIMIT = "ใช้ {cost} ข้อความ (บัญชีนี้ไม่จำกัดจำนวน)"
NOTICE_COST_UNKNOWN = "ใช้ {cost} ข้อความ (ตอนนี้ดูโควตาจาก LINE ไม่ได้)"

# ---- The console's form -----------------------------------------------------------------------
NOTICE_FORM_INVALID = "ข้อมูลในแบบฟอร์มไม่ถูกต้องค่ะ กรุณาตรวจวันเวลา ตัวเลขวัน และตัวเลือกอีกครั้งนะคะ"

# ---- In chat: "ส่งประกาศ" -----------------------------------------------------------------------
NOTICE_WORD = "ส่งประกาศ"
NOTICE_FLOW_TITLE = "ส่งประกาศ"
NOTICE_ONLY_OFFICERS = "การส่งประกาศใช้ได้เฉพาะเจ้าหน้าที่ที่มีบัญชีเว็บเจ้าหน้าที่ค่ะ"
NOTICE_ASK_WHO = "จะส่งประกาศถึงใครคะ"
NOTICE_ASK_WHERE = "ส่งในพื้นที่ไหนคะ"
NOTICE_ASK_TEMPLATE = "ใช้ข้อความจากแม่แบบที่บันทึกไว้ หรือพิมพ์เองคะ"
NOTICE_ASK_TEXT = "พิมพ์ข้อความประกาศได้เลยค่ะ (ไม่เกิน 5,000 ตัวอักษร)"
NOTICE_ASK_WHEN = "{reach}\nส่งเมื่อไรดีคะ"
NOTICE_REACH = "ส่งถึง {count} คน · {cost}"
NOTICE_REACH_EXCLUDED = "(ไม่ส่ง {excluded} คน: ยังไม่ผูก LINE ถอนความยินยอม หรือบล็อก)"
NOTICE_LABEL_WHO = "ผู้รับ"
NOTICE_LABEL_WHERE = "พื้นที่"
NOTICE_LABEL_TEMPLATE = "แม่แบบ"
NOTICE_LABEL_TEXT = "ข้อความ"
NOTICE_LABEL_WHEN = "ส่งเมื่อ"
NOTICE_WRITE_OWN = "พิมพ์เอง"
NOTICE_EVERYWHERE = "ทั้งพื้นที่"
NOTICE_NOW = "ส่งทันที"
NOTICE_TOMORROW_MORNING = "พรุ่งนี้ 9 โมง"
NOTICE_AUDIENCES = {
    "all": "ทุกคน",
    "leaders": "ผู้นำสัมมาชีพ",
    "households": "ครัวเรือนเป้าหมาย",
    "missing_weekly": "ผู้นำที่ยังไม่ส่งรายงาน",
    "missing_monthly": "ครัวเรือนที่ยังไม่รายงาน",
    "overdue": "ค้างชำระ 30 วันขึ้นไป",
    "due_soon": "ครบกำหนดชำระใน 7 วัน",
}
NOTICE_GROUP_SAVED = "บันทึกหมู่บ้านของกลุ่ม LINE แล้วค่ะ"
NOTICE_ASK_IMAGE = "มีรูปประกอบไหมคะ ถ้ามี วางลิงก์รูป (https://...) ได้เลย ถ้าไม่มีกด \"ข้าม\" ค่ะ"
NOTICE_LABEL_IMAGE = "รูป"

# A notice's audience in words, as the officer chose it.
NOTICE_STATUSES = {"pending": "รอส่ง", "releasing": "กำลังทยอยส่ง", "sent": "ส่งแล้ว", "cancelled": "ยกเลิก"}
AUDIENCE_VILLAGES = "หมู่บ้าน: "
AUDIENCE_WHOLE_SUBDISTRICT = "ทั้งตำบล{name}"
AUDIENCE_ROLES = "บทบาท: "
AUDIENCE_GROUPS = "กลุ่มอาชีพ: "
AUDIENCE_OCCUPATIONS = "อาชีพ/หลักสูตร: "
AUDIENCE_OVERDUE = "ค้างชำระตั้งแต่ {days} วันขึ้นไป"
AUDIENCE_DUE_WITHIN = "ถึงกำหนดชำระภายใน {days} วัน"
AUDIENCE_FUNDS = "กองทุน: "
AUDIENCE_MISSING_WEEKLY = "ผู้นำที่ยังไม่ส่งรายงานสัปดาห์นี้"
AUDIENCE_MISSING_MONTHLY = "ครัวเรือนที่ยังไม่รายงานเดือนนี้"
AUDIENCE_EVERYONE = "ทุกคนในพื้นที่"

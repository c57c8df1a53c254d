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
NOTICE_SCHEDULED = "ตั้งเวลาส่งประกาศ \"{title}\" ไว้ {when} แล้วค่ะ"
NOTICE_CANCELLED = "ยกเลิกประกาศ \"{title}\" แล้วค่ะ"
NOTICE_CANCELLED_REST = "ยกเลิกส่วนที่ยังไม่ได้ส่งของประกาศ \"{title}\" แล้วค่ะ ({count} คน)"

# ---- The card -----------------------------------------------------------------------------
CARD_WHEN = "📅 {date}"
CARD_WHERE = "📍 {place}"

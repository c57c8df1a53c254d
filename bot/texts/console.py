"""What the officers' console says: messages after an action, errors, area names, the
chat's sign-in link and the summary workbook's title.

The rule: a page's own labels are markup, in its template (headings, buttons) or in the
page module's list definition (column names, shared by the page and its export); every
sentence the console says back to the officer lives here.
"""

# ---- Areas ------------------------------------------------------------------------------
AREA_EVERYWHERE = "ทุกพื้นที่"
AREA_PROVINCE = "จ.{province}"
AREA_DISTRICT = "อ.{district} จ.{province}"
AREA_SUBDISTRICT = "ต.{subdistrict} อ.{district}"

# ---- Signing in -------------------------------------------------------------------------
SIGN_IN_FAILED = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้องค่ะ"
SIGN_IN_LIMITED = "ลองเข้าระบบหลายครั้งเกินไปค่ะ กรุณารอ {minutes} นาทีแล้วลองใหม่นะคะ"
SIGN_IN_LINK_BAD = "ลิงก์นี้ใช้ไม่ได้แล้วค่ะ (ใช้ไปแล้วหรือเกิน 10 นาที) พิมพ์ \"เข้าเว็บ\" ในแชตเพื่อขอลิงก์ใหม่ค่ะ"
SIGNED_OUT = "ออกจากระบบแล้วค่ะ"
SIGN_IN_NEEDED = "กรุณาเข้าสู่ระบบก่อนค่ะ"
FORM_EXPIRED = "แบบฟอร์มหมดอายุแล้วค่ะ กรุณาลองใหม่อีกครั้งนะคะ"
NOT_FOUND = "ไม่พบข้อมูลนี้ในพื้นที่ของคุณค่ะ"
ADMINS_ONLY = "หน้านี้สำหรับผู้ดูแลระบบเท่านั้นค่ะ"

# ---- In chat: "เข้าเว็บ" ------------------------------------------------------------------
CONSOLE_WORD = "เข้าเว็บ"
CONSOLE_LINK = "ลิงก์เข้าเว็บเจ้าหน้าที่ของคุณ{name}ค่ะ 👇\n{url}\nใช้ได้ครั้งเดียว ภายใน 10 นาทีนะคะ"
CONSOLE_NO_ACCOUNT = "บัญชี LINE นี้ยังไม่มีสิทธิ์เข้าเว็บเจ้าหน้าที่ค่ะ กรุณาติดต่อผู้ดูแลระบบของอำเภอนะคะ"

# ---- Actions ----------------------------------------------------------------------------
NUDGE_RESULT = "ส่งเตือนแล้ว {queued} คนค่ะ (ส่งไปก่อนแล้ว {duplicate} คน, ส่งไม่ได้ {other} คน)"
NUDGE_QUIET = "ตอนนี้เป็นช่วงเวลาพักผ่อน (20:00-07:00) จึงยังไม่ส่งเตือนค่ะ"
ANSWER_SENT = "ส่งคำตอบให้ผู้ถามแล้วค่ะ"
ANSWER_EMPTY = "กรุณาพิมพ์คำตอบก่อนค่ะ"
QUESTION_APPROVED = "เพิ่มคำตอบเข้าคลังความรู้แล้วค่ะ"
QUESTION_DISMISSED = "ปิดคำถามแล้วค่ะ"
QUESTION_NOT_WAITING = "คำถามนี้ไม่ได้รอคำตอบแล้วค่ะ"
DOCUMENT_IMPORTED = "นำเข้า \"{title}\" แล้วค่ะ ({passages} ตอน, {change})"
DOCUMENT_CHANGES = {"added": "เพิ่มใหม่", "replaced": "แทนฉบับเดิม", "unchanged": "เหมือนเดิม"}
DOCUMENT_BAD_TYPE = "รับเฉพาะไฟล์ .docx .pdf .txt .md ค่ะ"
DOCUMENT_UNREADABLE = "อ่านไฟล์นี้ไม่ได้ค่ะ กรุณาตรวจว่าไฟล์ไม่เสียแล้วลองใหม่นะคะ"
PAYMENT_CONFIRMED = "ยืนยันการชำระแล้วค่ะ"
PAYMENT_REJECTED = "ปฏิเสธการชำระแล้วค่ะ"
PAYMENT_ALREADY = "รายการนี้มีผู้ตัดสินไปแล้วค่ะ"
PAYMENT_OWN = "ผู้บันทึกการชำระไม่สามารถยืนยันรายการของตัวเองได้ค่ะ"
CASE_SAVED = "บันทึกแล้วค่ะ"
CASE_NOTE_EMPTY = "กรุณาพิมพ์บันทึกหรือเลือกสถานะใหม่ค่ะ"
CASE_STATUSES = {"open": "เปิด", "in_progress": "กำลังดำเนินการ", "closed": "ปิดแล้ว"}
IMPORT_DONE = "นำเข้าแล้วค่ะ: {summary}"
IMPORT_FAILED = "ไฟล์มีข้อผิดพลาด {count} รายการ จึงยังไม่นำเข้าอะไรเลยค่ะ กรุณาแก้ตามรายการด้านล่างแล้วส่งใหม่นะคะ"
IMPORT_BAD_TYPE = "รับเฉพาะไฟล์ .xlsx หรือ .csv ค่ะ"
IMPORT_OUTSIDE_AREA = "ไม่อยู่ในพื้นที่ของคุณ ({area})"
IMPORT_NEEDS_PLACES = "ไฟล์ต้องมีคอลัมน์จังหวัด อำเภอ หรือตำบล เพื่อตรวจว่าอยู่ในพื้นที่ของคุณ"
IMPORT_NOT_FOR_COMMITTEE = "การนำเข้าข้อมูลทำได้เฉพาะเจ้าหน้าที่พัฒนาชุมชน"
CODE_REISSUED = "ออกรหัสใหม่ให้ {name} แล้วค่ะ: {code}"
CODES_ISSUED = "ออกรหัสเชิญ {count} รหัสค่ะ"
BAD_INPUT = "ข้อมูลไม่ถูกต้องค่ะ กรุณาตรวจแล้วลองใหม่นะคะ"

# ---- Words in list cells (pages and exports alike) -------------------------------------
LINKED = "ผูกแล้ว"
NOT_LINKED = "ยังไม่ผูก"
PRACTISED = "ทำ"
NOT_PRACTISED = "ไม่ได้ทำ"
NEVER_REPORTED = "ยังไม่เคยส่ง"
LATE_MARK = "ช้า"
HELP_ASKED_MARK = "ขอ"
HAS_SLIP = "มี"

# ---- Monthly summary workbook -----------------------------------------------------------
SUMMARY_TITLE = "สรุปผลสัมมาชีพชุมชนและกองทุน {area} ประจำเดือน{month}"
SUMMARY_MADE_ON = "จัดทำเมื่อ {date}"

# ---- Activities ---------------------------------------------------------------------------
ACTIVITY_BAD_TITLE = "กรุณาใส่ชื่อกิจกรรม ไม่เกิน {limit} ตัวอักษรค่ะ"
ACTIVITY_BAD_PLACE = "กรุณาใส่สถานที่ ไม่เกิน {limit} ตัวอักษรค่ะ"
ACTIVITY_BAD_DETAILS = "รายละเอียดยาวเกิน {limit} ตัวอักษรค่ะ"
ACTIVITY_BAD_LOCATION = "กรุณาใส่พิกัดแผนที่ (ละติจูด, ลองจิจูด) ให้ถูกต้อง เช่น 15.3789, 104.6432 ค่ะ"
ACTIVITY_BAD_WHEN = "กรุณาเลือกวันและเวลาของกิจกรรมค่ะ"
ACTIVITY_IN_THE_PAST = "เวลาของกิจกรรมผ่านไปแล้ว หรือก่อนที่จะแจ้งได้ทันค่ะ"
ACTIVITY_TOO_FAR = "กิจกรรมต้องอยู่ภายใน 1 ปีค่ะ"
ACTIVITY_TOO_SOON = ("ต้องแจ้งล่วงหน้าอย่างน้อย {days} วัน (ช่วงทำนาชาวบ้านต้องวางแผน) "
                     "จัดได้ตั้งแต่ {earliest} ค่ะ ถ้าจำเป็นจริง ๆ ให้เลือก \"เร่งด่วน\"")
ACTIVITY_NO_ONE = "กลุ่มที่เลือกไม่มีใครที่ติดต่อทาง LINE ได้เลยค่ะ กรุณาเลือกกลุ่มใหม่"
ACTIVITY_OFFICERS_ONLY = "การจัดกิจกรรมทำได้เฉพาะเจ้าหน้าที่พัฒนาชุมชนค่ะ"
ACTIVITY_CREATED = "สร้างกิจกรรมแล้ว เชิญ {invited} คน ส่งคำเชิญแล้ว {queued} คน{later}ค่ะ"
ACTIVITY_ALREADY_MADE = "กิจกรรม \"{title}\" สร้างไว้แล้วค่ะ ไม่ได้เชิญซ้ำ"
ACTIVITY_CREATED_LATER = " ที่เหลือจะส่งเวลา 07:00 น. หรือเมื่อส่งได้"
ACTIVITY_CANNOT_CANCEL = "กิจกรรมนี้งดไม่ได้แล้วค่ะ (งดไปแล้ว หรือเริ่มไปแล้ว)"
ACTIVITY_CANCELLED = "งดกิจกรรมแล้ว แจ้งผู้ที่ตอบว่าไปหรือยังไม่แน่ใจ {told} คนค่ะ"
ACTIVITY_ATTENDANCE_NOT_YET = "บันทึกผู้เข้าร่วมได้เมื่อกิจกรรมเริ่มแล้วค่ะ"
ACTIVITY_ATTENDANCE_CHANGED = "มีการบันทึกผู้เข้าร่วมเพิ่มระหว่างที่เปิดหน้านี้ค่ะ กรุณาดูรายชื่ออีกครั้งแล้วบันทึกใหม่นะคะ"
ACTIVITY_ATTENDANCE_SAVED = "บันทึกผู้เข้าร่วมแล้ว มาร่วม {came} คนค่ะ"
ACTIVITY_STATUSES = {"planned": "ตามกำหนด", "cancelled": "งดแล้ว"}
ACTIVITY_NOT_ANSWERED = "ยังไม่ตอบ"
ACTIVITY_CAME = "มา"
ACTIVITY_DID_NOT_COME = "ไม่มา"
ACTIVITY_NOT_RECORDED = "ยังไม่บันทึก"
ACTIVITY_URGENT = "เร่งด่วน"
ACTIVITY_AUDIENCE_OUTSIDE = "กลุ่มที่เลือกมีหมู่บ้านหรือกลุ่มที่อยู่นอกพื้นที่ของคุณค่ะ"

# Who an audience leaves out, and why (notices and activities alike).
LEFT_OUT = {"withdrawn": "ถอนความยินยอม", "unlinked": "ยังไม่ผูก LINE", "blocked": "บล็อกหรือเลิกติดตาม",
            "no_consent": "ยังไม่ยินยอม"}


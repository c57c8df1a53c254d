"""Every sentence the bot says, in one place.

The bot speaks as a polite young woman from the district office: short sentences,
plain words, ค่ะ/คะ. Placeholders are str.format fields. Read top to bottom, this
file is the whole voice of the bot.

One voice: the bot calls itself "น้อง", calls every person "คุณ", and ends with ค่ะ/คะ.
Every text with placeholders is a `thai.Sentence`, whose `.format` keeps a space after a
filled name or date that a Thai word follows (see the end of this file).
"""
from bot.thai import Sentence

# ---- Welcome and menu -------------------------------------------------------
WELCOME = (
    "สวัสดีค่ะ ยินดีต้อนรับสู่ผู้ช่วยสัมมาชีพชุมชนค่ะ 🙏\n"
    "ถามเรื่องอาชีพ ส่งรายงาน หรือดูเรื่องเงินกู้ได้ที่นี่ค่ะ\n"
    "กดปุ่มด้านล่าง หรือพิมพ์ \"เมนู\" ได้เลยค่ะ"
)
WELCOME_BACK = "ยินดีต้อนรับกลับมาค่ะ 🙏 พิมพ์ \"เมนู\" เพื่อเริ่มใช้งานได้เลยค่ะ"
GROUP_HELLO = (
    "สวัสดีค่ะ ผู้ช่วยสัมมาชีพชุมชนมาอยู่ในกลุ่มนี้แล้วค่ะ\n"
    "เรียกใช้ได้โดยพิมพ์ \"น้องสัมมาชีพ\" ตามด้วยคำถามค่ะ\n"
    "เรื่องส่วนตัว เช่น เงินกู้ รายได้ กรุณาคุยกับน้องในแชตส่วนตัวนะคะ"
)
# How the bot names a person in a sentence ("คุณสมร ใจดี"): the full name without its title.
PERSON = "คุณ{name}"
MENU_PROMPT = "ต้องการทำอะไรคะ เลือกได้เลยค่ะ 👇"
MENU_ASK = "ถามคำถาม"
MENU_HELP = "วิธีใช้"
MENU_WORD = "เมนู"
ASK_PROMPT = "พิมพ์คำถามมาได้เลยค่ะ เช่น \"กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง\""
HELP = (
    "วิธีใช้ง่าย ๆ ค่ะ\n"
    "• พิมพ์ \"เมนู\" เพื่อดูสิ่งที่ทำได้\n"
    "• พิมพ์คำถามเรื่องอาชีพได้ทุกเมื่อ\n"
    "• กดปุ่มแทนการพิมพ์ได้เกือบทุกขั้นตอนค่ะ"
)
FALLBACK = (
    "ขอโทษค่ะ น้องยังไม่เข้าใจข้อความนี้ 🙏\n"
    "ลองพิมพ์ \"เมนู\" หรือพิมพ์คำถามสั้น ๆ อีกครั้งนะคะ"
)
NON_TEXT_THANKS = "ได้รับแล้วค่ะ ขอบคุณค่ะ 🙏 ถ้าต้องการความช่วยเหลือ พิมพ์ \"เมนู\" ได้เลยค่ะ"

# ---- Questions and the officers' answers --------------------------------------
KB_ANSWER_TITLE = "คำตอบค่ะ"
KB_READ_MORE = "อ่านเพิ่ม"
KB_YES = "ตรงคำถาม 👍"
KB_NO = "ไม่ตรง 👎"
KB_UNKNOWN_OFFER = (
    "ขอโทษค่ะ น้องยังไม่มีคำตอบเรื่องนี้ 🙏\n"
    "ให้น้องส่งคำถามนี้ถึงเจ้าหน้าที่พัฒนาชุมชนไหมคะ"
)
# outside what the bot is for (gold price, football): a kind word, nothing to hand on
KB_OUT_OF_SCOPE = (
    "เรื่องนี้น้องตอบไม่ได้ค่ะ 🙏 น้องช่วยได้เรื่องอาชีพ กลุ่มอาชีพ กองทุน "
    "และงานพัฒนาชุมชนนะคะ ลองถามเรื่องเหล่านี้ได้เลยค่ะ"
)
# an officer's own question the knowledge base cannot answer: no offer to send it to themselves
KB_UNKNOWN_FOR_OFFICER = (
    "ขอโทษค่ะ ในคลังความรู้ยังไม่มีเรื่องนี้ 🙏 "
    "ถ้ามีเอกสารเรื่องนี้ นำเข้าคลังความรู้ได้เลยนะคะ"
)
KB_SEND_TO_OFFICER = "ส่งให้เจ้าหน้าที่"
KB_NO_THANKS = "ไม่เป็นไร"
KB_THANKS_FOR_FEEDBACK = "ขอบคุณค่ะ 🙏 มีคำถามอื่นพิมพ์มาได้เลยนะคะ"
KB_ESCALATED = "ส่งคำถามถึงเจ้าหน้าที่แล้วค่ะ เมื่อเจ้าหน้าที่ตอบ น้องจะส่งคำตอบมาในแชตนี้นะคะ 🙏"
KB_ALREADY_ESCALATED = "คำถามนี้ส่งถึงเจ้าหน้าที่แล้วค่ะ รอคำตอบสักครู่นะคะ 🙏"
KB_PASSAGE_GONE = "ขอโทษค่ะ เนื้อหานี้ถูกปรับปรุงแล้ว ลองถามใหม่อีกครั้งนะคะ"
# Who answered, in the answer sent to the asker.
OFFICER_NAMED = "คุณ{name} เจ้าหน้าที่พัฒนาชุมชน"
OFFICER_SOMEONE = "เจ้าหน้าที่พัฒนาชุมชน"
KB_OFFICER_REPLY = "{officer}ตอบคำถามของคุณแล้วค่ะ 🙏\n\nคำถาม: {question}\n\nคำตอบ: {answer}"

# ---- Conversations (every flow) -------------------------------------------------
FLOW_CANCEL_WORD = "ยกเลิก"
FLOW_BACK_WORD = "ย้อนกลับ"
FLOW_SKIP = "ข้าม"
FLOW_DONE_CHOOSING = "เลือกเสร็จแล้ว"
FLOW_CONFIRM = "ยืนยัน"
FLOW_EDIT = "แก้ไข"
# Typed on the summary, these confirm it as the button does.
FLOW_CONFIRM_WORDS = ("ยืนยัน", "ตกลง", "ถูกต้อง", "ส่งเลย")
FLOW_CANCELLED = "ยกเลิกแล้วค่ะ ไม่ได้บันทึกอะไรไว้ 🙏 พิมพ์ \"เมนู\" เมื่อต้องการเริ่มใหม่นะคะ"
FLOW_PAUSED = "พักไว้ก่อนนะคะ กด \"{resume}\" เพื่อทำต่อได้ค่ะ"
FLOW_RESUME = "ทำต่อ: {title}"
FLOW_RESUMING = "มาทำต่อกันค่ะ 😊"
FLOW_EXPIRED = "{title}ที่ทำค้างไว้หมดเวลาแล้วค่ะ เริ่มใหม่ได้จากเมนูนะคะ"
FLOW_CHANGED = "ขอโทษค่ะ แบบ{title}เพิ่งปรับปรุงใหม่ เลยต้องขอให้เริ่มใหม่อีกครั้งนะคะ 🙏"
FLOW_PAUSED_FOR = "น้องเก็บ{paused}ที่ทำค้างไว้ให้ก่อนนะคะ ทำ{title}เสร็จแล้วจะกลับไปทำต่อค่ะ"
FLOW_BACK_TO = "กลับมาทำ{title}ที่ค้างไว้ต่อนะคะ 😊"
FLOW_STALE_TAP = "น้องบันทึกคำตอบนี้ไว้แล้วค่ะ 🙏"
FLOW_CHOSEN_SO_FAR = "เลือกแล้ว: {chosen}"
FLOW_NOTHING_CHOSEN = "ยังไม่ได้เลือกค่ะ"
FLOW_PICK_ONE = "กรุณากดเลือกจากปุ่มด้านล่างนะคะ"
FLOW_PICK_ONE_TYPED = "น้องยังหาคำตอบนี้ในตัวเลือกไม่เจอค่ะ กดปุ่มด้านล่าง หรือพิมพ์ เช่น {examples} ได้เลยนะคะ"
# Typed on an optional step, these mean "skip" ("ไม่มี" problems is no problem to record).
FLOW_SKIP_WORDS = ("ข้าม", "ไม่มี", "บ่มี", "ไม่มีปัญหา", "ไม่ทราบ", "ไม่รู้", "บ่รู้", "-")
FLOW_PICK_AT_LEAST_ONE = "กรุณาเลือกอย่างน้อย 1 อย่างนะคะ"
FLOW_NUMBER_INVALID = "ขอเป็นตัวเลขนะคะ เช่น {example}"
FLOW_NUMBER_RANGE = "ขอตัวเลขตั้งแต่ {low} ถึง {high} นะคะ"
FLOW_MONEY_INVALID = "ขอเป็นจำนวนเงินนะคะ เช่น 1500 หรือ 1,500 บาท"
FLOW_DATE_INVALID = "กดปุ่ม \"เลือกวันที่\" หรือพิมพ์วันที่ เช่น 27/11/2569 ค่ะ"
FLOW_DATE_PICK = "เลือกวันที่"
FLOW_TODAY = "วันนี้"
FLOW_TEXT_TOO_LONG = "ข้อความยาวเกินไปค่ะ ขอสั้นลงไม่เกิน {limit} ตัวอักษรนะคะ"
FLOW_YES = "ใช่"
FLOW_NO = "ไม่ใช่"
FLOW_YES_NO_INVALID = "กรุณากด \"ใช่\" หรือ \"ไม่ใช่\" นะคะ"
FLOW_PHOTO_ASK_MORE = "ได้รับรูปแล้ว {count} รูปค่ะ ส่งเพิ่มได้ หรือกด \"เสร็จแล้ว\" ค่ะ"
FLOW_PHOTO_DONE = "เสร็จแล้ว"
FLOW_PHOTO_COUNT = "{count} รูป"
FLOW_PHOTO_CAMERA = "ถ่ายรูป"
FLOW_PHOTO_ALBUM = "เลือกรูป"
FLOW_PHOTO_INVALID = "กรุณาส่งรูปภาพ หรือกด \"ข้าม\" นะคะ"
FLOW_SUMMARY_TITLE = "ตรวจสอบก่อนส่งนะคะ"
FLOW_SUMMARY_HINT = "ถูกต้องกด \"ยืนยัน\" ต้องการเปลี่ยนกด \"แก้ไข\" ค่ะ"
FLOW_EDIT_WHICH = "ต้องการแก้ไขข้อไหนคะ"
FLOW_NOT_ANSWERED = "-"

# ---- Consent, linking and privacy (PDPA) ----------------------------------------
CONSENT_NOTICE_VERSION = "2026-11"
CONSENT_NOTICE = (
    "ก่อนเริ่มใช้งาน ขอแจ้งเรื่องข้อมูลส่วนบุคคลค่ะ 🙏\n"
    "• เก็บอะไร: ชื่อ หมู่บ้าน บทบาท รายงานความก้าวหน้า รายได้ และเงินกู้ของคุณ\n"
    "• เพื่ออะไร: ให้เจ้าหน้าที่พัฒนาชุมชนติดตาม ช่วยเหลือ และเตือนก่อนถึงวันชำระ\n"
    "• ใครเห็น: เฉพาะผู้นำ กรรมการกองทุน และเจ้าหน้าที่ที่ดูแลคุณ\n"
    "• ถอนความยินยอมได้ทุกเมื่อ พิมพ์ \"ถอนความยินยอม\"\n"
    "คุณยินยอมไหมคะ"
)
CONSENT_AGREE = "ยินยอม"
CONSENT_LATER = "ไว้ก่อน"
CONSENT_LABEL = "การยินยอม"
CONSENT_TITLE = "การลงทะเบียน"
CONSENT_DECLINED = (
    "ไม่เป็นไรค่ะ ยังถามคำถามเรื่องอาชีพได้ตามปกตินะคะ 😊\n"
    "พร้อมเมื่อไร พิมพ์ \"ลงทะเบียน\" ได้เลยค่ะ"
)
REGISTER_WORD = "ลงทะเบียน"
LINK_ASK_CODE = (
    "ขอบคุณค่ะ 🙏 กรุณาพิมพ์รหัส 6 ตัวที่ได้จากเจ้าหน้าที่ค่ะ เช่น K7QP3X\n"
    "ยังไม่มีรหัส กด \"ยังไม่มีรหัส\" ได้ค่ะ"
)
LINK_CODE_LABEL = "รหัส"
LINK_NO_CODE = "ยังไม่มีรหัส"
LINK_CODE_WRONG = "รหัสนี้ใช้ไม่ได้ค่ะ ลองตรวจอีกครั้ง หรือขอรหัสใหม่จากเจ้าหน้าที่นะคะ"
LINK_TOO_MANY_TRIES = "ใส่รหัสหลายครั้งแล้วค่ะ กรุณารอ 1 ชั่วโมงแล้วลองใหม่ หรือติดต่อเจ้าหน้าที่นะคะ 🙏"
LINK_DONE = "เชื่อมบัญชีเรียบร้อยค่ะ 🎉\nคุณ{name}\n{role}\n{village}"
LINK_GUEST = (
    "ใช้งานแบบผู้เยี่ยมชมได้เลยค่ะ ถามคำถามเรื่องอาชีพได้ทุกเมื่อ 😊\n"
    "ได้รหัสจากเจ้าหน้าที่แล้ว พิมพ์ \"ลงทะเบียน\" นะคะ"
)
LINK_ALREADY = "บัญชีนี้เชื่อมกับข้อมูลของคุณ{name}แล้วค่ะ 😊"
ROLE_NAMES = {
    "household": "ครัวเรือนเป้าหมาย",
    "leader": "ผู้นำสัมมาชีพ",
    "committee": "กรรมการกลุ่ม/กองทุน",
    "officer": "เจ้าหน้าที่พัฒนาชุมชน",
}
NO_VILLAGE = "-"
VILLAGE_LABEL = "หมู่ {moo} บ้าน{name} ต.{subdistrict} อ.{district}"
VILLAGE_SHORT_LABEL = "หมู่ {moo} บ้าน{name}"
VILLAGE_SUBDISTRICT_LABEL = "หมู่ {moo} บ้าน{name} ต.{subdistrict}"
MY_DATA_WORD = "ข้อมูลของฉัน"
MY_DATA_GUEST = (
    "ตอนนี้คุณใช้งานแบบผู้เยี่ยมชมค่ะ น้องเก็บไว้เพียงรหัสผู้ใช้ LINE และคำถามที่ถามเท่านั้น\n"
    "การยินยอม: {consent}"
)
MY_DATA_TITLE = "ข้อมูลของฉัน"
MY_DATA_LINES = (
    "ชื่อ: {name}",
    "บทบาท: {roles}",
    "หมู่บ้าน: {village}",
    "โทรศัพท์: {phone}",
    "อาชีพ: {occupation}",
    "การยินยอม: {consent}",
)
MY_DATA_FOOTNOTE = "ข้อมูลนี้ใช้เพื่อการติดตามช่วยเหลือเท่านั้น ถอนความยินยอมได้โดยพิมพ์ \"ถอนความยินยอม\""
CONSENT_GIVEN_ON = "ให้ความยินยอมแล้วเมื่อ {date}"
CONSENT_NOT_GIVEN = "ยังไม่ได้ยินยอม"
WITHDRAW_WORD = "ถอนความยินยอม"
WITHDRAW_TITLE = "การถอนความยินยอม"
WITHDRAW_CONFIRM = (
    "ถ้าถอนความยินยอม น้องจะลบชื่อ เบอร์โทร และการเชื่อมบัญชีของคุณ และจะไม่ส่งข้อความเตือนใด ๆ อีก\n"
    "ยืนยันถอนความยินยอมไหมคะ"
)
WITHDRAW_LABEL = "ยืนยันการถอน"
WITHDRAW_DONE = "ถอนความยินยอมและลบข้อมูลส่วนตัวแล้วค่ะ 🙏 ยังถามคำถามเรื่องอาชีพได้เสมอนะคะ"
WITHDRAW_KEPT = "ไม่ได้ถอนค่ะ ข้อมูลยังอยู่เหมือนเดิมนะคะ 😊"
WITHDRAWN_NAME = "(ถอนความยินยอมแล้ว)"
ERASED_TEXT = "(ลบแล้วตามคำขอของเจ้าของข้อมูล)"
GROUP_CALL_NAME = "น้องสัมมาชีพ"
GROUP_PRIVATE = "เรื่องนี้เป็นข้อมูลส่วนตัวค่ะ กรุณาคุยกับน้องในแชตส่วนตัวนะคะ 🙏"

# ---- Rich menu labels (short: they are drawn on the menu image) -----------------
RICH_MENU_BAR = "เมนู"
RICH_MENU_ASK = "ถามคำถาม"
RICH_MENU_REGISTER = "ลงทะเบียน"
RICH_MENU_HELP = "วิธีใช้"
RICH_MENU_MY_DATA = "ข้อมูลของฉัน"
RICH_MENU_MENU = "เมนูทั้งหมด"
RICH_MENU_OFFICER_QUESTIONS = "คำถามรอตอบ"
RICH_MENU_REPORT = "ส่งรายงาน"
RICH_MENU_LOANS = "สินเชื่อของฉัน"
RICH_MENU_PAID = "แจ้งชำระแล้ว"
RICH_MENU_RECORD = "บันทึกรับชำระ"
OFFICER_QUESTIONS_WORD = "คำถามรอตอบ"

# ---- Knowledge base ----
KB_SOURCE_LINE = "จาก: {source}"
KB_GREETING_REPLY = "สวัสดีค่ะ 🙏 มีเรื่องอาชีพ กลุ่ม หรือกองทุนอยากถาม พิมพ์มาได้เลยนะคะ"
KB_THANKS_REPLY = "ยินดีค่ะ 🙏 มีอะไรสงสัยอีก ถามน้องได้ทุกเมื่อนะคะ"

# ---- Officers: questions waiting for an answer -----------------------------------
OFFICER_NO_OPEN = "ตอนนี้ไม่มีคำถามรอตอบค่ะ 👍"
OFFICER_OPEN_TITLE = "คำถามรอตอบ {count} ข้อค่ะ"
OFFICER_ASKED_ON = "ถามเมื่อ {date}"
OFFICER_ASKED_FROM = "จาก {village}"
OFFICER_REASON_UNANSWERED = "น้องยังตอบไม่ได้"
OFFICER_REASON_NOT_HELPFUL = "ผู้ถามบอกว่าคำตอบไม่ตรง"
OFFICER_ANSWER_BUTTON = "ตอบคำถามนี้"
OFFICER_ANSWER_TITLE = "การตอบคำถาม"
OFFICER_TYPE_ANSWER = "คำถาม: {question}\n\nพิมพ์คำตอบสั้น ๆ ที่ชาวบ้านอ่านเข้าใจได้ค่ะ"
OFFICER_ANSWER_LABEL = "คำตอบ"
OFFICER_ADD_TO_KB = "เพิ่มคำตอบนี้เข้าคลังความรู้ เพื่อให้น้องตอบคนถัดไปได้ทันทีไหมคะ"
OFFICER_ADD_LABEL = "เพิ่มเข้าคลังความรู้"
OFFICER_ANSWER_SENT = "ส่งคำตอบถึงผู้ถามแล้วค่ะ 🙏"
OFFICER_ANSWER_SENT_AND_ADDED = "ส่งคำตอบถึงผู้ถาม และเพิ่มเข้าคลังความรู้แล้วค่ะ 🙏"
OFFICER_QUESTION_CLOSED = "คำถามนี้ตอบไปแล้วค่ะ"

# ---- Progress reports --------------------------------------------------------------
WEEK_LABEL = "สัปดาห์ที่ {number} ({start}–{end})"
REPORT_WORD = "ส่งรายงาน"
REPORT_WHICH = "จะส่งรายงานแบบไหนคะ"
REPORT_NOT_LINKED = "ส่งรายงานได้เมื่อเชื่อมบัญชีแล้วค่ะ พิมพ์ \"ลงทะเบียน\" แล้วใส่รหัสจากเจ้าหน้าที่นะคะ"
REPORT_NOT_FOR_ROLE = "รายงานมีไว้สำหรับผู้นำสัมมาชีพและครัวเรือนเป้าหมายค่ะ 🙏"
WEEKLY_TITLE = "รายงานประจำสัปดาห์"
WEEKLY_CHOICE = "รายงานผู้นำ (รายสัปดาห์)"
WEEKLY_WHICH_WEEK = "จะส่งรายงานของสัปดาห์ไหนคะ"
WEEKLY_THIS_WEEK = "สัปดาห์นี้"
WEEKLY_LAST_WEEK = "สัปดาห์ที่แล้ว (ส่งช้า)"
WEEKLY_WEEK_LABEL = "สัปดาห์"
WEEKLY_ASK_START = "{week}\nครั้งก่อนรายงานว่า: {last}\nสัปดาห์นี้เหมือนครั้งก่อนไหมคะ"
WEEKLY_SAME_VISITED = "เยี่ยม {names}"
WEEKLY_SAME_PRACTISING = "ลงมือทำ {count} ครัวเรือน"
WEEKLY_SAME_TREND = "รายได้{trend}"
WEEKLY_SAME = "เหมือนสัปดาห์ก่อน"
WEEKLY_CHANGED = "มีอะไรเปลี่ยน"
WEEKLY_ALL_HOUSEHOLDS = "ทุกบ้านที่ดูแล"
WEEKLY_ASK_VISITED = "{week}\nได้ไปเยี่ยมหรือสอนครัวเรือนไหนบ้างคะ เลือกได้หลายบ้าน แล้วกด \"เลือกเสร็จแล้ว\""
WEEKLY_VISITED_LABEL = "เยี่ยม/สอน"
WEEKLY_ASK_ACTIVITIES = "ทำกิจกรรมอะไรบ้างคะ เลือกได้หลายอย่าง แล้วกด \"เลือกเสร็จแล้ว\""
WEEKLY_ACTIVITIES_LABEL = "กิจกรรม"
ACTIVITIES = {
    "training": "อบรม",
    "demo": "สาธิต",
    "visit": "เยี่ยมบ้าน",
    "meeting": "ประชุมกลุ่ม",
    "market": "หาตลาด/ขายของ",
}
WEEKLY_ASK_PRACTISING = "ตอนนี้มีกี่ครัวเรือนที่ลงมือทำอาชีพแล้วคะ (จาก {total} ครัวเรือนที่ดูแล)"
WEEKLY_PRACTISING_LABEL = "ลงมือทำแล้ว"
WEEKLY_ASK_TREND = "ได้ยินว่ารายได้ของครัวเรือนเป็นอย่างไรบ้างคะ"
WEEKLY_TREND_LABEL = "รายได้"
TRENDS = {"up": "เพิ่มขึ้น", "same": "เท่าเดิม", "down": "ลดลง", "unknown": "ยังไม่ทราบ"}
WEEKLY_ASK_CHANGE = "เปลี่ยนไปประมาณกี่บาทต่อเดือนคะ ไม่ทราบกด \"ข้าม\""
WEEKLY_CHANGE_LABEL = "ประมาณ"
ASK_PROBLEMS = "มีปัญหาอะไรไหมคะ พิมพ์สั้น ๆ ได้เลย ไม่มีกด \"ข้าม\""
PROBLEMS_LABEL = "ปัญหา"
WEEKLY_ASK_HELP = "อยากให้เจ้าหน้าที่ช่วยเรื่องอะไรไหมคะ ไม่มีกด \"ข้าม\""
WEEKLY_HELP_LABEL = "ขอให้ช่วย"
WEEKLY_ASK_PHOTOS = "มีรูปกิจกรรมไหมคะ ส่งได้ไม่เกิน 5 รูป ไม่มีกด \"ข้าม\""
WEEKLY_PHOTOS_LABEL = "รูป"
WEEKLY_SAVED = "ได้รับรายงาน{week}แล้วค่ะ 🙏"
WEEKLY_UPDATED = "แก้ไขรายงาน{week}แล้วค่ะ 🙏"
WEEKLY_LATE_NOTE = "ส่งช้าไม่เป็นไรเลยค่ะ ขอบคุณที่ส่งมานะคะ"
PRAISE_VISITED = "ไปดูแล {count} ครัวเรือน ขยันมากเลยค่ะ 👏"
PRAISE_PRACTISING = "มี {count} ครัวเรือนลงมือทำแล้ว เป็นผลจากการสอนของคุณเลยค่ะ"
PRAISE_INCOME_UP = "รายได้ชาวบ้านเพิ่มขึ้น ยอดเยี่ยมมากค่ะ 🎉"
PRAISE_KEEP_GOING = "ทุกก้าวเล็ก ๆ มีความหมายค่ะ สู้ ๆ นะคะ 💪"
HELP_PASSED_ON = "น้องส่งเรื่องที่ขอให้ช่วยถึงเจ้าหน้าที่แล้วค่ะ"
HOUSEHOLD_TITLE = "รายงานความก้าวหน้า"
HOUSEHOLD_CHOICE = "รายงานครัวเรือน (รายเดือน)"
HH_WHICH_MONTH = "จะส่งรายงานของเดือนไหนคะ"
HH_MONTH_LABEL = "เดือน"
HH_LAST_MONTH = "{month} (ส่งช้า)"
HH_ASK_PRACTISED = "{month}\nได้ทำอาชีพ{occupation}ไหมคะ"
HH_PRACTISED_LABEL = "ได้ทำอาชีพ"
HH_ASK_INCOME = "เดือน{month} มีรายได้จากอาชีพนี้ประมาณเท่าไรคะ ยังไม่มีรายได้พิมพ์ 0 ค่ะ"
HH_INCOME_LABEL = "รายได้ในเดือน"
HH_ASK_SAVED = "ช่วยลดรายจ่ายได้ประมาณเท่าไรคะ เช่น ไม่ต้องซื้อผัก ไม่ทราบกด \"ข้าม\""
HH_SAVED_LABEL = "ลดรายจ่าย"
HH_ASK_VS_START = "เทียบกับก่อนเข้าโครงการ รายได้ครอบครัวตอนนี้เป็นอย่างไรคะ"
HH_VS_START_LABEL = "เทียบกับตอนเริ่ม"
HH_ASK_HELP = "ต้องการความช่วยเหลือจากผู้นำหรือเจ้าหน้าที่ไหมคะ"
HH_HELP_LABEL = "ต้องการความช่วยเหลือ"
HH_SAVED = "ได้รับรายงานเดือน{month}แล้วค่ะ 🙏"
HH_PRAISE_INCOME = "มีรายได้จากอาชีพใหม่ {amount} เก่งมากค่ะ 👏"
HH_PRAISE_PRACTISED = "ได้ลงมือทำอาชีพต่อเนื่อง ดีมากเลยค่ะ"
HH_PRAISE_TRY = "เดือนหน้าค่อย ๆ ลองใหม่นะคะ ผู้นำและเจ้าหน้าที่พร้อมช่วยค่ะ"
HH_HELP_SENT = "น้องแจ้งผู้นำและเจ้าหน้าที่ให้แล้วค่ะ จะมีคนติดต่อกลับนะคะ"
OCCUPATION_UNKNOWN = "ใหม่"
HELP_ALERT_HOUSEHOLD = "📣 ครัวเรือน{name} ({village}) ต้องการความช่วยเหลือค่ะ\nปัญหา: {problems}\nโทร: {phone}"
HELP_ALERT_LEADER = "📣 ผู้นำ{name} ({village}) ขอความช่วยเหลือค่ะ\n{help}"
NUDGE_FIRST = "สวัสดีค่ะ คุณ{name} 😊 {week} ยังไม่ได้ส่งรายงานนะคะ กด \"ส่งรายงาน\" ใช้เวลาไม่ถึง 2 นาทีค่ะ"
NUDGE_SECOND = "คุณ{name} คะ ชวนส่งรายงาน{week}อีกครั้งนะคะ 🙏 ขอบคุณที่ช่วยดูแลครัวเรือนค่ะ"
OFFICER_MISSING_REPORTS = "{week}\nยังไม่ได้รับรายงานจากผู้นำ {count} คนค่ะ\n{names}"
OFFICER_MISSING_LINE = "• {name} ({village})"
OFFICER_MISSING_LINE_NO_LINE = "• {name} ({village}) ยังไม่ได้ใช้ LINE โทร {phone}"

# ---- Loans and repayment reminders ----
# How a household borrower is named in a reminder (a group is named by its name).
LOAN_YOU = "คุณ"
MY_LOANS_WORD = "สินเชื่อของฉัน"
REPORT_PAYMENT_WORD = "แจ้งชำระแล้ว"
LOAN_PAY_TO_COMMITTEE = "คณะกรรมการกองทุน"

# The reminder ladder, for the borrower. Fields: {borrower} {number} {amount} {due} {pay_to} {left}
LOAN_DUE_IN_A_MONTH = (
    "สวัสดีค่ะ 🙏 อีกประมาณหนึ่งเดือนจะถึงงวดที่ {number} ของ{borrower}นะคะ\n"
    "ยอด {amount} ภายใน {due}\nชำระที่{pay_to}ค่ะ (ยอดคงเหลือทั้งหมด {left})\n"
    "ค่อย ๆ เตรียมไว้ได้เลยค่ะ น้องเป็นกำลังใจให้นะคะ 💪"
)
LOAN_DUE_IN_15_DAYS = (
    "อีก 15 วันถึงงวดที่ {number} ของ{borrower}ค่ะ\n"
    "ยอด {amount} ภายใน {due} ชำระที่{pay_to}นะคะ\n(ยอดคงเหลือทั้งหมด {left}) 😊"
)
LOAN_DUE_IN_7_DAYS = (
    "อีก 7 วันถึงงวดที่ {number} ของ{borrower}แล้วค่ะ\n"
    "ยอด {amount} ภายใน {due} ชำระที่{pay_to}ค่ะ\n"
    "ชำระแล้วกด \"แจ้งชำระแล้ว\" ได้เลยนะคะ 🙏"
)
LOAN_DUE_TODAY = (
    "วันนี้ ({due}) ครบกำหนดงวดที่ {number} ของ{borrower}ค่ะ\n"
    "ยอด {amount} ชำระที่{pay_to}นะคะ\nชำระแล้วกด \"แจ้งชำระแล้ว\" ได้เลยค่ะ 🙏"
)
LOAN_OVERDUE_1 = (
    "งวดที่ {number} ของ{borrower} (ครบ {due}) ยังค้างอยู่ {amount} ค่ะ\n"
    "ถ้าชำระแล้วกด \"แจ้งชำระแล้ว\" ได้เลยนะคะ\n"
    "ถ้าติดขัดอะไร กด \"ขอคำปรึกษา\" ให้กรรมการช่วยคิดด้วยกันได้ค่ะ 🙏"
)
LOAN_OVERDUE_7 = (
    "งวดที่ {number} ของ{borrower} เลยกำหนดมา 7 วันแล้วค่ะ ยังค้าง {amount}\n"
    "ไม่เป็นไรนะคะ ค่อย ๆ ทยอยชำระที่{pay_to}ได้ค่ะ\n"
    "อยากให้กรรมการช่วยวางแผน กด \"ขอคำปรึกษา\" ได้เลยค่ะ 🤝"
)
LOAN_OVERDUE_30 = (
    "งวดที่ {number} ของ{borrower} เลยกำหนดมาหนึ่งเดือนแล้วค่ะ ยังค้าง {amount}\n"
    "กรรมการและเจ้าหน้าที่พร้อมช่วยหาทางที่ทำได้จริงนะคะ\n"
    "กด \"ขอคำปรึกษา\" แล้วน้องจะแจ้งให้ติดต่อกลับค่ะ 🙏"
)
# Added under a reminder when other instalments of the loan are already overdue.
LOAN_REMINDER_ARREARS = "นอกจากงวดนี้ ยังค้างจากงวดก่อน {count} งวด รวม {amount} (ค้างตั้งแต่ {since}) ค่ะ"
# For the group's committee member and the officers. Fields: {borrower} {number} {amount} {due} {days} {village}
LOAN_COMMITTEE_OVERDUE = (
    "แจ้งกรรมการค่ะ 🙏 {borrower} ({village}) ยังค้างงวดที่ {number} ยอด {amount}\n"
    "ครบกำหนด {due} เลยมา {days} วันแล้วค่ะ ช่วยแวะไปเยี่ยมให้กำลังใจด้วยนะคะ"
)
LOAN_OFFICER_OVERDUE = (
    "แจ้งเจ้าหน้าที่ค่ะ {borrower} ({village}) ค้างงวดที่ {number} ยอด {amount}\n"
    "ครบกำหนด {due} เลยมา {days} วันแล้ว กรรมการได้รับแจ้งแล้วค่ะ"
)
LOAN_ADVICE_BUTTON = "ขอคำปรึกษา"
LOAN_ADVICE_SENT = "น้องแจ้ง{committee}แล้วค่ะ จะติดต่อกลับไปเร็ว ๆ นี้นะคะ 🙏"
LOAN_ADVICE_NO_COMMITTEE = "ตอนนี้ยังไม่มีกรรมการที่รับผิดชอบในระบบค่ะ ลองติดต่อคณะกรรมการกองทุนโดยตรงนะคะ 🙏"
LOAN_ADVICE_ALERT = "{who} ({borrower}) ขอคำปรึกษาเรื่องการชำระเงินกู้ค่ะ ยอดค้าง {overdue}\nโทร: {phone}"

# "สินเชื่อของฉัน"
MY_LOANS_GUEST = "ดูสินเชื่อได้เมื่อเชื่อมบัญชีด้วยรหัสจากเจ้าหน้าที่แล้วค่ะ 🙏"
MY_LOANS_NONE = "ไม่พบเงินกู้ของคุณในระบบค่ะ ถ้าคิดว่าไม่ถูกต้อง แจ้งเหรัญญิกกองทุนได้นะคะ"
MY_LOANS_TITLE = "{fund}"
LOAN_LINE_BORROWER = "ผู้กู้: {borrower} (สัญญา {contract})"
LOAN_LINE_OUTSTANDING = "ยอดคงเหลือ: {amount}"
LOAN_LINE_NEXT = "งวดถัดไป: งวดที่ {number} ยอด {amount} ภายใน {due}"
LOAN_LINE_ALL_PAID = "ชำระครบทุกงวดแล้ว เก่งมากค่ะ 🎉"
LOAN_LINE_OVERDUE = "ค้างชำระ: {count} งวด รวม {amount} (ค้างตั้งแต่ {since})"
LOAN_LINE_PENDING = "รอยืนยันรับเงิน: {amount}"
LOAN_LINE_CREDIT = "ชำระเกินไว้: {amount} (เกินยอดทั้งหมด แจ้งกรรมการเพื่อรับคืนได้ค่ะ)"
LOAN_LINE_PAY_TO = "ชำระที่: {name}"
LOAN_HISTORY_LINE = "• {date} {amount} {status}"
LOAN_HISTORY_TITLE = "การชำระล่าสุด"
LOAN_PAYMENT_STATUS = {"pending": "(รอยืนยัน)", "confirmed": "✓", "rejected": "(ไม่พบยอด)"}

# "แจ้งชำระแล้ว"
REPORT_PAYMENT_TITLE = "แจ้งชำระเงินกู้"
ASK_WHICH_LOAN = "แจ้งชำระของสัญญาไหนคะ"
PAYMENT_LOAN_LABEL = "สัญญา"
ASK_PAYMENT_AMOUNT = "ชำระไปเท่าไรคะ พิมพ์ยอดเงินได้เลย เช่น 1,500 หรือ พันห้า"
PAYMENT_AMOUNT_LABEL = "ยอดที่ชำระ"
ASK_PAYMENT_SLIP = "มีรูปสลิปหรือใบเสร็จไหมคะ ส่งรูปมาได้เลย หรือกด \"ข้าม\" ค่ะ"
PAYMENT_SLIP_LABEL = "รูปสลิป"
PAYMENT_REPORTED = (
    "น้องส่งเรื่องให้{pay_to}ยืนยันแล้วค่ะ 🙏\n"
    "ยอดคงเหลือจะลดลงเมื่อยืนยันรับเงินแล้วนะคะ ขอบคุณที่แจ้งค่ะ"
)
PAYMENT_CONFIRM_REQUEST = (
    "{who} แจ้งชำระเงินกู้ {amount}\n{borrower} สัญญา {contract}\nวันที่ {date}{slip}\n"
    "ได้รับเงินแล้วใช่ไหมคะ"
)
PAYMENT_HAS_SLIP = "\n(แนบรูปสลิปไว้ในระบบ)"
PAYMENT_CONFIRM_BUTTON = "ได้รับเงินแล้ว"
PAYMENT_REJECT_BUTTON = "ไม่พบยอดนี้"
PAYMENT_CONFIRMED_DECIDER = "บันทึกรับเงิน {amount} แล้วค่ะ ยอดคงเหลือของ{borrower} {left} 🙏"
PAYMENT_REJECTED_DECIDER = "บันทึกว่าไม่พบยอดนี้แล้วค่ะ น้องแจ้งผู้กู้ให้ติดต่อคุณนะคะ"
PAYMENT_ALREADY_DECIDED = "รายการนี้บันทึกไปแล้วค่ะ 👍"
PAYMENT_NOT_YOURS = "รายการนี้ยืนยันได้เฉพาะกรรมการที่รับผิดชอบหรือเหรัญญิกกองทุนค่ะ 🙏"
PAYMENT_CONFIRMED_BORROWER = "{decider}ยืนยันรับเงิน {amount} แล้วค่ะ ยอดคงเหลือ {left}\n{thanks}"
# How a confirmed payment is thanked: "on time" only when nothing is overdue after it.
PAYMENT_THANKS_ON_TIME = "ชำระตรงเวลา ขอบคุณมากนะคะ 🙏"
PAYMENT_THANKS_STILL_BEHIND = "ยังค้างชำระอีก {count} งวด รวม {amount} ค่อย ๆ ทยอยชำระได้นะคะ ขอบคุณที่ตั้งใจค่ะ 🙏"
PAYMENT_THANKS_ALL_PAID = "ชำระครบทุกงวดแล้ว เก่งมากค่ะ 🎉"
PAYMENT_REJECTED_BORROWER = (
    "{decider}ยังไม่พบยอด {amount} ที่แจ้งไว้ค่ะ\nลองคุยกับ{decider}อีกครั้งนะคะ 🙏"
)
PAYMENT_NO_LOAN = "ไม่พบเงินกู้ที่คุณแจ้งชำระได้ค่ะ ถ้าคิดว่าไม่ถูกต้อง แจ้งเหรัญญิกกองทุนได้นะคะ"

# Weekly encouragement, one a week, never the same one twice in a row.
ENCOURAGEMENT = {
    "household": [
        "สัปดาห์นี้เป็นยังไงบ้างคะ 😊 ทำอาชีพต่อเนื่องทีละนิด รายได้ก็จะค่อย ๆ มาค่ะ",
        "ขอบคุณที่ตั้งใจทำอาชีพนะคะ ครอบครัวภูมิใจแน่นอนค่ะ 💪",
        "มีอะไรอยากถามเรื่องอาชีพ พิมพ์ถามน้องได้ทุกเมื่อนะคะ 🙏",
        "ทุกบาทที่เก็บออมวันนี้ คือความมั่นคงของบ้านในวันหน้าค่ะ 🌱",
    ],
    "leader": [
        "ขอบคุณที่สละเวลาสอนชาวบ้านนะคะ ชาวบ้านสอนชาวบ้านเริ่มจากคุณค่ะ 🙏",
        "สัปดาห์นี้ได้เยี่ยมครัวเรือนไหนบ้างคะ ส่งรายงานสั้น ๆ ได้เลยค่ะ 😊",
        "ความรู้ของคุณเปลี่ยนชีวิตครอบครัวในหมู่บ้านได้จริงค่ะ เป็นกำลังใจให้นะคะ 💪",
        "ถ้ามีคลิปสั้น ๆ ตอนสอน ลองแชร์ให้ครัวเรือนดูซ้ำได้นะคะ 📱",
    ],
    "committee": [
        "ขอบคุณที่ดูแลกลุ่มเหมือนเพื่อนคู่คิดนะคะ 🤝",
        "แวะเยี่ยมสมาชิกสักนิด ให้กำลังใจกันก็ช่วยได้มากค่ะ 😊",
        "ประชุมกลุ่มเดือนนี้แล้วหรือยังคะ ฟังเสียงสมาชิกทำให้กลุ่มเข้มแข็งค่ะ 💪",
        "กองทุนเดินได้เพราะกรรมการที่ตั้งใจอย่างคุณค่ะ 🙏",
    ],
}
ENCOURAGE_GROUP_PAID_ALL = "เดือนนี้{borrower}ชำระครบทุกงวด เยี่ยมมากค่ะ 🎉"

# Officers' figures (`sammachip loans report`)
LOANS_REPORT_TITLE = "สรุปเงินกู้ ณ {date}"
LOANS_REPORT_FUND = "กองทุน: {fund}"
LOANS_REPORT_DUE_SOON = "ครบกำหนดใน 30 วัน: {count} งวด {amount}"
LOANS_REPORT_OVERDUE = "ค้างชำระ {bucket} วัน: {count} งวด {amount}"
LOANS_REPORT_PAR = "เงินต้นคงค้างทั้งหมด {outstanding} เสี่ยง (ค้างเกิน 30 วัน) {at_risk} = {par}"
LOANS_REPORT_RATE = "อัตราชำระคืน {name}: {rate} ({collected} จาก {due})"
LOANS_REPORT_NO_DUE = "อัตราชำระคืน {name}: ยังไม่มีงวดถึงกำหนด"

# ---- Treasurers recording a repayment received ---------------------------------------
RECORD_PAYMENT_WORD = "บันทึกรับชำระ"
RECORD_PAYMENT_TITLE = "บันทึกรับชำระ"
RECORD_ASK_LOAN = "รับเงินจากสัญญาไหนคะ"
RECORD_ASK_AMOUNT = "รับเงินมาเท่าไรคะ เช่น 1,500 หรือ พันห้า"
RECORD_ASK_DATE = "รับเงินวันไหนคะ"
RECORD_DATE_LABEL = "วันที่รับ"
RECORD_NOT_TREASURER = "การบันทึกรับชำระทำได้เฉพาะเหรัญญิกกองทุนหรือกรรมการที่ดูแลสัญญาค่ะ 🙏"
RECORD_NO_LOANS = "ยังไม่มีสัญญาเงินกู้ที่คุณดูแลในระบบค่ะ"
RECORD_DONE = "บันทึกรับเงิน {amount} จาก{borrower} (สัญญา {contract}) แล้วค่ะ 🙏\nยอดคงเหลือ {left}"
RECORD_TOLD_BORROWER = "{treasurer}บันทึกรับเงิน {amount} เมื่อ{date}แล้วค่ะ ยอดคงเหลือ {left}\n{thanks}"


# ---- Activities: the invitation, answers, the day-before reminder, attendance --------
ACTIVITY_INVITE_TITLE = "ขอเชิญร่วมกิจกรรม: {title}"
ACTIVITY_REMINDER = "พรุ่งนี้แล้วนะคะ: {title}"
ACTIVITY_CANCELLED_TITLE = "ขอแจ้งงดกิจกรรม: {title}"
ACTIVITY_LINE_WHEN = "วันที่: {when}"
ACTIVITY_LINE_PLACE = "สถานที่: {place}"
ACTIVITY_ASK_ANSWER = "คุณจะไปร่วมไหมคะ กดตอบได้เลย เปลี่ยนคำตอบทีหลังได้ค่ะ"
ACTIVITY_REMIND_GOING = "คุณตอบว่าจะไป น้องรอพบนะคะ 😊 ถ้าเปลี่ยนใจ กดเปลี่ยนคำตอบได้ค่ะ"
ACTIVITY_REMIND_UNANSWERED = "คุณยังไม่ได้ตอบ จะไปร่วมไหมคะ กดตอบได้เลยค่ะ"
ACTIVITY_CANCELLED_BODY = "กิจกรรมนี้งดแล้วค่ะ ขออภัยที่ทำให้ไม่สะดวกนะคะ 🙏"
ACTIVITY_ANSWERS = {"go": "ไป", "no": "ไม่ไป", "maybe": "ยังไม่แน่ใจ"}
ACTIVITY_ANSWERED = {
    "go": "ขอบคุณค่ะ น้องบันทึกว่าคุณจะไป \"{title}\" แล้ว 😊 วันก่อนงานน้องจะเตือนอีกครั้งค่ะ",
    "no": "รับทราบค่ะ น้องบันทึกว่าคุณไม่สะดวกไป \"{title}\" แล้ว ถ้าเปลี่ยนใจ กดตอบใหม่ได้ค่ะ",
    "maybe": "รับทราบค่ะ น้องบันทึกว่ายังไม่แน่ใจ วันก่อนงานน้องจะถามอีกครั้งนะคะ",
}
ACTIVITY_ANSWER_SAME = "น้องบันทึกคำตอบ \"{answer}\" ไว้แล้วค่ะ 😊"
ACTIVITY_TAP_PAST = "กิจกรรมนี้ผ่านไปแล้วค่ะ ขอบคุณที่สนใจนะคะ 🙏"
ACTIVITY_TAP_CANCELLED = "กิจกรรมนี้งดไปแล้วค่ะ ไม่ต้องตอบแล้วนะคะ 🙏"
ACTIVITY_TAP_NOT_INVITED = "น้องไม่พบคำเชิญนี้สำหรับคุณค่ะ ถ้าสงสัย สอบถามเจ้าหน้าที่ได้นะคะ 🙏"
# The leader's chat flow for who came.
ATTENDANCE_WORD = "บันทึกผู้เข้าร่วม"
ATTENDANCE_TITLE = "บันทึกผู้เข้าร่วมกิจกรรม"
ATTENDANCE_ASK_ACTIVITY = "บันทึกผู้เข้าร่วมกิจกรรมไหนคะ"
ATTENDANCE_ACTIVITY_LABEL = "กิจกรรม"
ATTENDANCE_ASK_WHO = "ใครมาร่วมบ้างคะ เลือกได้หลายคน แล้วกด \"เสร็จแล้ว\" ค่ะ"
ATTENDANCE_WHO_LABEL = "ผู้มาร่วม"
ATTENDANCE_EVERYONE = "มาครบทุกคน"
ATTENDANCE_NOT_LEADER = "การบันทึกผู้เข้าร่วมในแชตทำได้เฉพาะผู้นำสัมมาชีพค่ะ เจ้าหน้าที่บันทึกได้ที่เว็บเจ้าหน้าที่นะคะ 🙏"
ATTENDANCE_NONE = "ยังไม่มีกิจกรรมที่จัดไปแล้วซึ่งเชิญคนในหมู่บ้านของคุณค่ะ"
ATTENDANCE_SAVED = "บันทึกแล้วค่ะ \"{title}\" มาร่วม {came} จาก {invited} คน ขอบคุณที่ช่วยติดตามนะคะ 🙏"
ATTENDANCE_GONE = "กิจกรรมนี้ไม่อยู่ในรายการที่บันทึกได้แล้วค่ะ ลองพิมพ์ \"บันทึกผู้เข้าร่วม\" ใหม่นะคะ"


def _as_sentences(namespace: dict) -> None:
    # Last in the file on purpose: it turns every text above with placeholders into a Sentence.
    for name, value in list(namespace.items()):
        if isinstance(value, str) and not name.startswith("_") and "{" in value:
            namespace[name] = Sentence(value)
        elif isinstance(value, tuple) and all(isinstance(item, str) for item in value):
            namespace[name] = tuple(Sentence(item) if "{" in item else item for item in value)


_as_sentences(globals())

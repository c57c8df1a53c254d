"""Words that carry no topic in a villager's question or an officer's document.

PyThaiNLP's stop-word list (over a thousand words) also drops words that are the topic
here: กลุ่ม (group), ร่วม (together, as in 5 ร่วม), วัน (day), ครั้ง (times), ช่วย (help),
ผล (result). This short list keeps to polite particles, pronouns, question words and the
commonest function words, in Central Thai and Isan.
"""
from __future__ import annotations

STOPWORDS: frozenset[str] = frozenset("""
ครับ คับ ค่ะ คะ ค่า นะ นะคะ นะครับ จ้ะ จ๊ะ จ้า จ้ะ จ๋า เด้อ เด้ อะ อ่ะ ป่ะ ปะ เนี่ย ล่ะ หน่อย สิ ซิ น่ะ
ผม ฉัน ดิฉัน หนู เรา พวกเรา เขา เค้า พี่ น้อง ยาย ตา แม่ พ่อ ข้อย เฮา เพิ่น คุณ ท่าน มัน
อะไร ยังไง อย่างไร ไง ไหม มั้ย ไม๊ เท่าไร เท่าไหร่ เท่าใด กี่ ใคร ที่ไหน ไหน แค่ ทำไม บ้าง หรือ หรือไม่ หรือเปล่า เปล่า ไร
หมายถึง หมายความว่า แปล แปลว่า ย่อ มาจาก ย่อมาจาก
หยัง แหน่ จั่งใด๋ ใด๋ บ่ แม่น
ลุง ป้า น้า หลาน เนาะ เนอะ เน้อ แหละ จ้า ละ เอ่อ
ที่ ซึ่ง อัน ของ และ กับ ก็ จะ ได้ ให้ คือ ใน บน จาก ถึง แล้ว ว่า อยู่ ด้วย แต่ ถ้า เมื่อ โดย เพื่อ เป็น มี
นี้ นั้น โน้น นี่ นั่น ไป มา ๆ
""".split())

from bot.kb.tokenize import words


def test_thai_is_cut_into_dictionary_words():
    assert words("กลุ่มอาชีพต้องมีกรรมการ") == ["กลุ่มอาชีพ", "ต้อง", "มี", "กรรมการ"]


def test_isan_phrases_we_map_are_kept_whole():
    # the Isan-to-Central map is part of the dictionary, so its phrases come out whole
    assert words("เฮ็ดจั่งใด๋ให้กลุ่มยั่งยืน") == ["เฮ็ดจั่งใด๋", "ให้", "กลุ่ม", "ยั่งยืน"]


def test_empty_and_latin_text():
    assert words("") == []
    assert "OTOP" in words("สินค้า OTOP")


def test_everyday_isan_words_reach_the_documents_words():
    from bot.kb.index import analyse
    assert analyse("แม่ญิงในบ้านอยากเฮ็ดปลาแดกขาย").words == ["ผู้หญิง", "บ้าน", "อยาก", "ทำ", "ปลาร้า", "ขาย"]
    assert analyse("ซอกหาตลาดขายเข้าเหนียว").words == ["หา", "ตลาด", "ขาย", "ข้าวเหนียว"]

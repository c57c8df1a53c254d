"""Places import (จังหวัด, อำเภอ, ตำบล, หมู่ที่)."""

REQUIRED = "ต้องกรอก"
BAD_MOO = "หมู่ที่ต้องเป็นตัวเลข 1-999 (ได้ «{value}»)"
MOO_NAMED_TWICE = "หมู่ที่ {moo} ต.{subdistrict} ถูกตั้งชื่อไว้แล้วในแถวที่ {row} ว่า «{name}»"
SUMMARY = "เพิ่มจังหวัด {provinces} อำเภอ {districts} ตำบล {subdistricts} หมู่บ้าน {villages}; เปลี่ยนชื่อหมู่บ้าน {renamed}; ไม่เปลี่ยน {unchanged}"

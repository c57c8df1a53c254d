"""People as officers know them: places, imported people, invite codes and invite sheets.

- `places.load_places`: the province → district → subdistrict → village hierarchy from a CSV.
- `importer.import_people`: people, roles, leaders' households, group committees and officers'
  areas from a CSV or XLSX, all-or-nothing and idempotent.
- `invites.issue_codes` / `invites.redeem`: short codes that link a LINE account to a person.
- `sheets.render_village_sheet`: printable A4 cut-out cards with each person's code and QR.
"""

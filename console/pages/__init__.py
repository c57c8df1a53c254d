"""Every console page's blueprint, in menu order."""
from console.pages.audit import bp as audit
from console.pages.help import bp as help_cases
from console.pages.loans import bp as loans
from console.pages.media import bp as media
from console.pages.missing import bp as missing
from console.pages.notices import bp as notices
from console.pages.overview import bp as overview
from console.pages.people import bp as people
from console.pages.questions import bp as questions
from console.pages.reports import bp as reports
from console.pages.villages import bp as villages

PAGES = [overview, missing, questions, help_cases, loans, villages, reports, people, notices, media, audit]

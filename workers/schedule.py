"""Every periodic job, declared in one place and run by the single `cron` process.

RQ's cron has no lock, so every job here must be idempotent: two cron processes,
or one run twice, may enqueue the same job and nothing may happen twice.
"""
from rq import cron

from bot import ladders
from bot.settings import Settings
from workers import jobs

# The cron process of the Procfile: never with development settings outside `sammachip dev`,
# and never on a ladder that cannot be sent.
settings = Settings.from_env()
settings.refuse_development_outside_dev_runner()
ladders.check(settings)

cron.register(jobs.sweep, queue_name="default", interval=30)
# Scheduled messages (every ladder of bot.ladders, most important first) are decided
# every five minutes: each is keyed, so a run that repeats, overlaps or
# comes late sends nothing twice, and quiet hours are checked at send.
cron.register(jobs.plan_scheduled, queue_name="default", interval=300)
# Officers' notices set for a time: released once each (a conditional update claims it).
cron.register(jobs.release_notices, queue_name="default", interval=60)
# PDPA: payloads and message bodies past the retention period (SAMMACHIP_RETENTION_DAYS) are
# redacted, and the last reply to someone who withdrew is forgotten once it went out.
cron.register(jobs.redact_expired, queue_name="default", interval=600)

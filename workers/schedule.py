"""Every periodic job, declared in one place and run by the single `cron` process.

RQ's cron has no lock, so every job here must be idempotent: two cron processes,
or one run twice, may enqueue the same job and nothing may happen twice.
"""
from rq import cron

from bot import ladders
from bot.settings import Settings
from workers import jobs

ladders.check(Settings.from_env())  # the cron process refuses to start on a ladder that cannot be sent

cron.register(jobs.sweep, queue_name="default", interval=30)
# Scheduled messages (every ladder of bot.ladders, most important first) are decided
# every five minutes: each is keyed, so a run that repeats, overlaps or
# comes late sends nothing twice, and quiet hours are checked at send.
cron.register(jobs.plan_scheduled, queue_name="default", interval=300)

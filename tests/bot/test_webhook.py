"""POST /callback: signature, de-duplication, hand-off to RQ."""
from __future__ import annotations

import threading

from rq import Queue
from sqlalchemy import func, select

from bot.models import WebhookEvent
from tests.signing import body_of, post, sign, text_event
from workers.queues import EVENTS


def _stored(rt) -> int:
    with rt.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(WebhookEvent))


def _queued(rt) -> int:
    return Queue(EVENTS, connection=rt.redis).count


def test_valid_signature_stores_event_and_enqueues_one_job(client, rt):
    response = post(client, body_of(text_event()))
    assert response.status_code == 200
    assert _stored(rt) == 1
    assert _queued(rt) == 1


def test_signature_header_name_is_case_insensitive(client, rt):
    body = body_of(text_event())
    assert post(client, body, header="x-line-signature").status_code == 200
    assert _stored(rt) == 1


def test_bad_signature_is_rejected_and_stores_nothing(client, rt):
    body = body_of(text_event())
    assert post(client, body, signature=sign(body, secret="someone-else")).status_code == 400
    assert post(client, body, signature=None).status_code == 400
    assert post(client, body, signature="not base64 at all").status_code == 400
    assert _stored(rt) == 0
    assert _queued(rt) == 0


def test_body_changed_after_signing_is_rejected(client, rt):
    body = body_of(text_event(text="เมนู"))
    signature = sign(body)
    tampered = body.replace("เมนู".encode(), "โอนเงิน".encode())
    assert post(client, tampered, signature=signature).status_code == 400
    assert _stored(rt) == 0


def test_empty_events_and_malformed_events_get_200(client, rt):
    assert post(client, body_of()).status_code == 200
    no_id = text_event()
    del no_id["webhookEventId"]
    assert post(client, body_of(no_id, "not an event")).status_code == 200
    assert _stored(rt) == 0


def test_signed_non_json_body_is_400(client, rt):
    body = b"this is not json"
    assert post(client, body).status_code == 400


def test_redelivered_event_is_stored_and_enqueued_once(client, rt):
    event = text_event()
    assert post(client, body_of(event)).status_code == 200
    redelivery = dict(event, deliveryContext={"isRedelivery": True})
    assert post(client, body_of(redelivery)).status_code == 200
    assert post(client, body_of(event, event)).status_code == 200
    assert _stored(rt) == 1
    assert _queued(rt) == 1


def test_concurrent_duplicate_deliveries_enqueue_once(app, rt):
    event = text_event()
    body = body_of(event)
    statuses = []

    def deliver():
        with app.test_client() as own_client:
            statuses.append(post(own_client, body).status_code)

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 8
    assert _stored(rt) == 1
    assert _queued(rt) == 1


def test_event_is_kept_when_redis_is_down(app, rt):
    """The event is ours once stored: the sweeper enqueues it when Redis returns."""
    rt.__dict__["redis"] = type(rt.redis).from_url("redis://127.0.0.1:1", socket_connect_timeout=0.2)
    response = post(app.test_client(), body_of(text_event()))
    assert response.status_code == 200
    assert _stored(rt) == 1


def test_concurrent_requests_written_together_are_each_stored_and_enqueued_once(app, rt):
    bodies = [body_of(text_event()) for _ in range(24)] + [body_of(text_event(), text_event())]
    statuses = []

    def deliver(body):
        with app.test_client() as own_client:
            statuses.append(post(own_client, body).status_code)

    threads = [threading.Thread(target=deliver, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 25
    assert _stored(rt) == 26
    jobs = Queue(EVENTS, connection=rt.redis).job_ids
    assert len(jobs) == len(set(jobs)) == 26


def test_requests_queued_behind_a_failed_write_all_get_500_and_nothing_is_handed_on(app, rt):
    from sqlalchemy import event

    def refuse(*_args):
        raise RuntimeError("database gone")

    event.listen(rt.db.engine, "before_cursor_execute", refuse)
    statuses = []

    def deliver():
        with app.test_client() as own_client:
            statuses.append(post(own_client, body_of(text_event())).status_code)

    try:
        threads = [threading.Thread(target=deliver) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        event.remove(rt.db.engine, "before_cursor_execute", refuse)
    assert statuses == [500] * 6
    assert _queued(rt) == 0
    assert post(app.test_client(), body_of(text_event())).status_code == 200  # the next request writes again

"""Photos and payment slips: fetched from LINE's content API once, then kept in our storage.

LINE keeps message content for a limited time only, so the first officer who opens a
report or a slip stores it for everyone after. Files are named by a hash of the message
id, never by anything a user typed.
"""
from __future__ import annotations

import functools
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from linebot.v3.messaging.exceptions import ApiException
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.db import insert_ignoring_duplicates
from bot.models import StoredMedia

log = logging.getLogger(__name__)
TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}
FETCH_TIMEOUT = 10


@dataclass(frozen=True)
class LocalStorage:
    """Files in a folder on this machine (SAMMACHIP_MEDIA_DIR, default instance/media)."""

    folder: Path

    def write(self, name: str, data: bytes) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / name
        temporary = path.with_suffix(path.suffix + ".part")
        temporary.write_bytes(data)
        temporary.replace(path)
        return name

    def remove(self, location: str) -> None:
        (self.folder / Path(location).name).unlink(missing_ok=True)

    def read(self, location: str) -> bytes | None:
        path = self.folder / Path(location).name
        return path.read_bytes() if path.is_file() else None


@dataclass(frozen=True)
class ObjectStorage:
    """An S3-compatible bucket (SAMMACHIP_MEDIA_URL=s3://bucket/prefix; SAMMACHIP_MEDIA_ENDPOINT for
    a service other than AWS's, such as MinIO; credentials from the usual AWS_* variables), for
    several web servers on several machines that must all see the same files."""

    bucket: str
    prefix: str
    endpoint_url: str | None = None

    def _key(self, location: str) -> str:
        return self.prefix + Path(location).name

    def write(self, name: str, data: bytes) -> str:
        _s3(self.endpoint_url).put_object(Bucket=self.bucket, Key=self._key(name), Body=data)
        return name

    def remove(self, location: str) -> None:
        _s3(self.endpoint_url).delete_object(Bucket=self.bucket, Key=self._key(location))

    def read(self, location: str) -> bytes | None:
        client = _s3(self.endpoint_url)
        try:
            return client.get_object(Bucket=self.bucket, Key=self._key(location))["Body"].read()
        except client.exceptions.NoSuchKey:
            return None


@functools.lru_cache(maxsize=4)
def _s3(endpoint_url: str | None):
    import boto3  # only where object storage is configured: `pip install sammachip-bot[s3]`

    return boto3.client("s3", endpoint_url=endpoint_url)


def storage(settings) -> LocalStorage | ObjectStorage:
    if settings.media_url:
        bucket, _, prefix = settings.media_url.removeprefix("s3://").partition("/")
        return ObjectStorage(bucket, prefix.strip("/") + "/" if prefix.strip("/") else "", settings.media_endpoint)
    return LocalStorage(settings.media_folder)


def stored(session: Session, message_id: str) -> StoredMedia | None:
    return session.scalar(select(StoredMedia).where(StoredMedia.message_id == message_id))


def fetch_once(runtime, session: Session, message_id: str) -> StoredMedia | None:
    """The stored copy, fetching it from LINE the first time; None if LINE no longer has it."""
    row = stored(session, message_id)
    if row is not None:
        return row
    try:
        response = runtime.line.blob.get_message_content_with_http_info(message_id, _request_timeout=FETCH_TIMEOUT)
    except ApiException as error:
        log.info("content of message %s not available from LINE: %s", message_id, error.status)
        return None
    content_type = (response.headers or {}).get("Content-Type", "application/octet-stream").split(";")[0].strip()
    if content_type not in TYPES:
        return None  # only images are shown; anything else is not stored or served
    data = bytes(response.data)
    name = hashlib.sha256(message_id.encode()).hexdigest()[:40] + TYPES[content_type]
    location = storage(runtime.settings).write(name, data)
    insert_ignoring_duplicates(session, StoredMedia, [{
        "message_id": message_id, "content_type": content_type, "location": location, "size": len(data),
        "fetched_at": clock.utcnow()}], "message_id")
    return stored(session, message_id)


def read(runtime, row: StoredMedia) -> bytes | None:
    return storage(runtime.settings).read(row.location)

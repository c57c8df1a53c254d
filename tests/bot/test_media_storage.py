"""Photos and slips in an S3-compatible bucket (SAMMACHIP_MEDIA_URL), against moto's S3 server
on loopback: what is written is read back, removed is gone, and a wrong URL is refused."""
from __future__ import annotations

import dataclasses

import pytest

from bot import media
from bot.settings import Settings, SettingsError
from tests.conftest import free_port

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")


@pytest.fixture
def bucket(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-only")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-only")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=free_port())
    server.start()
    endpoint = f"http://127.0.0.1:{server._port}"
    boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket="sammachip-media")
    media._s3.cache_clear()
    yield endpoint
    media._s3.cache_clear()
    server.stop()


def test_photos_go_to_the_bucket_and_come_back(bucket, settings):
    object_settings = dataclasses.replace(settings, media_url="s3://sammachip-media/photos", media_endpoint=bucket)
    store = media.storage(object_settings)
    assert isinstance(store, media.ObjectStorage)
    location = store.write("a1b2.png", b"\x89PNG a slip")
    keys = [o["Key"] for o in boto3.client("s3", endpoint_url=bucket).list_objects_v2(
        Bucket="sammachip-media")["Contents"]]
    assert keys == ["photos/a1b2.png"]
    assert store.read(location) == b"\x89PNG a slip"
    assert store.read("../../etc/passwd") is None  # only a file name is ever looked up
    store.remove(location)
    assert store.read(location) is None


def test_the_folder_is_the_default_and_a_wrong_url_is_refused(settings):
    assert isinstance(media.storage(settings), media.LocalStorage)
    with pytest.raises(SettingsError):
        Settings.from_env({"SAMMACHIP_ENV": "development", "SAMMACHIP_MEDIA_URL": "/var/photos"})

"""A console test signs in as a real account of a two-district world, on the real app."""
from __future__ import annotations

import re

import pytest

from bot import clock
from tests.console import world as world_module


@pytest.fixture
def frozen():
    with clock.frozen_at(world_module.NOW):
        yield


@pytest.fixture
def world(rt, frozen):
    with rt.db.session() as session:
        return world_module.build(session)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


class Officer:
    """A browser-less officer: a test client signed in, that posts forms with their CSRF token."""

    def __init__(self, client):
        self.client = client
        self.token = ""

    def sign_in(self, username: str, password: str = world_module.PASSWORD):
        page = self.client.get("/console/sign-in")
        self.token = csrf_of(page.get_data(as_text=True))
        response = self.client.post("/console/sign-in", data={"username": username, "password": password,
                                                              "csrf_token": self.token})
        if response.status_code == 302:  # signing in starts a new session, with a new CSRF token
            self.token = csrf_of(self.client.get("/console/").get_data(as_text=True))
        return response

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, **kwargs):
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)


@pytest.fixture
def officer_of(app, world):
    """officer_of("officer-a") -> a signed-in Officer."""
    signed_in: dict[str, Officer] = {}

    def make(username: str) -> Officer:
        officer = Officer(app.test_client())
        response = officer.sign_in(username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return officer

    def cached(username: str) -> Officer:
        """One signed-in officer for all examples of a hypothesis test (signing in hashes a password)."""
        if username not in signed_in:
            signed_in[username] = make(username)
        return signed_in[username]

    make.cached = cached
    return make

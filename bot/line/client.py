"""line-bot-sdk v3 behind a small surface, with LINE's answers turned into outcomes.

The hosts come from settings, so the same calls reach the local emulator or LINE. LINE
serves message content and rich-menu images from its data host (api-data.line.me), not
api.line.me, so the blob API has a client of its own on that host.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import urllib3
from linebot.v3.messaging import (
    ApiClient,
    MessagingApiBlob,
    RichMenuBulkLinkRequest,
    RichMenuRequest,
    Configuration,
    MessagingApi,
    MulticastRequest,
    PushMessageRequest,
    ReplyMessageRequest,
)
from linebot.v3.insight import ApiClient as InsightApiClient
from linebot.v3.insight import Configuration as InsightConfiguration
from linebot.v3.insight import Insight
from linebot.v3.insight.exceptions import ApiException as InsightApiException
from linebot.v3.messaging.exceptions import ApiException

from bot.settings import Settings

# (connect, read) seconds: short enough that a lease on an outbox row outlives a call.
REQUEST_TIMEOUT = (3.0, 10.0)
MONTHLY_LIMIT_MESSAGE = "You have reached your monthly limit."


@dataclass(frozen=True)
class Quota:
    """This month's messages: LINE's limit (None: no limit) and what is used so far."""

    limit: int | None
    used: int

    @property
    def left(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)


@dataclass(frozen=True)
class UnitStatistics:
    """What LINE counted for one aggregation unit: people who saw a message, and who tapped a link."""

    unique_impressions: int | None
    unique_clicks: int | None
    clicks: list[dict[str, Any]]


@dataclass(frozen=True)
class SendOutcome:
    """What LINE said about one request, in the terms the outbox acts on."""

    status: int | None  # None when no answer came back (timeout, connection error)
    request_id: str | None = None
    message: str = ""
    # No connection was ever made, so LINE cannot have seen the request.
    never_sent: bool = False

    @property
    def accepted(self) -> bool:
        # 409 on a retry key means LINE accepted the same request earlier.
        return self.status is not None and (200 <= self.status < 300 or self.status == 409)

    @property
    def quota_exhausted(self) -> bool:
        return self.status == 429 and MONTHLY_LIMIT_MESSAGE.lower() in self.message.lower()

    @property
    def retryable(self) -> bool:
        if self.status is None or self.status >= 500:
            return True
        return self.status == 429 and not self.quota_exhausted

    @property
    def outcome_unknown(self) -> bool:
        """The request may have reached LINE and been acted on, but no answer came back."""
        return self.status is None and not self.never_sent

    @property
    def invalid_reply_token(self) -> bool:
        return self.status == 400 and "reply token" in self.message.lower()


def new_retry_key() -> str:
    return str(uuid.uuid4())


class LineClient:
    def __init__(self, settings: Settings):
        token = settings.line_channel_access_token
        self._api_client = ApiClient(Configuration(host=settings.line_api_base, access_token=token))
        self._data_client = ApiClient(Configuration(host=settings.line_data_api_base, access_token=token))
        self._insight_client = InsightApiClient(InsightConfiguration(host=settings.line_api_base, access_token=token))
        self.api = MessagingApi(self._api_client)
        self.blob = MessagingApiBlob(self._data_client)
        self.insight = Insight(self._insight_client)

    def close(self) -> None:
        self._api_client.close()
        self._data_client.close()
        self._insight_client.close()

    def reply(self, reply_token: str, messages: list[dict[str, Any]]) -> SendOutcome:
        request = ReplyMessageRequest.from_dict({"replyToken": reply_token, "messages": messages})
        return self._call(self.api.reply_message_with_http_info, request)

    def push(self, to: str, messages: list[dict[str, Any]], retry_key: str, silent: bool = False) -> SendOutcome:
        request = PushMessageRequest.from_dict({"to": to, "messages": messages, "notificationDisabled": silent})
        return self._call(self.api.push_message_with_http_info, request, x_line_retry_key=retry_key)

    def multicast(self, to: list[str], messages: list[dict[str, Any]], retry_key: str,
                  aggregation_unit: str | None = None) -> SendOutcome:
        body: dict[str, Any] = {"to": to, "messages": messages}
        if aggregation_unit:
            body["customAggregationUnits"] = [aggregation_unit]
        request = MulticastRequest.from_dict(body)
        return self._call(self.api.multicast_with_http_info, request, x_line_retry_key=retry_key)

    # Quota and statistics: read for officers, never on the sending path; None when LINE does not answer.
    def message_quota(self) -> Quota | None:
        """This month's limit and use (GET /v2/bot/message/quota and /quota/consumption)."""
        try:
            quota = self.api.get_message_quota(_request_timeout=REQUEST_TIMEOUT)
            used = self.api.get_message_quota_consumption(_request_timeout=REQUEST_TIMEOUT)
        except (ApiException, urllib3.exceptions.HTTPError):
            return None
        limit = quota.value if quota.type == "limited" else None
        return Quota(limit=limit, used=used.total_usage or 0)

    def group_member_count(self, group_id: str) -> int | None:
        """How many people a push to this group reaches (and LINE bills)."""
        try:
            return self.api.get_group_member_count(group_id, _request_timeout=REQUEST_TIMEOUT).count
        except (ApiException, urllib3.exceptions.HTTPError):
            return None

    def group_name(self, group_id: str) -> str | None:
        """The group's name as its members see it (what an officer recognises it by)."""
        try:
            return self.api.get_group_summary(group_id, _request_timeout=REQUEST_TIMEOUT).group_name
        except (ApiException, urllib3.exceptions.HTTPError):
            return None

    def unit_statistics(self, unit: str, since: date, until: date) -> UnitStatistics | None:
        """Impressions and clicks of what was sent under `unit` (GET
        /v2/bot/insight/message/event/aggregation); dates are LINE's (UTC+9), at most 30 days apart."""
        try:
            found = self.insight.get_statistics_per_unit(unit, since.strftime("%Y%m%d"), until.strftime("%Y%m%d"),
                                                         _request_timeout=REQUEST_TIMEOUT)
        except (InsightApiException, urllib3.exceptions.HTTPError, ValueError):
            return None
        overview = found.overview
        return UnitStatistics(unique_impressions=overview.unique_impression if overview else None,
                              unique_clicks=overview.unique_click if overview else None,
                              clicks=[{"url": click.url, "clicks": click.click, "unique_clicks": click.unique_click}
                                      for click in found.clicks or []])

    def profile(self, user_id: str) -> dict[str, Any] | None:
        try:
            return self.api.get_profile(user_id, _request_timeout=REQUEST_TIMEOUT).to_dict()
        except (ApiException, urllib3.exceptions.HTTPError):
            return None

    def message_content(self, message_id: str) -> bytes | None:
        """What a user sent (a payment slip, a report photo), or None when LINE no longer has it."""
        try:
            return bytes(self.blob.get_message_content(message_id, _request_timeout=REQUEST_TIMEOUT))
        except ApiException as error:
            if error.status in (404, 410):
                return None
            raise

    # Rich menu management: not messages, so not through the outbox; errors raise.
    def rich_menus(self) -> list[dict[str, Any]]:
        response = self.api.get_rich_menu_list(_request_timeout=REQUEST_TIMEOUT)
        return [menu.to_dict() for menu in response.richmenus]

    def create_rich_menu(self, body: dict[str, Any], image_png: bytes) -> str:
        created = self.api.create_rich_menu(RichMenuRequest.from_dict(body), _request_timeout=REQUEST_TIMEOUT)
        self.blob.set_rich_menu_image(created.rich_menu_id, image_png, _headers={"Content-Type": "image/png"},
                                      _request_timeout=REQUEST_TIMEOUT)
        return created.rich_menu_id

    def set_default_rich_menu(self, rich_menu_id: str) -> None:
        self.api.set_default_rich_menu(rich_menu_id, _request_timeout=REQUEST_TIMEOUT)

    def delete_rich_menu(self, rich_menu_id: str) -> None:
        self.api.delete_rich_menu(rich_menu_id, _request_timeout=REQUEST_TIMEOUT)

    def link_rich_menu(self, user_id: str, rich_menu_id: str) -> None:
        self.api.link_rich_menu_id_to_user(user_id, rich_menu_id, _request_timeout=REQUEST_TIMEOUT)

    def unlink_rich_menu(self, user_id: str) -> None:
        try:
            self.api.unlink_rich_menu_id_from_user(user_id, _request_timeout=REQUEST_TIMEOUT)
        except ApiException as error:
            if error.status != 404:  # nothing linked: already showing the default
                raise

    def bulk_link_rich_menu(self, rich_menu_id: str, user_ids: list[str]) -> None:
        request = RichMenuBulkLinkRequest(richMenuId=rich_menu_id, userIds=user_ids)
        self.api.link_rich_menu_id_to_users(request, _request_timeout=REQUEST_TIMEOUT)

    @staticmethod
    def _call(method, *args, **kwargs) -> SendOutcome:
        try:
            response = method(*args, _request_timeout=REQUEST_TIMEOUT, **kwargs)
        except ApiException as error:
            headers = error.headers or {}
            return SendOutcome(
                status=error.status,
                request_id=headers.get("X-Line-Accepted-Request-Id") or headers.get("X-Line-Request-Id"),
                message=_error_message(error.body),
            )
        except urllib3.exceptions.HTTPError as error:
            return SendOutcome(status=None, message=f"{type(error).__name__}: {error}", never_sent=_never_sent(error))
        headers = response.headers or {}
        return SendOutcome(status=response.status_code, request_id=headers.get("X-Line-Request-Id"))


def _never_sent(error: Exception) -> bool:
    """A refused or timed-out connection: the request never left. A read timeout or a
    connection dropped after sending could have been acted on."""
    if isinstance(error, urllib3.exceptions.MaxRetryError):
        error = error.reason or error
    return isinstance(error, (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError))


def _error_message(body: Any) -> str:
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    try:
        parsed = json.loads(body or "{}")
    except (TypeError, ValueError):
        return str(body or "")
    if not isinstance(parsed, dict):
        return str(parsed)
    details = "; ".join(f"{d.get('property')}: {d.get('message')}" for d in parsed.get("details") or [])
    return f"{parsed.get('message', '')} {details}".strip()

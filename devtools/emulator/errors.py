"""LINE's error bodies and the exact messages the bot (and its tests) key on."""
from __future__ import annotations

from flask import Response, abort, jsonify, request

MISSING_AUTHORIZATION = "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'"
INVALID_TOKEN = ("Authentication failed due to the following reason: invalid token. "
                 "Confirm that the access token in the authorization header is valid.")
INVALID_REPLY_TOKEN = "Invalid reply token"
RATE_LIMITED = "The API rate limit has been exceeded. Try again later."
MONTHLY_LIMIT = "You have reached your monthly limit."
RETRY_KEY_ACCEPTED = "The retry key is already accepted"
INVALID_RETRY_KEY = "The value of the X-Line-Retry-Key header is invalid"
NOT_FOUND = "Not found"
FAILED_TO_SEND = "Failed to send messages"
INVALID_JSON = "The request body could not be parsed as JSON"
STATUS_MESSAGES = {400: "Bad Request", 401: INVALID_TOKEN, 403: "Access to this API is not available for your account",
                   404: NOT_FOUND, 409: "Conflict", 429: RATE_LIMITED, 500: "Internal server error",
                   502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


def line_error(status: int, message: str, details: list[dict] | None = None, **extra) -> Response:
    body: dict = {"message": message}
    if details:  # LINE leaves out an empty `details`
        body["details"] = details
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    return response


def invalid_body(details: list[dict]) -> Response:
    return line_error(400, f"The request body has {len(details)} error(s)", details)


def invalid_property(name: str) -> Response:
    return line_error(400, f"The property, '{name}', in the request body is invalid (line: -, column: -)")


def missing_parameter(name: str) -> Response:
    return line_error(400, f"The value for the '{name}' parameter is invalid",
                      [{"message": "must be specified", "property": name}])


def refusal(problems) -> Response | None:
    """LINE's 400 for a body that breaks its rules (`rules.Problems`), or None when it keeps them."""
    if problems.mistyped:
        return invalid_property(problems.mistyped)
    return invalid_body(problems.details) if problems.details else None


def json_body() -> dict:
    """The request's JSON object, or a LINE 400 if the body is not one."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(line_error(400, INVALID_JSON))
    return body

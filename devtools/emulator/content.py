"""The data host's endpoints: what users sent (content, preview, transcoding) and rich-menu images.

LINE serves these from api-data.line.me, not api.line.me, and answers 404 for them on the
other host. The emulator does the same on its separate data address, so a client built on
the wrong host fails here before it fails in production.
"""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from devtools.emulator.errors import NOT_FOUND, line_error
from devtools.emulator.images import image_size, solid_png
from devtools.emulator.state import current_state

content = Blueprint("line_data", __name__)

RICH_MENU_IMAGE_TYPES = ("image/png", "image/jpeg")
# LINE's documented rich-menu image limit: "Max file size: 1 MB".
RICH_MENU_IMAGE_MAX_BYTES = 1024 * 1024
IMAGE_ALREADY_UPLOADED = "An image has already been uploaded to the richmenu"
# Previews exist for images and videos only, as on LINE.
PREVIEWABLE = ("image/", "video/")
PREVIEW_SIZE = (240, 240)


def _stored(message_id: str) -> tuple[bytes, str] | None:
    return current_state().contents.get(message_id)


@content.get("/v2/bot/message/<message_id>/content")
def message_content(message_id: str):
    stored = _stored(message_id)
    if stored is None:
        return line_error(404, NOT_FOUND)
    data, content_type = stored
    return Response(data, mimetype=content_type)


@content.get("/v2/bot/message/<message_id>/content/preview")
def message_content_preview(message_id: str):
    stored = _stored(message_id)
    if stored is None or not stored[1].startswith(PREVIEWABLE):
        return line_error(404, NOT_FOUND)
    data, content_type = stored
    if content_type.startswith("image/"):
        return Response(data, mimetype=content_type)
    return Response(solid_png(*PREVIEW_SIZE), mimetype="image/png")  # a still of the video


@content.get("/v2/bot/message/<message_id>/content/transcoding")
def message_content_transcoding(message_id: str):
    stored = _stored(message_id)
    if stored is None or not stored[1].startswith(("video/", "audio/")):
        return line_error(404, NOT_FOUND)
    return jsonify(status="succeeded")


@content.post("/v2/bot/richmenu/<rich_menu_id>/content")
def upload_rich_menu_image(rich_menu_id: str):
    state = current_state()
    with state.lock:
        menu = state.rich_menus.get(rich_menu_id)
        if menu is None:
            return line_error(404, NOT_FOUND)
        if menu.image is not None:
            return line_error(400, IMAGE_ALREADY_UPLOADED)
        content_type = (request.mimetype or "").lower()
        if content_type not in RICH_MENU_IMAGE_TYPES:
            return line_error(415, "Unsupported Media Type: use image/png or image/jpeg")
        data = request.get_data()
        if len(data) > RICH_MENU_IMAGE_MAX_BYTES:
            return line_error(400, f"The image must be {RICH_MENU_IMAGE_MAX_BYTES // 1024} KB or less")
        wanted = (menu.body["size"]["width"], menu.body["size"]["height"])
        if image_size(data, content_type) != wanted:
            return line_error(400, f"The image must be a {content_type} of {wanted[0]}x{wanted[1]} pixels")
        menu.image, menu.content_type = data, content_type
    return jsonify({})


@content.get("/v2/bot/richmenu/<rich_menu_id>/content")
def download_rich_menu_image(rich_menu_id: str):
    menu = current_state().rich_menus.get(rich_menu_id)
    if menu is None or menu.image is None:
        return line_error(404, NOT_FOUND)
    return Response(menu.image, mimetype=menu.content_type)

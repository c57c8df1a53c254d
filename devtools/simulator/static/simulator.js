// The chat simulator: a LINE-like chat window driving the bot through the LINE emulator.
// Message content is always put into the page with textContent, never as HTML, because
// it is whatever the bot (or a knowledge document) said.
"use strict";

const API = "/simulator/api";
const POLL_WAIT_SECONDS = 20;
const RETRY_MS = 2000;

const state = {
  users: [],
  userId: null,
  cursor: 0,
  shownSeqs: new Set(),
  // Bumped on every user switch so a long-poll for the previous user stops itself.
  session: 0,
  pollAbort: null,
  lastSide: null,
  // Whether the chat is scrolled to its end, so late-loading images keep it there, and
  // where scrollToEnd last left it: scrolling above that is the developer reading back.
  atEnd: true,
  endScrollTop: 0,
};

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

async function api(path, options = {}) {
  const init = { ...options, headers: { "Content-Type": "application/json" } };
  if (options.body !== undefined) init.body = JSON.stringify(options.body);
  const response = await fetch(API + path, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.error || `${response.status} ${path}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- Users ------------------------------------------------------------------

function userIdOf(user) { return user.user_id ?? user.userId; }
function displayNameOf(user) { return user.display_name ?? user.displayName ?? userIdOf(user); }
function currentUser() { return state.users.find((user) => userIdOf(user) === state.userId); }

async function loadUsers() {
  const listed = await api("/users");
  state.users = Array.isArray(listed) ? listed : (listed.users ?? []);
  const select = $("user-select");
  select.replaceChildren();
  if (!state.users.length) select.append(el("option", null, "(ยังไม่มีผู้ใช้)"));
  for (const user of state.users) {
    const option = el("option", null, displayNameOf(user));
    option.value = userIdOf(user);
    select.append(option);
  }
  if (state.userId) select.value = state.userId;
  showUserState();
}

function showUserState() {
  const user = currentUser();
  const following = Boolean(user && (user.following ?? user.followed ?? (user.state === "following")));
  const blocked = Boolean(user && (user.blocked ?? (user.state === "blocked")));
  $("user-state").textContent = user ? (blocked ? "บล็อกอยู่" : following ? "ติดตามอยู่" : "ยังไม่ได้ติดตาม") : "";
  $("follow").setAttribute("aria-pressed", String(following && !blocked));
  $("block").setAttribute("aria-pressed", String(blocked));
  for (const id of ["follow", "block"]) $(id).disabled = !user;
  // On LINE a user who blocked the account cannot write to it until they add it again.
  for (const id of ["send", "attach", "text"]) $(id).disabled = !user || blocked;
  $("text").placeholder = blocked ? "บล็อกอยู่: กด “ติดตาม” เพื่อคุยต่อ" : "พิมพ์ข้อความ";
}

async function createUser(displayName) {
  const user = await api("/users", { method: "POST", body: { display_name: displayName } });
  await loadUsers();
  await openUser(userIdOf(user));
}

async function openUser(userId) {
  state.session += 1;
  state.pollAbort?.abort();
  state.userId = userId;
  state.cursor = 0;
  state.shownSeqs.clear();
  state.lastSide = null;
  $("user-select").value = userId;
  const url = new URL(location.href);
  url.searchParams.set("user", userId);
  history.replaceState(null, "", url);
  await loadUsers();  // follow and block state may have changed elsewhere (another tab, a test)
  $("chat").replaceChildren();
  clearQuickReplies();
  await Promise.all([loadHistory(), loadRichMenu()]);
  pollLoop(state.session);
}

// ---- History and the long-poll for pushes ------------------------------------

async function loadHistory() {
  const session = state.session;
  const history = await api(`/history?user_id=${encodeURIComponent(state.userId)}`);
  if (session !== state.session) return;
  const entries = Array.isArray(history) ? history : (history.history ?? history.items ?? []);
  let lastBotMessage = null;
  for (const entry of entries) {
    if (entry.kind === "event") {
      showUserEvent(entry.event, entry.at, entry.shown);
      lastBotMessage = null;
    } else if (entry.kind === "message") {
      showBotMessage(entry.message, entry.at);
      markShown(entry.seq);
      lastBotMessage = entry.message;
    }
  }
  if (lastBotMessage) showQuickReplies(lastBotMessage);
  scrollToEnd();
  markSeen();
}

// What the page shows, the user has seen: LINE counts it as opened in its statistics.
function markSeen() {
  if (!state.userId?.startsWith("U")) return;
  api("/seen", { method: "POST", body: { user_id: state.userId } }).catch(() => {});
}

function markShown(seq) {
  state.shownSeqs.add(seq);
  state.cursor = Math.max(state.cursor, seq);
}

async function pollLoop(session) {
  while (session === state.session) {
    const abort = new AbortController();
    state.pollAbort = abort;
    try {
      const query = `user_id=${encodeURIComponent(state.userId)}&after=${state.cursor}&wait=${POLL_WAIT_SECONDS}`;
      const response = await fetch(`${API}/messages?${query}`, { signal: abort.signal });
      if (!response.ok) throw new Error(`poll ${response.status}`);
      const batch = await response.json();
      if (session !== state.session) return;
      showDelivered(batch.messages ?? []);
      if (batch.cursor !== undefined) state.cursor = Math.max(state.cursor, batch.cursor);
    } catch (error) {
      if (session !== state.session) return;
      await sleep(RETRY_MS);
    }
  }
}

function showDelivered(items) {
  const fresh = items.filter((item) => !state.shownSeqs.has(item.seq));
  for (const item of fresh) {
    markShown(item.seq);
    showBotMessage(item.message, item.at);
  }
  if (fresh.length) {
    showQuickReplies(fresh[fresh.length - 1].message);
    scrollToEnd();
    markSeen();
  }
}

// ---- Sending ------------------------------------------------------------------

// Every bot reply arrives through the long-poll, so sending only has to post the event;
// the rich menu and follow state may change as a result, so both are refreshed after.
async function sendEvent(event) {
  if (!state.userId) return;
  clearQuickReplies();
  const session = state.session;
  let sent;
  try {
    sent = await api("/events", { method: "POST", body: { user_id: state.userId, ...event } });
  } catch (error) {
    showSystem(`ส่งไม่สำเร็จ: ${error.message}`);
    return;
  }
  if (session !== state.session) return;
  await Promise.all([loadUsers(), loadRichMenu()]);
  return sent;
}

function sendText(text) {
  if (!text || !text.trim()) return;
  showUserMessage({ type: "text", text });
  return sendEvent({ type: "text", text });
}

function sendPostback(data, displayText, params) {
  if (displayText) showUserMessage({ type: "text", text: displayText });
  const event = { type: "postback", data };
  if (displayText) event.display_text = displayText;
  if (params) event.params = params;
  return sendEvent(event);
}

function sendKind(kind) {
  if (kind === "sticker") return toggleStickerTray();
  if (kind === "image") return $("image-file").click();
  showUserMessage({ type: "location", title: "ตำแหน่ง", address: "" });
  return sendEvent({ type: kind });
}

// Stickers LINE lets bots and testers use (its sendable sticker list): package and sticker ids.
const STICKERS = [
  ["446", "1988"], ["446", "1989"], ["446", "1990"], ["446", "1991"],
  ["789", "10855"], ["789", "10856"], ["789", "10857"], ["789", "10858"],
  ["11537", "52002734"], ["11537", "52002735"], ["11538", "51626494"], ["11539", "52114110"],
];

function toggleStickerTray() {
  const tray = $("sticker-tray");
  if (!tray.childElementCount) {
    for (const [packageId, stickerId] of STICKERS) {
      const button = el("button", "sticker-choice", `${packageId}/${stickerId}`);
      button.type = "button";
      button.addEventListener("click", () => {
        tray.hidden = true;
        showUserMessage({ type: "sticker", packageId, stickerId });
        sendEvent({ type: "sticker", packageId, stickerId });
      });
      tray.append(button);
    }
  }
  tray.hidden = !tray.hidden;
}

// A photo the tester picked is sent as a LINE user sends one: its bytes go to the
// platform, the bot fetches them from the data host, and the chat shows them from there.
async function sendImageFile(file) {
  if (!file) return;
  if (!["image/jpeg", "image/png"].includes(file.type)) {
    showSystem("ส่งได้เฉพาะรูป JPEG หรือ PNG");
    return;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  const sent = await sendEvent({ type: "image", content: btoa(binary), content_type: file.type });
  if (sent?.event?.message) showUserMessage(sent.event.message);
}

// What tapping a button, chip, rich-menu area or Flex component does, as in LINE.
function runAction(action) {
  if (!action) return;
  switch (action.type) {
    case "message":
      return sendText(action.text ?? action.label);
    case "postback":
      applyInputOption(action);
      return sendPostback(action.data, action.displayText ?? action.text);
    case "datetimepicker":
      return openPicker(action);
    case "uri":
      if (state.userId?.startsWith("U") && action.uri) {
        api("/click", { method: "POST", body: { user_id: state.userId, uri: action.uri } }).catch(() => {});
      }
      window.open(action.uri ?? action.altUri?.desktop, "_blank", "noopener");
      return;
    case "richmenuswitch":
      return sendPostback(action.data, null, { newRichMenuAliasId: action.richMenuAliasId, status: "SUCCESS" });
    case "camera":
    case "cameraRoll":
      return sendKind("image");
    case "location":
      return sendKind("location");
    case "clipboard":
      navigator.clipboard?.writeText(action.clipboardText ?? "");
      return;
    default:
      showSystem(`ไม่รองรับปุ่มชนิด ${action.type}`);
  }
}

function applyInputOption(action) {
  if (action.inputOption === "openKeyboard") {
    $("text").value = action.fillInText ?? "";
    $("text").focus();
  } else if (action.inputOption === "openRichMenu") {
    setRichMenuOpen(true);
  } else if (action.inputOption === "closeRichMenu") {
    setRichMenuOpen(false);
  }
}

const PICKER_INPUT = {
  date: { type: "date", param: "date" },
  time: { type: "time", param: "time" },
  datetime: { type: "datetime-local", param: "datetime" },
};

function openPicker(action) {
  const mode = PICKER_INPUT[action.mode] ?? PICKER_INPUT.date;
  const input = $("picker-input");
  input.type = mode.type;
  input.value = action.initial ?? "";
  input.min = action.min ?? "";
  input.max = action.max ?? "";
  $("picker-label").textContent = action.label ?? "";
  const dialog = $("picker-dialog");
  dialog.onclose = () => {
    if (dialog.returnValue !== "pick" || !input.value) return;
    sendPostback(action.data, action.label ? `${action.label}: ${input.value}` : input.value,
                 { [mode.param]: input.value });
  };
  dialog.returnValue = "";
  dialog.showModal();
}

// ---- Chat rows ------------------------------------------------------------------

function formatTime(at) {
  if (at === undefined || at === null) return "";
  const when = typeof at === "number" ? new Date(at < 1e12 ? at * 1000 : at) : new Date(at);
  if (Number.isNaN(when.getTime())) return "";
  // Bangkok time whatever the tester's computer says, as the bot and its users live by it.
  return when.toLocaleTimeString("th-TH", { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Bangkok" });
}

function addRow(side, content, at) {
  const row = el("div", `row ${side}`);
  if (state.lastSide === side) row.classList.add("follows");
  state.lastSide = side;
  row.append(el("div", "avatar", "ส"), content, el("span", "time", formatTime(at ?? Date.now())));
  $("chat").append(row);
  scrollToEnd();
}

function showSystem(text) {
  state.lastSide = null;
  $("chat").append(el("div", "system", text));
  scrollToEnd();
}

function scrollToEnd() {
  const chat = $("chat");
  chat.scrollTop = chat.scrollHeight;
  state.endScrollTop = chat.scrollTop;
  state.atEnd = true;
}

function showUserMessage(message, at) {
  addRow("mine", renderUserMessage(message), at);
}

// A webhook event the user caused, as the emulator recorded it; `shown` is the display
// text the tap put in the chat (kept beside the event, as LINE does not send it to the bot).
function showUserEvent(event, at, shown) {
  if (event.type === "follow") return showSystem("ติดตามบัญชีนี้");
  if (event.type === "unfollow") return showSystem("บล็อกบัญชีนี้");
  if (event.type === "message") return showUserMessage(event.message, at);
  if (event.type === "unsend") return showSystem("ยกเลิกข้อความ");
  if (event.type === "postback" && shown) return showUserMessage({ type: "text", text: shown }, at);
  // A tap without display text shows nothing in LINE's chat; a quiet note says what the bot got.
  if (event.type === "postback") {
    const { data = "", params } = event.postback ?? {};
    showSystem(`postback: ${data}${params ? ` ${JSON.stringify(params)}` : ""}`);
  }
}

function renderUserMessage(message) {
  switch (message.type) {
    case "sticker":
      return renderSticker(message);
    case "image":
      return message.id ? renderImage(`/simulator/content/${encodeURIComponent(message.id)}`)
                        : el("div", "bubble", "🖼️ รูปภาพ");
    case "location":
      return renderLocation(message);
    case "file":
      return el("div", "bubble", `📄 ${message.fileName ?? "ไฟล์"}`);
    default:
      return el("div", "bubble", message.text ?? `[${message.type}]`);
  }
}

function showBotMessage(message, at) {
  addRow("theirs", renderBotMessage(message), at);
}

function renderBotMessage(message) {
  switch (message.type) {
    case "text":
    case "textV2":
      return el("div", "bubble", message.text);
    case "sticker":
      return renderSticker(message);
    case "image":
      return renderImage(message.previewImageUrl ?? message.originalContentUrl, message.originalContentUrl);
    case "location":
      return renderLocation(message);
    case "template":
      return renderTemplate(message.template, message.altText);
    case "flex":
      return renderFlexContainer(message.contents);
    case "video":
    case "audio":
      return linkBubble(`${message.type === "video" ? "🎬" : "🔊"} ${message.type}`, message.originalContentUrl);
    case "imagemap":
      return el("div", "bubble note", `[imagemap] ${message.altText ?? ""}`);
    default:
      return el("div", "bubble raw", JSON.stringify(message, null, 2));
  }
}

function renderSticker(message) {
  const sticker = el("div", "sticker");
  const label = el("span", null, `สติกเกอร์ ${message.packageId ?? "?"}/${message.stickerId ?? "?"}`);
  // LINE's own picture of the sticker when the network reaches its CDN; the ids otherwise.
  const image = el("img");
  image.alt = label.textContent;
  image.src = `https://stickershop.line-scdn.net/stickershop/v1/sticker/${encodeURIComponent(message.stickerId ?? "")}/android/sticker.png`;
  image.addEventListener("load", () => label.remove());
  image.addEventListener("error", () => image.remove());
  sticker.append(image, label);
  return sticker;
}

function renderImage(src, original) {
  const bubble = el("div", "bubble media");
  const image = el("img");
  image.src = src;
  image.alt = "รูปภาพ";
  if (original) {
    image.classList.add("flex-tappable");
    image.addEventListener("click", () => window.open(original, "_blank", "noopener"));
  }
  bubble.append(image);
  return bubble;
}

function renderLocation(message) {
  const bubble = el("div", "bubble location");
  bubble.append(el("b", null, `📍 ${message.title ?? "ตำแหน่ง"}`));
  if (message.address) bubble.append(el("span", null, message.address));
  return bubble;
}

function linkBubble(label, href) {
  const bubble = el("div", "bubble");
  const link = el("a", null, label);
  link.href = href;
  link.target = "_blank";
  link.rel = "noopener";
  bubble.append(link);
  return bubble;
}

// ---- Quick replies -----------------------------------------------------------------

function clearQuickReplies() {
  const bar = $("quick-replies");
  bar.replaceChildren();
  bar.hidden = true;
}

function showQuickReplies(message) {
  const items = message?.quickReply?.items ?? [];
  clearQuickReplies();
  if (!items.length) return;
  const bar = $("quick-replies");
  for (const item of items) {
    const chip = el("button", "chip", item.action?.label ?? "");
    chip.type = "button";
    chip.addEventListener("click", () => runAction(item.action));
    bar.append(chip);
  }
  bar.hidden = false;
}

// ---- Template messages ---------------------------------------------------------------

function actionButton(action, className) {
  const button = el("button", className, action?.label ?? "");
  button.type = "button";
  button.addEventListener("click", (event) => {
    event.stopPropagation();
    runAction(action);
  });
  return button;
}

function renderTemplate(template, altText) {
  if (!template) return el("div", "bubble note", altText ?? "[template]");
  switch (template.type) {
    case "buttons":
      return renderTemplateColumn(template, template);
    case "confirm": {
      const card = el("div", "template confirm");
      card.append(el("div", "text", template.text));
      const actions = el("div", "actions");
      for (const action of template.actions ?? []) actions.append(actionButton(action));
      card.append(actions);
      return card;
    }
    case "carousel": {
      const row = el("div", "carousel");
      for (const column of template.columns ?? []) row.append(renderTemplateColumn(column, template));
      return row;
    }
    case "image_carousel": {
      const row = el("div", "carousel");
      for (const column of template.columns ?? []) {
        const card = el("div", "template image-column");
        const image = el("img");
        image.src = column.imageUrl;
        image.alt = "";
        card.append(image, actionButton(column.action));
        row.append(card);
      }
      return row;
    }
    default:
      return el("div", "bubble note", altText ?? `[template ${template.type}]`);
  }
}

function renderTemplateColumn(column, template) {
  const card = el("div", "template");
  if (column.thumbnailImageUrl) {
    const image = el("img");
    image.src = column.thumbnailImageUrl;
    image.alt = "";
    if (template.imageAspectRatio === "square") image.style.aspectRatio = "1";
    if (template.imageSize === "contain") image.style.objectFit = "contain";
    if (column.imageBackgroundColor) image.style.background = column.imageBackgroundColor;
    card.append(image);
  }
  if (column.title) card.append(el("div", "title", column.title));
  card.append(el("div", "text", column.text));
  const actions = el("div", "actions");
  for (const action of column.actions ?? []) actions.append(actionButton(action));
  card.append(actions);
  makeTappable(card, column.defaultAction);
  return card;
}

function makeTappable(node, action) {
  if (!action) return;
  node.classList.add("flex-tappable");
  node.addEventListener("click", (event) => {
    event.stopPropagation();
    runAction(action);
  });
}

// ---- Flex messages ---------------------------------------------------------------------
// Keyword sizes as LINE defines them; anything else ("12px", "50%") is used as given.

const SPACING = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
const TEXT_SIZE = { xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29, "3xl": 35, "4xl": 48, "5xl": 74 };
const IMAGE_SIZE = { xxs: 40, xs: 60, sm: 80, md: 100, lg: 120, xl: 140, xxl: 160, "3xl": 180, "4xl": 200, "5xl": 240 };
const BORDER_WIDTH = { none: 0, light: 0.5, normal: 1, medium: 2, "semi-bold": 3, bold: 4 };
const CORNER_RADIUS = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
const ALIGN = { start: "flex-start", center: "center", end: "flex-end" };
const TEXT_ALIGN = { start: "left", center: "center", end: "right" };
const BLOCK_PADDING = { header: "16px", hero: "0", body: "16px", footer: "10px" };

function measure(value, table) {
  if (value === undefined || value === null) return null;
  if (value in table) return `${table[value]}px`;
  return String(value);
}

function renderFlexContainer(container) {
  if (!container) return el("div", "bubble note", "[flex]");
  if (container.type === "carousel") {
    const row = el("div", "carousel");
    for (const bubble of container.contents ?? []) row.append(renderFlexBubble(bubble));
    return row;
  }
  return renderFlexBubble(container);
}

function renderFlexBubble(bubble) {
  const card = el("div", `flex-bubble ${bubble.size ?? "mega"}`);
  if (bubble.direction === "rtl") card.dir = "rtl";
  const styles = bubble.styles ?? {};
  let first = true;
  for (const blockName of ["header", "hero", "body", "footer"]) {
    const content = bubble[blockName];
    if (!content) continue;
    const style = styles[blockName] ?? {};
    const block = el("div", `flex-block ${blockName}-block`);
    if (style.backgroundColor) block.style.backgroundColor = style.backgroundColor;
    if (style.separator && !first) {
      block.classList.add("with-separator");
      if (style.separatorColor) block.style.borderTopColor = style.separatorColor;
    }
    // The body takes the spare height so footers line up across a carousel.
    if (blockName === "body") block.style.flex = "1";
    const root = renderFlexComponent(content, "vertical");
    const hasPadding = ["paddingAll", "paddingTop", "paddingBottom", "paddingStart", "paddingEnd"]
      .some((key) => key in content);
    if (content.type === "box" && !hasPadding) root.style.padding = BLOCK_PADDING[blockName];
    block.append(root);
    card.append(block);
    first = false;
  }
  makeTappable(card, bubble.action);
  return card;
}

function renderFlexComponent(component, parentLayout) {
  const render = {
    box: renderFlexBox,
    text: renderFlexText,
    button: renderFlexButton,
    image: renderFlexImage,
    icon: renderFlexIcon,
    separator: renderFlexSeparator,
    filler: () => el("div", "flex-filler"),
    spacer: (spacer) => {
      const node = el("div", "flex-spacer");
      node.style.flex = `0 0 ${measure(spacer.size ?? "md", SPACING)}`;
      return node;
    },
    span: (span) => renderSpan(span),
    video: (video) => renderFlexComponent(video.altContent ?? { type: "text", text: "[video]" }, parentLayout),
  }[component.type];
  const node = render ? render(component, parentLayout) : el("div", "bubble raw", JSON.stringify(component));
  applyFlexSizing(node, component, parentLayout);
  applyOffsets(node, component);
  makeTappable(node, component.type === "button" ? null : component.action);
  return node;
}

// LINE's `flex`: children of a horizontal box share the width (default 1); children of a
// vertical box keep their natural height (default 0).
function applyFlexSizing(node, component, parentLayout) {
  if (component.type === "spacer") return;
  const across = parentLayout === "horizontal" || parentLayout === "baseline";
  const noDefaultFlex = component.type === "separator" || component.type === "icon";
  const grow = component.flex ?? (across && !noDefaultFlex ? 1 : 0);
  if (component.width && across) {
    node.style.flex = `0 0 ${component.width}`;
  } else if (grow > 0) {
    node.style.flex = across ? `${grow} 1 0` : `${grow} 0 auto`;
  } else {
    node.style.flex = "0 0 auto";
  }
  if (component.gravity && across) node.style.alignSelf = ALIGN[{ top: "start", bottom: "end" }[component.gravity] ?? component.gravity];
}

function applyOffsets(node, component) {
  if (component.position === "absolute") node.style.position = "absolute";
  for (const [key, side] of [["offsetTop", "top"], ["offsetBottom", "bottom"], ["offsetStart", "left"], ["offsetEnd", "right"]]) {
    if (component[key] !== undefined) {
      if (!node.style.position) node.style.position = "relative";
      node.style[side] = measure(component[key], SPACING);
    }
  }
}

function renderFlexBox(box) {
  const layout = box.layout ?? "vertical";
  const node = el("div", `flex-box ${layout}`);
  const s = node.style;
  if (box.backgroundColor) s.backgroundColor = box.backgroundColor;
  if (box.background?.type === "linearGradient") {
    const stops = [box.background.startColor, box.background.centerColor, box.background.endColor].filter(Boolean);
    s.backgroundImage = `linear-gradient(${box.background.angle ?? "0deg"}, ${stops.join(", ")})`;
  }
  if (box.borderColor) s.borderColor = box.borderColor;
  if (box.borderWidth !== undefined || box.borderColor) {
    s.borderStyle = "solid";
    s.borderWidth = measure(box.borderWidth ?? "normal", BORDER_WIDTH);
  }
  if (box.cornerRadius) s.borderRadius = measure(box.cornerRadius, CORNER_RADIUS);
  if (box.cornerRadius || box.borderWidth) s.overflow = "hidden";
  if (box.width) s.width = box.width;
  if (box.maxWidth) s.maxWidth = box.maxWidth;
  if (box.height) s.height = box.height;
  if (box.maxHeight) s.maxHeight = box.maxHeight;
  if (box.paddingAll) s.padding = measure(box.paddingAll, SPACING);
  for (const [key, side] of [["paddingTop", "paddingTop"], ["paddingBottom", "paddingBottom"],
                             ["paddingStart", "paddingInlineStart"], ["paddingEnd", "paddingInlineEnd"]]) {
    if (box[key]) s[side] = measure(box[key], SPACING);
  }
  if (box.justifyContent) s.justifyContent = box.justifyContent;
  if (box.alignItems) s.alignItems = box.alignItems;
  const vertical = layout === "vertical";
  (box.contents ?? []).forEach((child, index) => {
    const childNode = renderFlexComponent(child, layout);
    // `margin` is the space before a component; `spacing` is the box's default for it.
    const gap = child.margin !== undefined ? measure(child.margin, SPACING) : index > 0 ? measure(box.spacing, SPACING) : null;
    if (gap && index > 0 && child.position !== "absolute") {
      childNode.style[vertical ? "marginTop" : "marginInlineStart"] = gap;
    }
    node.append(childNode);
  });
  return node;
}

function styleText(node, source) {
  const s = node.style;
  s.fontSize = measure(source.size ?? "md", TEXT_SIZE);
  if (source.weight === "bold") s.fontWeight = "700";
  s.color = source.color ?? "#111111";
  if (source.style === "italic") s.fontStyle = "italic";
  if (source.decoration && source.decoration !== "none") s.textDecoration = source.decoration;
}

function renderSpan(span) {
  const node = el("span", null, span.text);
  styleText(node, span);
  return node;
}

function renderFlexText(text) {
  const node = el("div", "flex-text");
  styleText(node, text);
  if (text.contents?.length) {
    for (const span of text.contents) node.append(renderSpan(span));
  } else {
    node.textContent = text.text ?? "";
  }
  if (text.wrap) node.classList.add("wrap");
  if (text.align) node.style.textAlign = TEXT_ALIGN[text.align] ?? text.align;
  if (text.lineSpacing) node.style.lineHeight = `calc(1.4em + ${text.lineSpacing})`;
  if (text.wrap && text.maxLines) {
    Object.assign(node.style, { display: "-webkit-box", webkitBoxOrient: "vertical", webkitLineClamp: String(text.maxLines) });
  }
  return node;
}

function renderFlexButton(button) {
  const style = button.style ?? "link";
  const node = actionButton(button.action, `flex-button ${style} ${button.height ?? "md"}`);
  if (button.color) node.style[style === "link" ? "color" : "backgroundColor"] = button.color;
  return node;
}

function renderFlexImage(image) {
  const wrapper = el("div", `flex-image${image.aspectMode === "cover" ? " cover" : ""}`);
  wrapper.style.justifyContent = ALIGN[image.align ?? "center"];
  const img = el("img");
  img.src = image.url;
  img.alt = "";
  const size = image.size ?? "md";
  img.style.width = size === "full" ? "100%" : measure(size, IMAGE_SIZE);
  const [w, h] = (image.aspectRatio ?? "1:1").split(":").map(Number);
  if (w && h) img.style.aspectRatio = `${w} / ${h}`;
  if (image.backgroundColor) img.style.backgroundColor = image.backgroundColor;
  wrapper.append(img);
  return wrapper;
}

function renderFlexIcon(icon) {
  const img = el("img", "flex-icon");
  img.src = icon.url;
  img.alt = "";
  img.style.height = measure(icon.size ?? "md", TEXT_SIZE);
  const [w, h] = (icon.aspectRatio ?? "1:1").split(":").map(Number);
  if (w && h) img.style.aspectRatio = `${w} / ${h}`;
  return img;
}

function renderFlexSeparator(separator) {
  const node = el("div", "flex-separator");
  if (separator.color) node.style.backgroundColor = separator.color;
  return node;
}

// ---- Rich menu ----------------------------------------------------------------------------

async function loadRichMenu() {
  const session = state.session;
  const section = $("rich-menu");
  let linked = null;
  try {
    linked = await api(`/richmenu?user_id=${encodeURIComponent(state.userId)}`);
  } catch (error) {
    if (error.status !== 404) throw error;
  }
  if (session !== state.session) return;
  const menu = linked?.richMenu;
  if (!menu) {
    section.hidden = true;
    section.dataset.richMenuId = "";
    return;
  }
  if (section.dataset.richMenuId === linked.richMenuId) return;
  section.dataset.richMenuId = linked.richMenuId;
  $("rich-menu-image").src = `/simulator/richmenu/${encodeURIComponent(linked.richMenuId)}/image`;
  const areas = $("rich-menu-areas");
  areas.replaceChildren();
  // Percentages of the menu's own size keep every area on its part of the image at any width.
  const { width, height } = menu.size ?? { width: 2500, height: 1686 };
  for (const area of menu.areas ?? []) {
    const button = el("button");
    button.type = "button";
    button.title = area.action?.label ?? area.action?.text ?? area.action?.data ?? "";
    Object.assign(button.style, {
      left: `${(area.bounds.x / width) * 100}%`,
      top: `${(area.bounds.y / height) * 100}%`,
      width: `${(area.bounds.width / width) * 100}%`,
      height: `${(area.bounds.height / height) * 100}%`,
    });
    button.addEventListener("click", () => runAction(area.action));
    areas.append(button);
  }
  $("rich-menu-bar").textContent = menu.chatBarText ?? "เมนู";
  section.hidden = false;
  setRichMenuOpen(menu.selected === true);  // LINE opens a menu at first only when it is `selected`
}

function setRichMenuOpen(open) {
  $("rich-menu-panel").hidden = !open;
  $("rich-menu-bar").setAttribute("aria-expanded", String(open));
}

// ---- Wiring ------------------------------------------------------------------------------

function wire() {
  const chat = $("chat");
  chat.addEventListener("scroll", () => {
    state.atEnd = chat.scrollTop >= state.endScrollTop - 1 || chat.scrollTop + chat.clientHeight >= chat.scrollHeight - 40;
  });
  // Images loading in the chat, and the rich menu's image opening below it, both move the
  // end of the chat out of view; keep it in view if it was. Load events do not bubble.
  const keepEnd = () => { if (state.atEnd) scrollToEnd(); };
  chat.addEventListener("load", keepEnd, true);
  new ResizeObserver(keepEnd).observe(chat);
  $("user-select").addEventListener("change", (event) => openUser(event.target.value));
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("text");
    const text = input.value;
    input.value = "";
    sendText(text);
  });
  $("follow").addEventListener("click", () => {
    showSystem("ติดตามบัญชีนี้");
    sendEvent({ type: "follow" });
  });
  $("block").addEventListener("click", () => {
    showSystem("บล็อกบัญชีนี้");
    sendEvent({ type: "unfollow" });
  });
  $("attach").addEventListener("click", () => {
    const tray = $("attach-tray");
    tray.hidden = !tray.hidden;
    $("attach").setAttribute("aria-expanded", String(!tray.hidden));
  });
  $("image-file").addEventListener("change", (event) => {
    const [file] = event.target.files;
    event.target.value = "";
    sendImageFile(file).catch((error) => showSystem(`ส่งรูปไม่สำเร็จ: ${error.message}`));
  });
  for (const button of document.querySelectorAll("#attach-tray button")) {
    button.addEventListener("click", () => {
      $("attach-tray").hidden = true;
      sendKind(button.dataset.event);
    });
  }
  $("rich-menu-bar").addEventListener("click", () => setRichMenuOpen($("rich-menu-panel").hidden));
  const newUserDialog = $("new-user-dialog");
  $("new-user").addEventListener("click", () => newUserDialog.showModal());
  newUserDialog.addEventListener("close", () => {
    const name = $("new-user-name").value.trim();
    if (newUserDialog.returnValue === "create" && name) createUser(name);
  });
}

async function start() {
  wire();
  await loadUsers();
  const wanted = new URLSearchParams(location.search).get("user");
  const first = wanted ?? (state.users[0] && userIdOf(state.users[0]));
  if (first) await openUser(first);
}

start().catch((error) => showSystem(`โหลดไม่สำเร็จ: ${error.message}`));

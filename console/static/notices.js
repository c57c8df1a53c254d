// The compose form's live count: as the audience changes, ask the console who it reaches.
// Without this script the "ดูตัวอย่าง" button gives the same figures.
(function () {
  var form = document.getElementById("notice-form");
  var out = document.getElementById("live-count");
  if (!form || !out || !window.fetch) return;
  var timer = null;
  function show(data) {
    if (data.error) { out.textContent = data.error; return; }
    var parts = ["ส่งถึง " + data.count.toLocaleString() + " คน", data.cost];
    var villages = Object.keys(data.villages).map(function (k) { return k + " " + data.villages[k]; });
    var roles = Object.keys(data.roles).map(function (k) { return k + " " + data.roles[k]; });
    var excluded = Object.keys(data.excluded).map(function (k) { return k + " " + data.excluded[k]; });
    if (roles.length) parts.push(roles.join(" · "));
    if (villages.length) parts.push(villages.join(", "));
    if (excluded.length) parts.push("ไม่ส่ง: " + excluded.join(", "));
    out.textContent = parts.join(" | ");
  }
  function count() {
    fetch(form.dataset.countUrl, {method: "POST", body: new FormData(form), credentials: "same-origin"})
      .then(function (r) { return r.json(); }).then(show).catch(function () { out.textContent = ""; });
  }
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(count, 300); });
  count();
})();

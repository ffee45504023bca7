// handbook serve: live reload and the error overlay. Injected into pages by
// the dev server only; never part of a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script.getAttribute("data-version");
  var url = script.getAttribute("data-events");
  // The page the server shows while no build has succeeded is this overlay.
  var overlay = document.getElementById("handbook-errors");
  function showErrors(errors) {
    if (overlay) { overlay.remove(); overlay = null; }
    if (!errors.length) return;
    overlay = document.createElement("div");
    overlay.id = "handbook-errors";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#fff5f5;color:#3b0d0c;border:2px solid #cf222e;border-radius:8px;padding:1rem 1.25rem;" +
      "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 8px 24px rgba(0,0,0,.25)";
    var title = document.createElement("strong");
    title.textContent = "The handbook did not build: " + errors.length + " problem(s). " +
      (version === "0" ? "There is no good version to show yet." : "Showing the last good version.");
    overlay.appendChild(title);
    errors.forEach(function (e) {
      var item = document.createElement("pre");
      item.className = "handbook-error";
      item.style.cssText = "white-space:pre-wrap;margin:.75rem 0 0";
      item.textContent = e.text;
      overlay.appendChild(item);
    });
    var close = document.createElement("button");
    close.textContent = "×";
    close.setAttribute("aria-label", "Hide");
    close.style.cssText = "position:absolute;top:.25rem;right:.5rem;border:0;background:none;font-size:1.4rem;cursor:pointer";
    close.onclick = function () { overlay.remove(); overlay = null; };
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }
  function swapCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var href = links[i].href.replace(/[?&]v=\d+$/, "");
      links[i].href = href + (href.indexOf("?") < 0 ? "?" : "&") + "v=" + Date.now();
    }
  }
  function connect() {
    var events = new EventSource(url);
    events.addEventListener("state", function (e) {
      var state = JSON.parse(e.data);
      if (state.version !== version) { location.reload(); return; }
      showErrors(state.errors);
    });
    events.addEventListener("reload", function () { location.reload(); });
    events.addEventListener("css", function (e) { version = JSON.parse(e.data).version; swapCss(); });
    events.addEventListener("errors", function (e) { showErrors(JSON.parse(e.data).errors); });
    events.onerror = function () {
      // The server went away (restarted?): EventSource retries by itself; the
      // first "state" after it is back reloads the page if the site changed.
    };
  }
  connect();
})();

// handbook: the site navigation (fetched once, cached by the browser), the
// mobile menu and the light/dark switch. Pages work without it.
(function () {
  "use strict";
  var nav = document.getElementById("site-nav");
  function markCurrent(root) {
    var here = decodeURI(location.pathname);
    var items = root.querySelectorAll("li.nav-item[data-url]");
    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      if (decodeURI(li.getAttribute("data-url")) !== here) continue;
      var a = li.querySelector(":scope > a, :scope > details > summary > a");
      if (a) a.setAttribute("aria-current", "page");
      for (var p = li; p && p !== root; p = p.parentElement) {
        if (p.tagName === "DETAILS") p.open = true;
      }
      var self = li.querySelector(":scope > details");
      if (self) self.open = true;
      if (a && a.scrollIntoView) a.scrollIntoView({ block: "nearest" });
    }
  }
  if (nav && nav.dataset.src && window.fetch) {
    fetch(nav.dataset.src).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    }).then(function (html) {
      nav.innerHTML = html;
      markCurrent(nav);
    }).catch(function () { /* keep the fallback link */ });
  }
  var toggle = document.querySelector(".nav-toggle");
  var sidebar = document.getElementById("sidebar");
  if (toggle && sidebar) {
    toggle.addEventListener("click", function () {
      var open = sidebar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  var theme = document.querySelector(".theme-toggle");
  if (theme) {
    theme.addEventListener("click", function () {
      var root = document.documentElement;
      var dark = root.dataset.theme ? root.dataset.theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
      root.dataset.theme = dark ? "light" : "dark";
      try { localStorage.setItem("handbook-theme", root.dataset.theme); } catch (e) { }
    });
  }
})();
// The search box's script (search.js), loaded only on pages that have the box.
(function () {
  var box = document.querySelector(".site-search[data-script]");
  if (!box) return;
  var script = document.createElement("script");
  script.src = box.getAttribute("data-script");
  document.head.appendChild(script);
})();

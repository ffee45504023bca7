// handbook: the site navigation (the page carries its section's part; the
// whole tree is fetched once, cached by the browser), the mobile menu and
// the light/dark switch. Pages work without it.
(function () {
  "use strict";
  var nav = document.getElementById("site-nav");
  function markCurrent(root) {
    var here = decodeURI(location.pathname);
    var items = root.querySelectorAll("li.nav-item[data-url]");
    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      if (decodeURI(li.getAttribute("data-url")) !== here) continue;
      var a = li.querySelector(":scope > a, :scope > .nav-branch > a");
      if (a) a.setAttribute("aria-current", "page");
      for (var p = li; p && p !== root; p = p.parentElement) {
        if (p.tagName === "DETAILS") p.open = true;
      }
      var self = li.querySelector(":scope > details");
      if (self) self.open = true;
      if (a && a.scrollIntoView) a.scrollIntoView({ block: "nearest" });
    }
  }
  // A table that scrolls sideways is a tab stop, so it can be scrolled
  // from the keyboard; one that fits is not.
  // Each such region is named by the heading it is under, and numbered when
  // two would share a name (a landmark's name must be unique).
  function tableName(w, used) {
    var heading = null;
    for (var e = w.previousElementSibling; e && !heading; e = e.previousElementSibling) {
      if (/^H[1-6]$/.test(e.tagName)) heading = e.textContent.replace(/#$/, "").trim();
    }
    var name = heading ? "Table under “" + heading + "”, scrolls sideways" : "Table, scrolls sideways";
    var n = (used[name] = (used[name] || 0) + 1);
    return n > 1 ? name + " (" + n + ")" : name;
  }
  function scrollableTables() {
    var wraps = document.querySelectorAll(".table-wrap");
    var used = {};
    for (var i = 0; i < wraps.length; i++) {
      var w = wraps[i];
      if (w.scrollWidth > w.clientWidth + 1) {
        w.tabIndex = 0;
        w.setAttribute("role", "region");
        if (!w.hasAttribute("aria-label") || w.dataset.named) {
          w.setAttribute("aria-label", tableName(w, used));
          w.dataset.named = "1";
        }
      } else {
        w.removeAttribute("tabindex");
        w.removeAttribute("role");
        w.removeAttribute("aria-label");
        delete w.dataset.named;
      }
    }
  }
  scrollableTables();
  window.addEventListener("resize", scrollableTables);
  if (nav && nav.dataset.src && window.fetch) {
    fetch(nav.dataset.src).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    }).then(function (html) {
      // The page's own part of the tree (its section) is there from the
      // first paint; the whole tree takes its place, keeping the focus.
      var focused = nav.contains(document.activeElement);
      nav.innerHTML = html;
      markCurrent(nav);
      nav.setAttribute("data-tree", "whole");
      var current = focused && nav.querySelector("[aria-current=page]");
      if (current) current.focus();
    }).catch(function () { /* keep the page's own part */ });
  }
  var toggle = document.querySelector(".nav-toggle");
  var sidebar = document.getElementById("sidebar");
  // On a phone the sidebar is a menu over the page, which behaves as a
  // dialog: focus moves in and stays (Tab cycles through the menu and its
  // button), Escape or a tap outside closes it, and focus returns to the button.
  if (toggle && sidebar) {
    var focusable = function () {
      var all = sidebar.querySelectorAll("a[href], summary, button, input");
      var shown = [toggle];
      for (var i = 0; i < all.length; i++) if (all[i].offsetParent !== null) shown.push(all[i]);
      return shown;
    };
    var setOpen = function (open, returnFocus) {
      sidebar.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.setAttribute("aria-label", open ? "Hide navigation" : "Show navigation");
      if (open) {
        sidebar.setAttribute("role", "dialog");
        sidebar.setAttribute("aria-modal", "true");
        sidebar.setAttribute("aria-label", "Navigation");
        var first = focusable()[1];
        if (first) first.focus();
      } else {
        sidebar.removeAttribute("role");
        sidebar.removeAttribute("aria-modal");
        sidebar.removeAttribute("aria-label");
        if (returnFocus) toggle.focus();
      }
    };
    var isOpen = function () { return sidebar.classList.contains("open"); };
    toggle.addEventListener("click", function () { setOpen(!isOpen(), true); });
    document.addEventListener("keydown", function (e) {
      if (!isOpen()) return;
      if (e.key === "Escape") { e.preventDefault(); setOpen(false, true); return; }
      if (e.key !== "Tab") return;
      var items = focusable();
      var at = items.indexOf(document.activeElement);
      var next = at < 0 ? 0 : (at + (e.shiftKey ? items.length - 1 : 1)) % items.length;
      e.preventDefault();
      items[next].focus();
    });
    document.addEventListener("click", function (e) {
      if (isOpen() && !sidebar.contains(e.target) && !toggle.contains(e.target)) setOpen(false, false);
    });
    // A link followed inside the menu (to an anchor on this page) closes it.
    sidebar.addEventListener("click", function (e) {
      if (isOpen() && e.target.closest && e.target.closest("a[href]")) setOpen(false, false);
    });
  }
  // The `tabs` shortcode: its panels, each under its label without
  // JavaScript, become a tab list (WAI-ARIA's tabs pattern: arrow keys
  // move between tabs, the chosen one shows its panel).
  var tabSets = document.querySelectorAll(".tabs");
  for (var t = 0; t < tabSets.length; t++) {
    (function (set, n) {
      var panels = set.querySelectorAll(":scope > .tab-panel");
      if (!panels.length) return;
      var list = document.createElement("div");
      list.className = "tab-list";
      list.setAttribute("role", "tablist");
      var tabs = [];
      function choose(k, focus) {
        for (var i = 0; i < tabs.length; i++) {
          var on = i === k;
          tabs[i].setAttribute("aria-selected", on ? "true" : "false");
          tabs[i].tabIndex = on ? 0 : -1;
          panels[i].hidden = !on;
        }
        if (focus) tabs[k].focus();
      }
      for (var i = 0; i < panels.length; i++) {
        var panel = panels[i];
        var id = (set.id || "tabs-" + n) + "-" + (i + 1);
        var tab = document.createElement("button");
        tab.type = "button";
        tab.id = id + "-tab";
        tab.className = "tab";
        tab.setAttribute("role", "tab");
        tab.setAttribute("aria-controls", id);
        tab.textContent = panel.getAttribute("data-label") || "Tab " + (i + 1);
        panel.id = id;
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", tab.id);
        panel.tabIndex = 0;
        var label = panel.querySelector(":scope > .tab-label");
        if (label) label.hidden = true;
        (function (k) {
          tab.addEventListener("click", function () { choose(k, false); });
        })(i);
        tabs.push(tab);
        list.appendChild(tab);
      }
      list.addEventListener("keydown", function (e) {
        var k = tabs.indexOf(document.activeElement);
        if (k < 0) return;
        var next = { ArrowRight: k + 1, ArrowLeft: k - 1, Home: 0, End: tabs.length - 1 }[e.key];
        if (next === undefined) return;
        e.preventDefault();
        choose((next + tabs.length) % tabs.length, true);
      });
      set.insertBefore(list, set.firstChild);
      choose(0, false);
    })(tabSets[t], t + 1);
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
// The search box's script (search.js) is fetched on first use of the box
// (focus, or "/" anywhere), not with every page: most visits never search.
(function () {
  var box = document.querySelector(".site-search[data-script]");
  if (!box || !window.fetch || !window.Map || !window.TextEncoder) return;
  var input = box.querySelector("input");
  if (!input) return;
  box.hidden = false;
  var loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    var script = document.createElement("script");
    script.src = box.getAttribute("data-script");
    // A failed fetch (a network blip) is tried again on the next use.
    script.onerror = function () {
      loaded = false;
      script.remove();
    };
    document.head.appendChild(script);
  }
  box.addEventListener("focusin", load);
  box.addEventListener("keydown", load);
  if (document.activeElement === input) load();
  box.addEventListener("pointerenter", load);
  document.addEventListener("keydown", function (e) {
    if (loaded || e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
})();

// handbook search: the box in the header. It fetches the index that
// `handbook build` writes under _search/ piece by piece: the manifest once,
// one shard per query word (a few for the word being typed) and the entries
// of the results it shows. Everything from the index is put in the page as
// text nodes, never parsed as HTML. Without JavaScript the box stays hidden.
//
// Keys: "/" focuses the box, ArrowDown/ArrowUp move through the results,
// Enter opens the selected one (or the first), Escape closes the list (then
// clears the box). window.handbookSearch.query(text) returns the results.
(function () {
  "use strict";
  var box = document.querySelector(".site-search[data-index]");
  if (!box || !window.fetch || !window.Map || !window.TextEncoder) return;
  var input = box.querySelector("input");
  var panel = box.querySelector(".search-panel");
  var list = box.querySelector(".search-results");
  var status = box.querySelector(".search-status");
  if (!input || !panel || !list || !status) return;
  var base = box.getAttribute("data-index");

  var MAX_RESULTS = 10;       // results shown
  var PER_PAGE = 3;           // at most this many sections of one page
  var MAX_PREFIX_SHARDS = 4;  // a shorter prefix waits for another letter
  var MAX_PREFIX_WORDS = 40;  // words a prefix stands for (the most common)
  var PREFIX_FACTOR = 0.5;    // a word that only starts with the prefix counts half
  var MAX_WORD = 40;          // longer words are not in the index

  var cache = new Map();
  function load(path) {
    var hit = cache.get(path);
    if (hit) return hit;
    var p = fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
    p.catch(function () { cache.delete(path); });
    cache.set(path, p);
    return p;
  }
  var manifest = null;
  function getManifest() {
    if (!manifest) {
      manifest = load("index.json").then(function (m) {
        m.keySet = new Set(m.shards);
        return m;
      });
      manifest.catch(function () { manifest = null; });
    }
    return manifest;
  }
  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  // A word's postings: [n, page, section, weight, ...], pages as differences,
  // each number in 5-bit digits, its last digit from the second half.
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var DIGIT = {};
  for (var d = 0; d < 64; d++) DIGIT[DIGITS.charAt(d)] = d;
  function numbers(s) {
    var out = [], n = 0;
    for (var i = 0; i < s.length; i++) {
      var v = DIGIT[s.charAt(i)];
      if (v >= 32) { out.push(n * 32 + v - 32); n = 0; } else n = n * 32 + v;
    }
    return out;
  }

  // Words as the index has them: Unicode words (UAX #29) of the lower-cased
  // text, split at ":" (ICU versions disagree on it), CJK ideographs one by
  // one (as UAX #29 has them; ICU finds dictionary words).
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "word" }) : null;
  var CJK = /([\p{sc=Han}\p{sc=Hiragana}])/u;
  function words(text) {
    var lower = text.toLowerCase();
    var raw = [];
    if (segmenter) {
      for (var s of segmenter.segment(lower)) if (s.isWordLike) raw.push(s.segment);
    } else {
      raw = lower.match(/[\p{L}\p{N}\p{M}_]+(?:['.’][\p{L}\p{N}\p{M}_]+)*/gu) || [];
    }
    var out = [];
    raw.forEach(function (w) {
      w.split(":").forEach(function (part) {
        part.split(CJK).forEach(function (x) {
          if (x && /[\p{L}\p{N}]/u.test(x) && Array.from(x).length <= MAX_WORD) out.push(x);
        });
      });
    });
    return out;
  }

  function hex(key) {
    var out = "";
    new TextEncoder().encode(key).forEach(function (b) { out += (b < 16 ? "0" : "") + b.toString(16); });
    return out;
  }

  // The shard holding `word`: the longest key it starts with.
  function shardOf(m, word) {
    var cs = Array.from(word);
    for (var n = Math.min(cs.length, 6); n > 0; n--) {
      var k = cs.slice(0, n).join("");
      if (m.keySet.has(k)) return k;
    }
    return null;
  }

  // What to fetch for each query word; the last one, still being typed, is a prefix.
  function plan(m, ws, typing) {
    return ws.map(function (w, i) {
      var prefix = typing && i === ws.length - 1 && Array.from(w).length >= 2;
      var home = shardOf(m, w);
      var keys = home ? [home] : [];
      var partial = false;
      if (prefix) {
        var longer = m.shards.filter(function (k) { return k !== home && k.length > w.length && k.indexOf(w) === 0; });
        if (longer.length > MAX_PREFIX_SHARDS) partial = true;
        else keys = keys.concat(longer);
      }
      return { word: w, prefix: prefix, keys: keys, partial: partial };
    });
  }

  // Sections (page * 65536 + section) where a query word occurs, with its score there.
  function match(m, p, shards) {
    var found = [];
    p.keys.forEach(function (k) {
      var shard = shards.get(k);
      if (!shard) return;
      if (own(shard, p.word)) found.push({ word: p.word, list: numbers(shard[p.word]), exact: true });
      if (!p.prefix) return;
      Object.keys(shard).forEach(function (t) {
        if (t !== p.word && t.indexOf(p.word) === 0) found.push({ word: t, list: numbers(shard[t]), exact: false });
      });
    });
    found.sort(function (a, b) { return (b.exact - a.exact) || (b.list[0] - a.list[0]); });
    found = found.slice(0, MAX_PREFIX_WORDS);
    var hits = new Map(), pages = new Set(), common = false;
    found.forEach(function (f) {
      var list = f.list, n = list[0];
      if (n > (list.length - 1) / 3) common = true;
      var score = Math.log(1 + m.sections / n) * (f.exact ? 1 : PREFIX_FACTOR);
      var page = 0;
      for (var i = 1; i + 2 < list.length; i += 3) {
        page += list[i];
        var key = page * 65536 + list[i + 1];
        var v = list[i + 2] * score;
        if (!(hits.get(key) >= v)) hits.set(key, v);
        pages.add(page);
      }
    });
    return {
      hits: hits, pages: pages,
      // A word in more sections than the index lists, or a prefix not looked
      // up in full, cannot be required of every result.
      required: found.length > 0 && !common && !p.partial,
      missing: found.length === 0 && !p.partial,
    };
  }

  function query(text) {
    var ws = words(text);
    if (!ws.length) return Promise.resolve([]);
    var typing = !/\s$/.test(text);
    return getManifest().then(function (m) {
      var steps = plan(m, ws, typing);
      var keys = Array.from(new Set([].concat.apply([], steps.map(function (s) { return s.keys; }))));
      var shards = new Map();
      return Promise.all(keys.map(function (k) {
        return load("t/" + hex(k) + ".json").then(function (s) { shards.set(k, s); });
      })).then(function () {
        var matched = steps.map(function (s) { return match(m, s, shards); });
        if (matched.some(function (x) { return x.missing; })) return [];
        var required = matched.filter(function (x) { return x.required; });
        var scored = new Map();
        matched.forEach(function (x) {
          x.hits.forEach(function (v, key) {
            var page = Math.floor(key / 65536);
            if (!required.every(function (r) { return r.pages.has(page); })) return;
            var e = scored.get(key);
            if (!e) scored.set(key, e = { key: key, page: page, words: 0, score: 0 });
            e.words += 1;
            e.score += v;
          });
        });
        var ranked = Array.from(scored.values()).sort(function (a, b) {
          return (b.words - a.words) || (b.score - a.score) || (a.key - b.key);
        });
        var shown = [], perPage = new Map();
        for (var i = 0; i < ranked.length && shown.length < MAX_RESULTS; i++) {
          var n = perPage.get(ranked[i].page) || 0;
          if (n >= PER_PAGE) continue;
          perPage.set(ranked[i].page, n + 1);
          shown.push(ranked[i]);
        }
        return Promise.all(shown.map(function (r) {
          return load("p/" + Math.floor(r.page / m.chunk) + ".json").then(function (chunk) {
            var page = chunk[r.page % m.chunk];
            var section = page && page.s[r.key % 65536];
            if (!section) return null;
            var heading = section[1];
            return {
              url: page.u + section[0],
              title: heading || page.t,
              crumbs: heading ? page.b.concat([page.t]) : page.b.slice(),
              snippet: section[2],
            };
          });
        })).then(function (results) { return results.filter(Boolean); });
      });
    });
  }

  // The text with the query's words marked, as nodes (never HTML): whole
  // words, and the word being typed as the start of a word.
  function marked(text, ws, typing) {
    var frag = document.createDocumentFragment();
    var alternatives = ws.map(function (w, i) {
      var escaped = w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return typing && i === ws.length - 1 ? escaped : escaped + "(?![\\p{L}\\p{N}])";
    }).join("|");
    var re = null;
    if (alternatives) {
      try { re = new RegExp("(?<![\\p{L}\\p{N}])((?:" + alternatives + "))", "giu"); }
      catch (e) { re = new RegExp("((?:" + alternatives + "))", "giu"); }
    }
    var parts = re ? text.split(re) : [text];
    parts.forEach(function (part, i) {
      if (!part) return;
      if (i % 2 === 1) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        frag.appendChild(mark);
      } else {
        frag.appendChild(document.createTextNode(part));
      }
    });
    return frag;
  }

  function span(cls, child) {
    var s = document.createElement("span");
    s.className = cls;
    if (typeof child === "string") s.textContent = child; else s.appendChild(child);
    return s;
  }

  var results = [], shownText = null, active = -1, seq = 0, timer = 0;

  function setActive(i) {
    var items = list.children;
    if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
    active = i;
    if (i >= 0 && items[i]) {
      items[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[i].id);
      if (items[i].scrollIntoView) items[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function setOpen(open) {
    panel.hidden = !open;
    input.setAttribute("aria-expanded", open && results.length ? "true" : "false");
    if (!open) setActive(-1);
  }

  function show(found, text) {
    results = found;
    shownText = text;
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.textContent = "";
    var ws = words(text);
    var typing = !/\s$/.test(text);
    found.forEach(function (r, i) {
      // The link is the option itself: an option holding a link would be two
      // interactive things in one (axe: nested-interactive).
      var option = document.createElement("a");
      option.href = r.url;
      option.tabIndex = -1;
      option.id = "search-result-" + i;
      option.className = "search-result";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.appendChild(span("search-title", marked(r.title, ws, typing)));
      if (r.crumbs.length) option.appendChild(span("search-crumbs", r.crumbs.join(" › ")));
      if (r.snippet) option.appendChild(span("search-snippet", marked(r.snippet, ws, typing)));
      list.appendChild(option);
    });
    list.hidden = !found.length;
    status.textContent = found.length
      ? found.length + (found.length === 1 ? " result" : " results")
      : "No results for “" + text.trim() + "”";
    setOpen(true);
  }

  // Runs the box's query; `then` gets the results once they are shown.
  function run(then) {
    clearTimeout(timer);
    var text = input.value;
    var mine = ++seq;
    if (!words(text).length) {
      results = [];
      shownText = text;
      list.textContent = "";
      status.textContent = "";
      setOpen(false);
      return;
    }
    query(text).then(function (found) {
      if (mine !== seq) return;
      show(found, text);
      if (then) then();
    }, function () {
      if (mine !== seq) return;
      results = [];
      shownText = null;
      list.textContent = "";
      list.hidden = true;
      status.textContent = "Search is not available right now.";
      setOpen(true);
    });
  }

  function open(i) {
    var r = results[i];
    if (!r) return;
    setOpen(false);
    location.assign(r.url);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  input.addEventListener("focus", function () {
    getManifest().catch(function () {});
    if (results.length || status.textContent) setOpen(true);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!results.length) return;
      e.preventDefault();
      if (panel.hidden) setOpen(true);
      var next = e.key === "ArrowDown" ? active + 1 : active - 1;
      if (next >= results.length) next = 0;
      if (next < -1) next = results.length - 1;
      setActive(next);
    } else if (e.key === "Enter") {
      e.preventDefault();
      // Typed faster than the results came: open the first of the new ones.
      if (input.value !== shownText) run(function () { open(0); });
      else open(active >= 0 ? active : 0);
    } else if (e.key === "Escape") {
      // Not the browser's own Escape on a search field (which clears it at once).
      e.preventDefault();
      if (!panel.hidden) setOpen(false);
      else if (input.value) { input.value = ""; run(); }
      else input.blur();
    }
  });
  // Keep the focus in the box while a result is clicked.
  panel.addEventListener("mousedown", function (e) { e.preventDefault(); });
  box.addEventListener("focusout", function (e) {
    if (!box.contains(e.relatedTarget)) setOpen(false);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    if (document.activeElement === input) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
    input.select();
  });

  window.handbookSearch = { query: query, words: words };
  box.hidden = false;
  // Loaded on first use: the box may already have the focus and some text.
  if (document.activeElement === input) {
    getManifest().catch(function () {});
    if (input.value) run();
  }
})();

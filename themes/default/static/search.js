// handbook search: the box in the header. It fetches the index that
// `handbook build` writes under _search/ piece by piece: the manifest once,
// one shard per query word (a few for the word being typed) and the entries
// of the results it shows. Everything from the index is put in the page as
// text nodes, never parsed as HTML. Without JavaScript the box stays hidden.
//
// A query word finds the sections with that word; on an English page
// (`<html lang="en...">`) also other forms of it (the same stem: "roadmaps"
// finds "roadmap"), and a word of five letters or more that finds neither
// finds words one typo away ("incidnt" finds "incident"). Results with more
// of the query's words come first, then those with fewer typos, then those
// with more of them in the title or heading, then by weight, where another form of a word counts 0.8 of the word as typed (so
// of two sections alike, the one with the word as typed comes first, and a
// title with "Policy" still comes before a passing "policies").
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
  var INFLECTION_FACTOR = 0.8; // another form of a word counts a little less
  var TYPO_FACTOR = 0.6;      // and a word one typo away less again
  var MIN_TYPO_WORD = 5;      // shorter words have too many neighbours
  var MAX_TYPO_SHARDS = 4;    // other shards looked in for a typo in a word's first letters
  var EXACT = 0, INFLECTED = 1, TYPO = 2; // how a word of the index matches a query word
  var HEADING_WEIGHT = 20;    // a word weighs this or more in a title or heading (src/render/search.rs)

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

  // English words to their stems, by the Snowball English ("Porter2")
  // algorithm (snowballstem.org/algorithms/english/stemmer.html), so that
  // "roadmaps" finds "roadmap" and "policy" finds "policies". Words with
  // anything but a-z and apostrophes are kept as they are.
  var stem = (function () {
    var EXCEPTIONS = {
      skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie",
      idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
      sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes"
    };
    var AFTER_1A = { inning: 1, outing: 1, canning: 1, herring: 1, earring: 1, proceed: 1, exceed: 1, succeed: 1 };
    var STEP2 = [
      ["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"], ["iveness", "ive"],
      ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"], ["entli", "ent"], ["ation", "ate"],
      ["alism", "al"], ["aliti", "al"], ["ousli", "ous"], ["iviti", "ive"], ["fulli", "ful"],
      ["enci", "ence"], ["anci", "ance"], ["abli", "able"], ["izer", "ize"], ["ator", "ate"],
      ["alli", "al"], ["bli", "ble"], ["ogi", "og"], ["li", ""]
    ];
    var STEP3 = [
      ["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
      ["ative", ""], ["ical", "ic"], ["ness", ""], ["ful", ""]
    ];
    var STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti",
      "ous", "ive", "ize", "ion", "al", "er", "ic"];
    function vowel(c) { return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y"; }
    // The start of the region after the first non-vowel that follows a vowel, from `from`.
    function region(w, from) {
      for (var i = from + 1; i < w.length; i++) if (!vowel(w[i]) && vowel(w[i - 1])) return i + 1;
      return w.length;
    }
    // Whether w ends in a short syllable.
    function shortEnd(w) {
      var n = w.length;
      if (n >= 3 && !vowel(w[n - 1]) && "wxY".indexOf(w[n - 1]) < 0 && vowel(w[n - 2]) && !vowel(w[n - 3])) return true;
      return n === 2 && vowel(w[0]) && !vowel(w[1]);
    }
    function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
    return function (word) {
      word = word.replace(/\u2019/g, "'");
      if (!/^[a-z']+$/.test(word)) return word;
      if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
      if (word.length < 3) return word;
      var w = word.charAt(0) === "'" ? word.slice(1) : word;
      // y at the start or after a vowel is a consonant: Y.
      var cs = w.split("");
      for (var i = 0; i < cs.length; i++) {
        if (cs[i] === "y" && (i === 0 || vowel(cs[i - 1]))) cs[i] = "Y";
      }
      w = cs.join("");
      var p1 = /^(gener|arsen)/.test(w) ? 5 : /^commun/.test(w) ? 6 : region(w, 0);
      var p2 = region(w, p1);
      // Step 0: possessives.
      if (ends(w, "'s'")) w = w.slice(0, -3);
      else if (ends(w, "'s")) w = w.slice(0, -2);
      else if (ends(w, "'")) w = w.slice(0, -1);
      // Step 1a: plurals.
      if (ends(w, "sses")) w = w.slice(0, -2);
      else if (ends(w, "ied") || ends(w, "ies")) w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
      else if (ends(w, "us") || ends(w, "ss")) { /* kept */ }
      else if (ends(w, "s") && /[aeiouy]/.test(w.slice(0, -2))) w = w.slice(0, -1);
      if (AFTER_1A[w]) return w;
      // Step 1b: -ed, -ing.
      var m;
      if ((m = /(eedly|eed)$/.exec(w))) {
        if (m.index >= p1) w = w.slice(0, m.index) + "ee";
      } else if ((m = /(ingly|edly|ing|ed)$/.exec(w)) && /[aeiouy]/.test(w.slice(0, m.index))) {
        w = w.slice(0, m.index);
        if (/(at|bl|iz)$/.test(w)) w += "e";
        else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
        else if (p1 >= w.length && shortEnd(w)) w += "e";
      }
      // Step 1c: a final y after a consonant (not the first letter) is i.
      if (w.length > 2 && /[yY]$/.test(w) && !vowel(w[w.length - 2])) w = w.slice(0, -1) + "i";
      // Step 2.
      for (var a = 0; a < STEP2.length; a++) {
        var s2 = STEP2[a][0];
        if (!ends(w, s2)) continue;
        var at2 = w.length - s2.length;
        if (at2 >= p1) {
          if (s2 === "ogi") { if (w[at2 - 1] === "l") w = w.slice(0, at2) + "og"; }
          else if (s2 === "li") { if ("cdeghkmnrt".indexOf(w[at2 - 1]) >= 0) w = w.slice(0, at2); }
          else w = w.slice(0, at2) + STEP2[a][1];
        }
        break;
      }
      // Step 3.
      for (var b = 0; b < STEP3.length; b++) {
        var s3 = STEP3[b][0];
        if (!ends(w, s3)) continue;
        var at3 = w.length - s3.length;
        if (at3 >= p1 && (s3 !== "ative" || at3 >= p2)) w = w.slice(0, at3) + STEP3[b][1];
        break;
      }
      // Step 4.
      for (var c = 0; c < STEP4.length; c++) {
        var s4 = STEP4[c];
        if (!ends(w, s4)) continue;
        var at4 = w.length - s4.length;
        if (at4 >= p2 && (s4 !== "ion" || w[at4 - 1] === "s" || w[at4 - 1] === "t")) w = w.slice(0, at4);
        break;
      }
      // Step 5.
      var last = w.length - 1;
      if (w[last] === "e") {
        if (last >= p2 || (last >= p1 && !shortEnd(w.slice(0, last)))) w = w.slice(0, last);
      } else if (w[last] === "l" && last >= p2 && w[last - 1] === "l") {
        w = w.slice(0, last);
      }
      return w.replace(/Y/g, "y");
    };
  })();
  var english = /^en(-|$)/i.test(document.documentElement.lang || "en");
  var stems = new Map();
  // The stem of a word of the index or the query, once per word.
  function stemOf(w) {
    if (!english) return w;
    var s = stems.get(w);
    if (s === undefined) stems.set(w, s = stem(w));
    return s;
  }

  // Whether a and b (arrays of characters) are one edit apart: a letter
  // added, dropped or changed, or two neighbours swapped.
  function oneTypo(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (i === a.length) return false;
      var j = a.length - 1;
      while (j > i && a[j] === b[j]) j--;
      return j === i || (j === i + 1 && a[i] === b[j] && a[j] === b[i]);
    }
    var longer = a.length > b.length ? a : b, shorter = longer === a ? b : a;
    for (var k = i; k < shorter.length; k++) if (shorter[k] !== longer[k + 1]) return false;
    return true;
  }

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

  // Shard keys holding words that start with `start`: the one holding
  // `start` and those split off below it.
  function under(m, start) {
    var home = shardOf(m, start);
    var keys = m.shards.filter(function (k) { return k !== home && k.length > start.length && k.indexOf(start) === 0; });
    return { home: home, below: keys };
  }

  // What to fetch for each query word; the last one, still being typed, is a prefix.
  function plan(m, ws, typing) {
    return ws.map(function (w, i) {
      var chars = Array.from(w);
      var prefix = typing && i === ws.length - 1 && chars.length >= 2;
      var keys = new Set(), partial = false;
      var home = under(m, w);
      if (home.home) keys.add(home.home);
      if (prefix) {
        if (home.below.length > MAX_PREFIX_SHARDS) partial = true;
        else home.below.forEach(function (k) { keys.add(k); });
      }
      // Other forms of a word start with its stem less the stem's last
      // letter ("polic" for "policy" and "policies"): look where those are.
      var s = stemOf(w);
      var root = s.length >= 3 ? s.slice(0, -1) : s;
      if (english && s.length >= 2) {
        var forms = under(m, root);
        if (forms.home) keys.add(forms.home);
        if (forms.below.length <= MAX_PREFIX_SHARDS) forms.below.forEach(function (k) { keys.add(k); });
        else if (shardOf(m, s)) keys.add(shardOf(m, s));
      }
      return { word: w, chars: chars, stem: s, root: root, prefix: prefix, keys: Array.from(keys), partial: partial };
    });
  }

  // Shards not yet looked in that may hold a word one typo away, where the
  // typo is in the letters that chose the word's shard: a letter too many,
  // or two swapped (in a handbook of a few hundred pages a shard is a
  // letter, and this finds nothing new).
  function typoKeys(m, p) {
    var cs = p.chars, keys = new Set();
    for (var i = 0; i < Math.min(cs.length - 1, 6); i++) {
      var fewer = cs.slice(0, i).concat(cs.slice(i + 1)).join("");
      var swapped = cs.slice(0, i).concat([cs[i + 1], cs[i]], cs.slice(i + 2)).join("");
      [fewer, swapped].forEach(function (v) {
        var k = shardOf(m, v);
        if (k && p.keys.indexOf(k) < 0) keys.add(k);
      });
    }
    return Array.from(keys).slice(0, MAX_TYPO_SHARDS);
  }

  // The words of the index a query word stands for, from the shards of its
  // plan: itself, words it starts (while typed), its other forms, and when
  // none of those is there and it is long enough, words one typo away.
  function candidates(p, shards) {
    var found = [], seen = new Set();
    function add(t, postings, how, factor) {
      if (seen.has(t)) return;
      seen.add(t);
      found.push({ word: t, list: numbers(postings), how: how, factor: factor });
    }
    var inShards = p.keys.map(function (k) { return shards.get(k); }).filter(Boolean);
    inShards.forEach(function (shard) {
      if (own(shard, p.word)) add(p.word, shard[p.word], EXACT, 1);
      Object.keys(shard).forEach(function (t) {
        if (t === p.word) return;
        if (p.prefix && t.indexOf(p.word) === 0) add(t, shard[t], EXACT, PREFIX_FACTOR);
        else if (english && t.indexOf(p.root) === 0 && stemOf(t) === p.stem) add(t, shard[t], INFLECTED, INFLECTION_FACTOR);
      });
    });
    if (!found.length && p.chars.length >= MIN_TYPO_WORD) {
      inShards.forEach(function (shard) {
        Object.keys(shard).forEach(function (t) {
          if (Math.abs(t.length - p.word.length) <= 2 && oneTypo(Array.from(t), p.chars)) add(t, shard[t], TYPO, TYPO_FACTOR);
        });
      });
    }
    found.sort(function (a, b) { return (a.how - b.how) || (b.factor - a.factor) || (b.list[0] - a.list[0]); });
    return found.slice(0, MAX_PREFIX_WORDS);
  }

  // Sections (page * 65536 + section) where a query word occurs, with its
  // score there and how it matched (the best way in that section).
  function match(m, p, found) {
    var hits = new Map(), pages = new Set(), common = false;
    found.forEach(function (f) {
      var list = f.list, n = list[0];
      if (n > (list.length - 1) / 3) common = true;
      var score = Math.log(1 + m.sections / n) * f.factor;
      var page = 0;
      for (var i = 1; i + 2 < list.length; i += 3) {
        page += list[i];
        var key = page * 65536 + list[i + 1];
        var v = list[i + 2] * score;
        var h = hits.get(key);
        if (!h || f.how < h.how || (f.how === h.how && v > h.v)) hits.set(key, { v: v, how: f.how, weight: list[i + 2] });
        pages.add(page);
      }
    });
    return {
      hits: hits, pages: pages,
      // Other forms and typos, for marking in the results.
      terms: found.filter(function (f) { return f.how !== EXACT; }).map(function (f) { return f.word; }),
      // A word in more sections than the index lists, or a prefix not looked
      // up in full, cannot be required of every result.
      required: found.length > 0 && !common && !p.partial,
      missing: found.length === 0 && !p.partial,
    };
  }

  function fetchShards(keys, shards) {
    return Promise.all(keys.filter(function (k) { return !shards.has(k); }).map(function (k) {
      return load("t/" + hex(k) + ".json").then(function (s) { shards.set(k, s); });
    }));
  }

  // The results for `text`, best first: {url, title, crumbs, snippet, terms},
  // `terms` being the other forms of the query's words and the words one
  // typo away that it matched (the words as typed are not in it).
  function query(text) {
    var ws = words(text);
    if (!ws.length) return Promise.resolve([]);
    var typing = !/\s$/.test(text);
    return getManifest().then(function (m) {
      var steps = plan(m, ws, typing);
      var shards = new Map();
      var keys = Array.from(new Set([].concat.apply([], steps.map(function (s) { return s.keys; }))));
      return fetchShards(keys, shards).then(function () {
        var found = steps.map(function (s) { return candidates(s, shards); });
        // A long word with nothing in its shards: a typo in its first letters?
        var retry = steps.filter(function (s, i) { return !found[i].length && s.chars.length >= MIN_TYPO_WORD; });
        if (!retry.length) return found;
        retry.forEach(function (s) { s.keys = s.keys.concat(typoKeys(m, s)); });
        var more = [].concat.apply([], retry.map(function (s) { return s.keys; }));
        return fetchShards(more, shards).then(function () {
          return steps.map(function (s, i) { return found[i].length ? found[i] : candidates(s, shards); });
        });
      }).then(function (found) {
        var matched = steps.map(function (s, i) { return match(m, s, found[i]); });
        if (matched.some(function (x) { return x.missing; })) return [];
        var terms = [].concat.apply([], matched.map(function (x) { return x.terms; }));
        var required = matched.filter(function (x) { return x.required; });
        var scored = new Map();
        matched.forEach(function (x) {
          x.hits.forEach(function (h, key) {
            var page = Math.floor(key / 65536);
            if (!required.every(function (r) { return r.pages.has(page); })) return;
            var e = scored.get(key);
            if (!e) scored.set(key, e = { key: key, page: page, words: 0, typos: 0, headed: 0, score: 0 });
            e.words += 1;
            if (h.how === TYPO) e.typos += 1;
            if (h.weight >= HEADING_WEIGHT) e.headed += 1;
            e.score += h.v;
          });
        });
        var ranked = Array.from(scored.values()).sort(function (a, b) {
          return (b.words - a.words) || (a.typos - b.typos) || (b.headed - a.headed) || (b.score - a.score) || (a.key - b.key);
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
              terms: terms,
            };
          });
        })).then(function (results) { return results.filter(Boolean); });
      });
    });
  }

  // The text with the query's words marked, as nodes (never HTML): whole
  // words, the word being typed as the start of a word, and the other forms
  // and typos the query matched (`terms`) as whole words.
  function marked(text, ws, typing, terms) {
    var frag = document.createDocumentFragment();
    function escape(w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
    var whole = ws.filter(function (w, i) { return !(typing && i === ws.length - 1); }).concat(terms || []);
    var alternatives = whole.map(function (w) { return escape(w) + "(?![\\p{L}\\p{N}])"; });
    if (typing && ws.length) alternatives.push(escape(ws[ws.length - 1]));
    // The longest first: "roadmaps" before "roadmap".
    alternatives = alternatives.sort(function (a, b) { return b.length - a.length; }).join("|");
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
      option.appendChild(span("search-title", marked(r.title, ws, typing, r.terms)));
      if (r.crumbs.length) option.appendChild(span("search-crumbs", r.crumbs.join(" › ")));
      if (r.snippet) option.appendChild(span("search-snippet", marked(r.snippet, ws, typing, r.terms)));
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

  window.handbookSearch = { query: query, words: words, stem: stem };
  box.hidden = false;
  // Loaded on first use: the box may already have the focus and some text.
  if (document.activeElement === input) {
    getManifest().catch(function () {});
    if (input.value) run();
  }
})();

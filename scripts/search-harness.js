// Runs a built site's search in node, one query at a time with an empty
// cache, and prints what each query found and fetched, as JSON:
//
//   node scripts/search-harness.js handbook SITE QUERY...
//   node scripts/search-harness.js pagefind SITE QUERY...
//
// `handbook`: the site's own _handbook/search.js against its _search/ index.
// `pagefind`: Pagefind's pagefind/pagefind.js (after `pagefind --site SITE`).
// Files are read from SITE through a stand-in `fetch` that counts their
// bytes; the script itself counts as fetched too (the page loads it for the
// first query). Used by scripts/search-compare.sh and the search_index bench.
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const [engine, site, ...queries] = process.argv.slice(2);
if (!engine || !site) {
  console.error("usage: search-harness.js handbook|pagefind SITE QUERY...");
  process.exit(2);
}

let fetched = [];
const gz = (b) => zlib.gzipSync(b, { level: 6 }).length;
function read(rel) {
  const bytes = fs.readFileSync(path.join(site, rel));
  fetched.push(bytes);
  return bytes;
}
function walk(dir, keep = () => true) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name), keep)
      : keep(e.name) ? [fs.readFileSync(path.join(dir, e.name))] : []);
}
function sizes(files) {
  return { files: files.length, bytes: files.reduce((a, b) => a + b.length, 0), gz: files.reduce((a, b) => a + gz(b), 0) };
}
globalThis.fetch = async (url) => {
  const rel = String(url).replace(/^[a-z]+:\/\/[^/]*/, "").split(/[?#]/)[0];
  const bytes = read(rel.startsWith(site) ? path.relative(site, rel) : rel);
  return {
    ok: true,
    status: 200,
    json: async () => JSON.parse(bytes.toString("utf8")),
    text: async () => bytes.toString("utf8"),
    arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
  };
};

// search.js expects a page: a stand-in with the search box's elements.
function element() {
  return {
    hidden: true, children: [], textContent: "",
    addEventListener() {}, setAttribute() {}, removeAttribute() {}, appendChild() {},
    contains() { return false; },
    getAttribute(name) { return name === "data-index" ? "/_search/" : null; },
    querySelector() { return element(); },
  };
}

async function handbook(q) {
  globalThis.window = globalThis;
  globalThis.document = {
    documentElement: { lang: "en" },
    querySelector() { return element(); }, addEventListener() {},
    createElement: element, createDocumentFragment: element, createTextNode() { return {}; },
  };
  globalThis.location = { assign() {} };
  const source = read("_handbook/search.js").toString("utf8");
  (0, eval)(source); // a fresh search.js: an empty cache
  const results = await window.handbookSearch.query(q);
  return results.map((r) => r.url);
}

let pagefindRun = 0;
async function pagefind(q) {
  const script = read("pagefind/pagefind.js");
  // A fresh module each time: an empty cache.
  const copy = path.join(site, "pagefind", `harness-${process.pid}-${pagefindRun++}.mjs`);
  fs.writeFileSync(copy, script);
  try {
    const pf = await import(copy);
    await pf.options({ basePath: "/pagefind/" });
    const search = await pf.search(q);
    const shown = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
    // A result's first sub-result is the section Pagefind's UI links to.
    return shown.map((d) => (d.sub_results && d.sub_results[0] ? d.sub_results[0].url : d.url));
  } finally {
    fs.rmSync(copy, { force: true });
  }
}

(async () => {
  const run = engine === "pagefind" ? pagefind : handbook;
  // The index: what a search may fetch (not Pagefind's optional UI files).
  const index = engine === "pagefind"
    ? walk(path.join(site, "pagefind"), (name) => !/-ui\.|highlight/.test(name))
    : walk(path.join(site, "_search"));
  const report = { engine, index: sizes(index), queries: [] };
  for (const q of queries) {
    fetched = [];
    const urls = await run(q);
    report.queries.push({ q, results: urls.length, urls: urls.slice(0, 3), ...sizes(fetched) });
  }
  console.log(JSON.stringify(report));
})().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});

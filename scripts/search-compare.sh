#!/usr/bin/env bash
# Search against Pagefind on the same built site: the queries of
# tests/fixtures/search/queries.toml (each with the page a reader expects
# first) on the sample handbook and, when ../shared is beside the repo, on
# FlowFuse's 2023 handbook. For each query: the first result of each engine,
# whether it is the expected page, and the files and bytes a first search
# fetches (the search script included), raw and gzipped; then each index's
# size. Needs node and python3; fetches Pagefind from npm unless PAGEFIND
# names its binary.
#
#   scripts/search-compare.sh [HANDBOOK_BINARY]
#
# Give the binary of another commit to measure that commit's search (its
# search.js is the one in the site it builds), or set SEARCH_JS to a
# search.js to put in the built sites instead (the index is the same):
#
#   git show 5f4139e:themes/default/static/search.js > /tmp/search-before.js
#   SEARCH_JS=/tmp/search-before.js scripts/search-compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
bin="$(realpath "${1:-$repo/target/release/handbook}")"
if [ "$#" -eq 0 ]; then cargo build --release --locked -q; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pagefind="${PAGEFIND:-}"
if [ -z "$pagefind" ]; then
  npm install --silent --no-audit --no-fund --prefix "$work/npm" pagefind@1.6.0 >/dev/null
  pagefind="$work/npm/node_modules/.bin/pagefind"
fi

sites=(sample)
"$bin" build -q -o "$work/sample" >/dev/null
corpus="$repo/../shared/corpora/flowfuse-2023"
if [ -d "$corpus" ]; then
  cp -r "$corpus" "$work/flowfuse-src"
  # Its links to pages outside the handbook are not this comparison's business.
  printf 'title = "FlowFuse"\ncontent_dir = "."\n[links]\nmissing_page = "ignore"\nmissing_anchor = "ignore"\nmissing_file = "ignore"\nexternal = "ignore"\n' \
    > "$work/flowfuse-src/handbook.toml"
  (cd "$work/flowfuse-src" && "$bin" build -q -o "$work/flowfuse-2023" >/dev/null)
  sites+=(flowfuse-2023)
else
  echo "(no ../shared/corpora/flowfuse-2023: the sample handbook only)"
fi
for site in "${sites[@]}"; do
  if [ -n "${SEARCH_JS:-}" ]; then cp "$SEARCH_JS" "$work/$site/_handbook/search.js"; fi
  "$pagefind" --site "$work/$site" >/dev/null 2>&1
done

echo "handbook: $("$bin" --version); pagefind: $("$pagefind" --version)"
python3 - "$work" "$repo" "${sites[@]}" <<'PY'
import json, subprocess, sys, tomllib
work, repo, sites = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(f"{repo}/tests/fixtures/search/queries.toml", "rb") as f:
    queries = tomllib.load(f)["query"]

def run(engine, site, texts):
    out = subprocess.run(["node", f"{repo}/scripts/search-harness.js", engine, f"{work}/{site}", *texts],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)

def hit(url, want):
    return url == want if "#" in want else url.split("#")[0] == want

def kb(n):
    return f"{n / 1000:.1f}"

for site in sites:
    chosen = [q for q in queries if q["site"] == site]
    texts = [q["text"] for q in chosen]
    ours, theirs = run("handbook", site, texts), run("pagefind", site, texts)
    print(f"\n{site}: first result and bytes fetched by a first search (KB raw / gzipped)\n")
    print("| query | kind | expected first | handbook | KB | Pagefind | KB |")
    print("|---|---|---|---|---|---|---|")
    score = {"handbook": 0, "pagefind": 0}
    cost = {"handbook": [], "pagefind": []}
    for q, a, b in zip(chosen, ours["queries"], theirs["queries"]):
        cells = []
        for name, r in (("handbook", a), ("pagefind", b)):
            first = r["urls"][0] if r["urls"] else ""
            ok = bool(first) and hit(first, q["first"])
            score[name] += ok
            cost[name].append(r)
            mark = "yes" if ok else ("no result" if not first else f"no: {first}")
            cells += [mark, f"{kb(r['bytes'])} / {kb(r['gz'])} ({r['files']} files)"]
        print(f"| `{q['text']}` | {q['kind']} | `{q['first']}` | " + " | ".join(cells) + " |")
    print()
    for name, report in (("handbook", ours), ("pagefind", theirs)):
        rs = cost[name]
        median = sorted(r["gz"] for r in rs)[len(rs) // 2]
        i = report["index"]
        print(f"{name}: {score[name]}/{len(chosen)} expected first; median {kb(median)} KB gzipped "
              f"per first search; index {i['files']} files, {kb(i['bytes'])} KB raw / {kb(i['gz'])} KB gzipped")
PY

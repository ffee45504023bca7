#!/usr/bin/env bash
# Lighthouse 12.2.3 (pinned) on the sample handbook's page types, desktop and
# mobile: prints each page's four category scores and any audit below 0.9.
# Needs Debian's chromium, node 20 and npm; lighthouse goes into a temp folder.
#
#   scripts/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix "$work/npm" lighthouse@12.2.3 >/dev/null
cargo build --release --locked --quiet
mkdir -p "$work/site"
cp -r content handbook.toml "$work/site/"
"${CARGO_TARGET_DIR:-target}/release/handbook" build "$work/site" -o "$work/public" --quiet
port=8765
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/public" >/dev/null 2>&1 &
server=$!
sleep 1
for page in "" company/values/ people/job-descriptions/product-manager/ plans/first-90-days/ \
    playbooks/incident-response/ glossary/ dashboard/ roles/ roles/reporting-lines/ tags/; do
  for form in desktop mobile; do
    preset=()
    [ "$form" = desktop ] && preset=(--preset=desktop)
    CHROME_PATH=/usr/bin/chromium "$work/npm/node_modules/.bin/lighthouse" "http://127.0.0.1:$port/$page" \
      --quiet "${preset[@]}" --output=json --output-path="$work/report.json" \
      --chrome-flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$work/profile-$form" \
      >/dev/null 2>&1
    python3 - "$work/report.json" "/$page" "$form" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
scores = " ".join(f"{k}={round(v['score'] * 100)}" for k, v in r["categories"].items())
print(f"{sys.argv[2]:42} {sys.argv[3]:8} {scores}")
for k, v in r["categories"].items():
    for a in v["auditRefs"]:
        au = r["audits"][a["id"]]
        if au.get("score") is not None and au["score"] < 0.9 and a.get("weight", 0) > 0:
            print(f"    {k}: {a['id']} {au['score']}")
PY
  done
done

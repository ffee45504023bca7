#!/usr/bin/env bash
# The plan screenshot README shows (docs/screenshot-plan-chart.png): a plan
# with a scripted git history (ticks over dated commits, an un-tick, two
# uncommitted ticks), built as on 2026-12-02 and shot by headless chromium.
# Needs git, python3 and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/handbook"
dir=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$dir"' EXIT
root="$dir/site"
mkdir -p "$root/content/plans"
cd "$root"
g() { GIT_AUTHOR_NAME=Ana GIT_AUTHOR_EMAIL=ana@example.com GIT_COMMITTER_NAME=Ana \
  GIT_COMMITTER_EMAIL=ana@example.com GIT_AUTHOR_DATE="$1T12:00:00Z" \
  GIT_COMMITTER_DATE="$1T12:00:00Z" GIT_CONFIG_GLOBAL=/dev/null git "${@:2}"; }
plan() {
  printf -- "---\ntitle: Q3 launch plan\ndue: 2026-12-20\nowner: Ana\nstatus: in-progress\n---\n# Q3 launch plan\n\n## Days 0-30: Prepare\n\n- [%s] Hire a launch lead\n- [%s] Write the brief\n- [%s] Agree the budget\n\n## Days 31-60: Build\n\n- [%s] Build the site\n- [%s] Run the beta\n- [%s] Fix what the beta found\n\n## Days 61-90: Launch\n\n- [%s] Announce\n- [%s] Train support\n" "$@" > content/plans/q3-launch.md
}
printf 'title = "Acme Handbook"\n' > handbook.toml
printf '# Home\n\nWelcome.\n' > content/index.md
plan ' ' ' ' ' ' ' ' ' ' ' ' ' ' ' '; g 2026-09-14 init -q -b main; g 2026-09-14 add .; g 2026-09-14 commit -qm "Plan the launch"
plan x ' ' ' ' ' ' ' ' ' ' ' ' ' '; g 2026-09-25 commit -qam "Lead hired"
plan x x ' ' ' ' ' ' ' ' ' ' ' '; g 2026-10-06 commit -qam "Brief written"
plan x x x ' ' ' ' ' ' ' ' ' '; g 2026-10-14 commit -qam "Budget agreed"
plan x x x x ' ' ' ' ' ' ' '; g 2026-11-10 commit -qam "Site built"
plan x x x x x ' ' ' ' ' '; g 2026-11-20 commit -qam "Beta run"
plan x x x x ' ' ' ' ' ' ' '; g 2026-11-24 commit -qam "The beta is not over"
plan x x x x x x ' ' ' '
cd - >/dev/null
HANDBOOK_TODAY=2026-12-02 "$bin" build "$root" -o "$dir/out" >/dev/null 2>&1
python3 -m http.server 8765 --directory "$dir/out" >/dev/null 2>&1 &
server=$!
sleep 1
chromium --headless --no-sandbox --hide-scrollbars --window-size=1100,1500 \
  --screenshot="$PWD/docs/screenshot-plan-chart.png" http://127.0.0.1:8765/plans/q3-launch/ 2>/dev/null
ls -l docs/screenshot-plan-chart.png

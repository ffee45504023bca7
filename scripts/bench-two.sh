#!/usr/bin/env bash
# Build time of two handbook binaries (say, before and after a change) on the
# same generated handbook, in alternating runs, so that a burst of load on a
# shared machine falls on both alike.
#
#   scripts/bench-two.sh OLD_BIN NEW_BIN [PAGES] [RUNS]
#
# e.g. git worktree add /tmp/old HEAD~1 && (cd /tmp/old && cargo build --release)
#      cargo build --release
#      scripts/bench-two.sh /tmp/old/target/release/handbook target/release/handbook 10000 5
#
# With SHORTCODES=1, NEW builds a copy of the handbook in which every page
# also calls two shortcodes with bodies (the built-in alert and details): the
# cost of a handbook that leans on shortcodes, against OLD on the plain one.
#
# With WARM=1, each run is a warm build instead: each binary builds its own
# copy of the handbook (its build cache is its own) into its own OUT, kept
# between runs, and before each run one page's body gets a new line (the
# warm-cache rebuild of issue #19, as bench.sh times it).
#
# PAGES defaults to 10000, RUNS (per binary) to 5. Each run is one cold
# `handbook build --quiet -o OUT`: OUT, on tmpfs (/dev/shm), is removed
# before it, so every page is written; the corpus is read from the page cache
# (one untimed build of each binary first). A round runs each binary once,
# the order swapping every round (old new, new old, ...). Prints each
# binary's median and new / old as the median of the rounds' ratios.
# hyperfine times each run when installed (apt-get install hyperfine), with
# no shell in between; otherwise the script's own clock does.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-lib.sh

[ $# -ge 2 ] || { sed -n '2,28p' "$0" >&2; exit 2; }
old=$(realpath "$1")
new=$(realpath "$2")
pages=${3:-10000}
runs=${4:-5}
for bin in "$old" "$new"; do
  [ -x "$bin" ] || { echo "bench: $bin is not an executable" >&2; exit 2; }
done
gen=../shared/bench/gen-corpus.py
[ -f "$gen" ] || { echo "bench: $gen is missing (../shared is beside the repository in CI)" >&2; exit 1; }
have hyperfine || echo "bench: hyperfine is not installed; timing with date instead (apt-get install hyperfine)" >&2

load_start=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
work=$(mktemp -d /dev/shm/handbook-bench-two.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "bench: generating $pages pages" >&2
python3 "$gen" "$pages" "$work/corpus" --tools handbook >/dev/null
hb=$work/corpus/handbook
hb_new=$hb
if [ "${SHORTCODES:-0}" = 1 ]; then
  hb_new=$work/corpus-shortcodes
  cp -r "$hb" "$hb_new"
  python3 - "$hb_new/content" <<'PY'
import pathlib, sys
calls = (
    '\n{% alert(type="tip", title="Keep it current") %}\n'
    'This page is reviewed every quarter by its owner.\n{% end %}\n\n'
    '{% details(summary="History of this page") %}\n'
    'It was written for the benchmark, and **never** changed.\n{% end %}\n'
)
for page in pathlib.Path(sys.argv[1]).rglob("*.md"):
    with open(page, "a", encoding="utf-8") as f:
        f.write(calls)
PY
  echo "bench: NEW builds the handbook with two shortcode calls on every page" >&2
fi
warm=${WARM:-0}
hb_old=$hb
if [ "$warm" = 1 ]; then
  hb_old=$work/corpus-old
  cp -r "$hb" "$hb_old"
  [ "$hb_new" = "$hb" ] && { hb_new=$work/corpus-new; cp -r "$hb" "$hb_new"; }
  # The page each warm run edits: the first in path order.
  edited=$(cd "$hb" && find content -name '*.md' | LC_ALL=C sort | sed -n 1p)
fi

# one BIN HANDBOOK: the seconds of one build by BIN (cold: into an empty
# folder; warm: after an edit of one page, over the last build's output).
one() {
  local src=$2
  local out=$src.out
  if [ "$warm" = 1 ]; then
    printf '\nAn edit, %s.\n' "$RANDOM" >>"$src/$edited"
  else
    rm -rf "$out"
  fi
  if have hyperfine; then
    hyperfine -N --runs 1 --style none --export-json "$work/h.json" \
      "$1 build --quiet -o $out $src" >/dev/null 2>&1 ||
      { echo "bench: failed: $1 build --quiet -o $out $src" >&2; exit 1; }
    python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['times'][0])" "$work/h.json"
  else
    timed "$1" build --quiet -o "$out" "$src"
  fi
}

one "$old" "$hb_old" >/dev/null
one "$new" "$hb_new" >/dev/null
if [ "$warm" = 1 ]; then
  # The first build filled the cache; the next starts from a full one.
  one "$old" "$hb_old" >/dev/null
  one "$new" "$hb_new" >/dev/null
fi
t_old=""
t_new=""
for ((r = 0; r < runs; r++)); do
  echo "bench: round $((r + 1)) of $runs" >&2
  if ((r % 2 == 0)); then
    t_old+=" $(one "$old" "$hb_old")"
    t_new+=" $(one "$new" "$hb_new")"
  else
    t_new+=" $(one "$new" "$hb_new")"
    t_old+=" $(one "$old" "$hb_old")"
  fi
done

# shellcheck disable=SC2086
m_old=$(median $t_old)
# shellcheck disable=SC2086
m_new=$(median $t_new)
ratio=$(ratio_median "$t_old" "$t_new")
echo
kind="cold build into /dev/shm"
[ "$warm" = 1 ] && kind="warm build after a one-page edit, over its output in /dev/shm"
echo "| $(python3 -c "print('{:,}'.format($pages))") pages, $kind, median of $runs alternating runs | old | new | new / old |"
echo "|---|---|---|---|"
echo "| \`handbook build\` | $(seconds "$m_old") | $(seconds "$m_new") | $(python3 -c "print('%.2fx' % $ratio)") |"
echo
echo "old: $old"
echo "new: $new$([ "${SHORTCODES:-0}" = 1 ] && echo ", every page calling two shortcodes")"
# shellcheck disable=SC2086
echo "Each run, in seconds: old $(printf '%.3f ' $t_old); new $(printf '%.3f ' $t_new)"
echo "Machine: $(nproc) cores; load average $load_start at the start, $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?") at the end."

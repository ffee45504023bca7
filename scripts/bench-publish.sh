#!/usr/bin/env bash
# Publishing cost of issue #15: two handbook binaries (say, before and after a
# change to src/output/) building the same generated handbook over an existing
# output on disk, in alternating rounds, so that a burst of load falls on both.
#
#   scripts/bench-publish.sh OLD_BIN NEW_BIN [PAGES] [ROUNDS]
#
# e.g. git worktree add /tmp/old e7ff1c1 && (cd /tmp/old && cargo build --release)
#      cargo build --release
#      scripts/bench-publish.sh /tmp/old/target/release/handbook target/release/handbook 10000 7
#
# Three cases, each timed as one `handbook build --quiet -o OUT`:
#   unchanged   a rebuild of the handbook as it is (nothing to write)
#   all pages   every page changed (the site title flips between rounds)
#   new folder  into an absent folder (the old output and its work folder removed, then sync)
# Prints the median of each case per binary and new / old, from this one run.
# The output goes to a folder on disk beside the corpus (not tmpfs): set
# BENCH_DIR to choose where (default: a temp folder under /var/tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-lib.sh

old=${1:?old binary}
new=${2:?new binary}
pages=${3:-10000}
rounds=${4:-7}
dir=${BENCH_DIR:-$(mktemp -d /var/tmp/bench-publish.XXXXXX)}
trap 'rm -rf "$dir"' EXIT

python3 ../shared/bench/gen-corpus.py "$pages" "$dir/corpus" --tools handbook >/dev/null
hb=$dir/corpus/handbook
config=$(cat "$hb/handbook.toml")

set_title() { printf '%s\ntitle = "%s"\n' "$(grep -v '^title' <<<"$config")" "$1" >"$hb/handbook.toml"; }

declare -A times
for bin_name in old new; do
  # Each binary keeps its own output, warmed by one build of each title.
  bin=${!bin_name}
  set_title "A"; "$bin" build --quiet -o "$dir/out-$bin_name" "$hb" >/dev/null 2>&1 || true
  set_title "B"; "$bin" build --quiet -o "$dir/out-$bin_name" "$hb" >/dev/null 2>&1 || true
done
title=A
for ((r = 1; r <= rounds; r++)); do
  echo "bench: round $r of $rounds, rebuilds" >&2
  for bin_name in old new; do
    bin=${!bin_name}
    set_title "$title"
    times[all-$bin_name]+=" $(timed "$bin" build --quiet -o "$dir/out-$bin_name" "$hb")"
    times[unchanged-$bin_name]+=" $(timed "$bin" build --quiet -o "$dir/out-$bin_name" "$hb")"
  done
  title=$([ "$title" = A ] && echo B || echo A)
done
for ((r = 1; r <= rounds; r++)); do
  echo "bench: round $r of $rounds, new folders" >&2
  for bin_name in old new; do
    bin=${!bin_name}
    rm -rf "$dir/new-$bin_name" "$dir/.new-$bin_name.handbook"; sync
    times[new-$bin_name]+=" $(timed "$bin" build --quiet -o "$dir/new-$bin_name" "$hb")"
  done
done

echo
echo "| $pages pages, on disk, median of $rounds | old | new | new / old |"
echo "|---|---|---|---|"
for case in unchanged all new; do
  # shellcheck disable=SC2086
  o=$(median ${times[$case-old]})
  # shellcheck disable=SC2086
  n=$(median ${times[$case-new]})
  label=$case
  [ "$case" = all ] && label="all pages changed"
  [ "$case" = new ] && label="into a new folder"
  python3 -c "print('| $label | %.2f s | %.2f s | %.2fx |' % ($o, $n, $n / $o))"
done
echo
echo "Machine: $(nproc) cores; load average $(cut -d' ' -f1 /proc/loadavg) at the end."

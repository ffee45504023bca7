#!/usr/bin/env bash
# Build-time benchmark: handbook against Hugo on the same generated corpora,
# in one run, output on tmpfs. Prints a markdown table of medians and ratios.
#
#   scripts/bench.sh [PAGES...]        default: 1000 10000
#
# Needs python3 and ../shared/bench/gen-corpus.py; hyperfine and hugo from
# Debian (apt-get install hyperfine hugo) are used when installed.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
gen=../shared/bench/gen-corpus.py
[ -f "$gen" ] || { echo "bench: $gen is missing (../shared is beside the repository in CI)" >&2; exit 1; }
cargo build --release --quiet
bin=$PWD/target/release/handbook
work=$(mktemp -d /dev/shm/handbook-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
have() { command -v "$1" >/dev/null 2>&1; }

# Median wall time in seconds of a command, 5 runs after a warm-up.
median() {
  if have hyperfine; then
    hyperfine --warmup 1 --runs 5 --export-json "$work/h.json" --style none "$1" >/dev/null 2>&1
    python3 -c "import json;print('%.3f' % json.load(open('$work/h.json'))['results'][0]['median'])"
  else
    python3 - "$1" <<'PY'
import subprocess, sys, time, statistics
cmd = sys.argv[1]
subprocess.run(cmd, shell=True, check=True, capture_output=True)
times = []
for _ in range(5):
    t = time.perf_counter(); subprocess.run(cmd, shell=True, check=True, capture_output=True); times.append(time.perf_counter() - t)
print("%.3f" % statistics.median(times))
PY
  fi
}

# Peak memory (KB) of one run.
peak() { /usr/bin/time -f %M sh -c "$1 >/dev/null 2>&1" 2>&1 | tail -1; }

echo "| pages | handbook build | peak memory | hugo | peak memory | hugo / handbook | handbook, rebuild unchanged site |"
echo "|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  corpus=$work/corpus-$n
  python3 "$gen" "$n" "$corpus" --tools handbook,hugo >/dev/null
  out=$work/out-$n
  hb="rm -rf $out && $bin build --quiet -o $out $corpus/handbook"
  t_hb=$(median "$hb")
  m_hb=$(peak "$hb")
  # A rebuild over an existing output, as users do: nothing changed, nothing written.
  $bin build --quiet -o "$out" "$corpus/handbook"
  t_re=$(median "$bin build --quiet -o $out $corpus/handbook")
  if have hugo; then
    hugo_cmd="rm -rf $work/hugo-out-$n && hugo --quiet --source $corpus/hugo --destination $work/hugo-out-$n"
    t_hugo=$(median "$hugo_cmd")
    m_hugo=$(peak "$hugo_cmd")
    ratio=$(python3 -c "print('%.1fx' % ($t_hugo / $t_hb))")
    echo "| $n | ${t_hb} s | $((m_hb / 1024)) MB | ${t_hugo} s | $((m_hugo / 1024)) MB | $ratio | ${t_re} s |"
  else
    echo "| $n | ${t_hb} s | $((m_hb / 1024)) MB | (hugo not installed) | | | ${t_re} s |"
  fi
done

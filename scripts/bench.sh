#!/usr/bin/env bash
# Build-time benchmark of issues #5 and #19: handbook against the floor of
# its stack and against Hugo (and Hugo + Pagefind), on the same generated
# corpora, in one run, output on tmpfs.
# Prints a markdown table of medians, the ratios measured in this run, and
# each target with whether it is met.
#
#   scripts/bench.sh                  1,000 and 10,000 pages (a few minutes)
#   scripts/bench.sh --full           also 50,000 pages (handbook and the floor, 3 runs each)
#   scripts/bench.sh --sizes "1000 5000"   other sizes (the largest up to 10,000 is "the" size)
#
# Rows:
#   floor           read + pulldown-cmark + write, in parallel (examples/floor.rs)
#   floor + syntect the same, every code block highlighted with syntect
#   handbook        `handbook build`, everything on, cold (no output, no build cache)
#   warm            `handbook build` after one page's body was edited, with the
#                   build cache the last build left, into a new folder and
#                   over the existing output
#   hugo            Hugo from Debian, a sidebar with every page on every page
#   pagefind        Pagefind indexing Hugo's output: what a Hugo handbook with
#                   offline search runs after Hugo (npm package `pagefind`,
#                   whose binary ships in the package; set PAGEFIND to it, or
#                   have `pagefind` on the PATH)
# The floor, the floor + syntect and handbook run in turns, one run of each
# per round, and "handbook / (floor + syntect)" is the median of the rounds'
# ratios: on a shared machine, a burst of load then falls on both sides.
# Also: start-up (a 10-page handbook), peak memory, output bytes per page,
# a rebuild over an existing output (tmpfs, and on disk), and the time from a
# page's body, title or template edit to the reload message under
# `handbook serve --watch`.
#
# Needs python3 and ../shared/bench/gen-corpus.py; hyperfine and hugo from
# Debian (apt-get install hyperfine hugo) are used when installed.
set -euo pipefail
cd "$(dirname "$0")/.."

full=0
sizes=(1000 10000)
while [ $# -gt 0 ]; do
  case "$1" in
    --full) full=1 ;;
    --sizes) shift; read -r -a sizes <<<"$1" ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ $full = 1 ] && sizes+=(50000)

gen=../shared/bench/gen-corpus.py
[ -f "$gen" ] || { echo "bench: $gen is missing (../shared is beside the repository in CI)" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
have hyperfine || echo "bench: hyperfine is not installed; timing with python instead (apt-get install hyperfine)" >&2
have hugo || echo "bench: hugo is not installed; its rows stay empty (apt-get install hugo)" >&2
pagefind=${PAGEFIND:-$(command -v pagefind || true)}
if [ -z "$pagefind" ]; then
  echo "bench: pagefind is not installed; no Hugo + Pagefind rows (npm install pagefind; PAGEFIND=node_modules/.bin/pagefind)" >&2
elif ! have hugo; then
  pagefind=""
fi

load_start=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
echo "bench: building (release)" >&2
cargo build --release --quiet --bin handbook --example floor
bin=$PWD/target/release/handbook
floor=$PWD/target/release/examples/floor
work=$(mktemp -d /dev/shm/handbook-bench.XXXXXX)
disk=$(mktemp -d "${TMPDIR:-/var/tmp}/handbook-bench-disk.XXXXXX")
trap 'rm -rf "$work" "$disk"' EXIT

# median RUNS WARMUP PREPARE COMMAND: median wall time in seconds.
median() {
  local runs=$1 warmup=$2 prepare=$3 cmd=$4
  if have hyperfine; then
    hyperfine -N --warmup "$warmup" --runs "$runs" --prepare "$prepare" \
      --export-json "$work/h.json" --style none "$cmd" >/dev/null 2>&1
    python3 -c "import json;print('%.4f' % json.load(open('$work/h.json'))['results'][0]['median'])"
  else
    python3 - "$runs" "$warmup" "$prepare" "$cmd" <<'PY'
import shlex, statistics, subprocess, sys, time
runs, warmup, prepare, cmd = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
times = []
for i in range(warmup + runs):
    subprocess.run(prepare, shell=True, check=True)
    t = time.perf_counter()
    subprocess.run(shlex.split(cmd), check=True, capture_output=True)
    if i >= warmup:
        times.append(time.perf_counter() - t)
print("%.4f" % statistics.median(times))
PY
  fi
}
# interleave RUNS WARMUP PREPARE CMD...: runs the commands in turns (one run
# of each per round, PREPARE before each), so that a shared machine's noise
# falls on all of them alike; prints each command's median wall time in
# seconds, one per line, then the median over rounds of last / second-to-last
# (handbook / floor + syntect).
interleave() {
  python3 - "$@" <<'PY'
import shlex, statistics, subprocess, sys, time
runs, warmup, prepare, cmds = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
times = [[] for _ in cmds]
for r in range(warmup + runs):
    for i, cmd in enumerate(cmds):
        subprocess.run(prepare, shell=True, check=True)
        t = time.perf_counter()
        subprocess.run(shlex.split(cmd), check=True, capture_output=True)
        if r >= warmup:
            times[i].append(time.perf_counter() - t)
for t in times:
    print("%.4f" % statistics.median(t))
print("%.4f" % statistics.median(a / b for a, b in zip(times[-1], times[-2])))
PY
}
# Peak memory of one run, in MB.
peak() { /usr/bin/time -f %M sh -c "$1 >/dev/null 2>&1" 2>&1 | tail -1 | awk '{printf "%d", $1/1024}'; }
calc() { python3 -c "print($1)"; }
num() { python3 -c "print('{:,}'.format($1))"; }
fmt_s() { python3 -c "t=$1; print('%.1f ms' % (t*1000) if t < 0.1 else '%.0f ms' % (t*1000) if t < 1 else '%.2f s' % t)"; }
mark() { if python3 -c "import sys; sys.exit(0 if ($1) else 1)"; then echo "met"; else echo "NOT met"; fi; }

# --- start-up: a 10-page handbook ---
echo "bench: start-up (10 pages)" >&2
python3 "$gen" 10 "$work/c10" --tools handbook,hugo >/dev/null
o=$work/o10
# hyperfine, not `interleave`: milliseconds, where starting a process from
# python would add its own.
s_floor=$(median 30 5 "rm -rf $o" "$floor $work/c10/handbook/content $o")
s_syn=$(median 30 5 "rm -rf $o" "$floor --syntect $work/c10/handbook/content $o")
s_hb=$(median 30 5 "rm -rf $o" "$bin build --quiet -o $o $work/c10/handbook")
s_hugo=""
have hugo && s_hugo=$(median 30 5 "rm -rf $o" "hugo --quiet --source $work/c10/hugo --destination $o")

declare -A T_FLOOR T_SYN T_HB R_SYN T_HUGO M_HB M_HUGO T_RE BYTES T_PF PF_FILES PF_BYTES HB_FILES HB_BYTES T_WNEW M_WNEW T_WRE CACHE_MB
for n in "${sizes[@]}"; do
  echo "bench: $n pages" >&2
  c=$work/c$n
  tools=handbook
  if have hugo && [ "$n" -le 10000 ]; then tools=handbook,hugo; fi
  python3 "$gen" "$n" "$c" --tools "$tools" >/dev/null
  o=$work/o$n
  if [ "$n" -gt 10000 ]; then runs=3; warm=0; else runs=5; warm=1; fi
  # Cold: no output folder and no build cache (.handbook-cache/build).
  cold="rm -rf $o $c/handbook/.handbook-cache"
  { read -r T_FLOOR[$n]; read -r T_SYN[$n]; read -r T_HB[$n]; read -r R_SYN[$n]; } < <(
    interleave $runs $warm "$cold" \
      "$floor $c/handbook/content $o" \
      "$floor --syntect $c/handbook/content $o" \
      "$bin build --quiet -o $o $c/handbook")
  eval "$cold"
  M_HB[$n]=$(peak "$bin build --quiet -o $o $c/handbook")
  # Warm: one page's body edited, then a build in a new process with the
  # cache the last build left, into a new folder (a CI job that keeps
  # .handbook-cache) and over the existing output (a rebuild where the
  # site was built before). The edit appends a line each time.
  page=$(find "$c/handbook/content" -name '*.md' | sort | awk 'NR==500')
  printf 'printf "\\nAn edited line.\\n" >> %s\n' "$page" > "$work/edit.sh"
  T_WNEW[$n]=$(median $runs $warm "sh $work/edit.sh && rm -rf $o" "$bin build --quiet -o $o $c/handbook")
  M_WNEW[$n]=$(peak "sh $work/edit.sh && rm -rf $o && $bin build --quiet -o $o $c/handbook")
  T_WRE[$n]=$(median $runs $warm "sh $work/edit.sh" "$bin build --quiet -o $o $c/handbook")
  CACHE_MB[$n]=$(du -sm "$c/handbook/.handbook-cache/build" | cut -f1)
  # All output bytes (pages, section pages, navigation, sitemap, theme
  # files) per generated page: the 111 section pages are there at every
  # size, so counting them as pages would make small sites look smaller.
  BYTES[$n]=$(( $(find "$o" -type f -printf '%s\n' | awk '{s+=$1} END {print s}') / n ))
  HB_FILES[$n]=$(find "$o/_search" -type f | wc -l)
  HB_BYTES[$n]=$(du -sb "$o/_search" | cut -f1)
  # Over the existing output: nothing changed, nothing written.
  T_RE[$n]=$(median $runs $warm "true" "$bin build --quiet -o $o $c/handbook")
  rm -rf "$o"
  if [[ $tools == *hugo* ]]; then
    hruns=$runs; [ "$n" -ge 10000 ] && hruns=3
    T_HUGO[$n]=$(median $hruns $warm "rm -rf $o" "hugo --quiet --source $c/hugo --destination $o")
    M_HUGO[$n]=$(peak "rm -rf $o && hugo --quiet --source $c/hugo --destination $o")
    if [ -n "$pagefind" ]; then
      # Pagefind over the site Hugo just wrote, as a Hugo handbook's build does next.
      T_PF[$n]=$(median "$hruns" 0 "rm -rf $o/pagefind" "$pagefind --site $o")
      PF_FILES[$n]=$(find "$o/pagefind" -type f | wc -l)
      PF_BYTES[$n]=$(du -sb "$o/pagefind" | cut -f1)
    fi
    rm -rf "$o"
  fi
done

# "The" size: the largest up to 10,000 pages.
big=0
for n in "${sizes[@]}"; do [ "$n" -le 10000 ] && [ "$n" -gt "$big" ] && big=$n; done
c=$work/c$big

# --- on disk: a new folder, and a rebuild over the existing output ---
echo "bench: $big pages on disk" >&2
od=$disk/out
d_new=$(median 3 0 "rm -rf $od; sync" "$bin build --quiet -o $od $c/handbook")
d_re=$(median 3 1 "true" "$bin build --quiet -o $od $c/handbook")

# --- serve: a page's body, its title and a template edited, until the reload message ---
echo "bench: serve --watch, body, title and template edits ($big pages)" >&2
serve_out=$(cargo bench --quiet --bench serve_latency -- "$c/handbook" 2>/dev/null || true)
serve_median() { echo "$serve_out" | sed -n "s/^$1 edit.*median *\([0-9.]*\) ms.*/\1/p"; }
edit=$(serve_median body)
title_edit=$(serve_median title)
template_edit=$(serve_median template)

# --- the table ---
echo
echo "| pages | floor | floor + syntect | handbook | peak memory | Hugo | peak memory | handbook / (floor + syntect) | Hugo / handbook | handbook per page | output per page | rebuild, unchanged |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  hb=${T_HB[$n]}
  r_floor=$(calc "'%.2fx' % ${R_SYN[$n]}")
  per=$(calc "'%.0f µs' % ($hb / $n * 1e6)")
  hugo="|"
  r_hugo=""
  if [ -n "${T_HUGO[$n]:-}" ]; then
    hugo="$(fmt_s "${T_HUGO[$n]}") | ${M_HUGO[$n]} MB"
    r_hugo=$(calc "'%.1fx' % (${T_HUGO[$n]} / $hb)")
  fi
  echo "| $(num "$n") | $(fmt_s "${T_FLOOR[$n]}") | $(fmt_s "${T_SYN[$n]}") | $(fmt_s "$hb") | ${M_HB[$n]} MB | $hugo | $r_floor | $r_hugo | $per | $(num "${BYTES[$n]}") B | $(fmt_s "${T_RE[$n]}") |"
done
echo
echo "The build cache: a build after one page's body was edited, in a new process, with the cache the last build left, against the floor + syntect of the same run:"
echo
echo "| pages | floor + syntect | cold build | cold / floor | warm, into a new folder | warm / floor | peak memory | warm, over the existing output | warm / floor | cache size |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  syn=${T_SYN[$n]}
  echo "| $(num "$n") | $(fmt_s "$syn") | $(fmt_s "${T_HB[$n]}") | $(calc "'%.2fx' % ${R_SYN[$n]}") | $(fmt_s "${T_WNEW[$n]}") | $(calc "'%.2fx' % (${T_WNEW[$n]} / $syn)") | ${M_WNEW[$n]} MB | $(fmt_s "${T_WRE[$n]}") | $(calc "'%.2fx' % (${T_WRE[$n]} / $syn)") | ${CACHE_MB[$n]} MB |"
done
if [ -n "$pagefind" ]; then
  echo
  echo "With search: Hugo followed by Pagefind ($("$pagefind" --version)) against handbook, whose build makes its index:"
  echo
  echo "| pages | Hugo | Pagefind | Hugo + Pagefind | handbook | (Hugo + Pagefind) / handbook | Pagefind index | handbook index |"
  echo "|---|---|---|---|---|---|---|---|"
  for n in "${sizes[@]}"; do
    [ -n "${T_PF[$n]:-}" ] || continue
    both=$(calc "${T_HUGO[$n]} + ${T_PF[$n]}")
    echo "| $(num "$n") | $(fmt_s "${T_HUGO[$n]}") | $(fmt_s "${T_PF[$n]}") | $(fmt_s "$both") | $(fmt_s "${T_HB[$n]}") | $(calc "'%.1fx' % ($both / ${T_HB[$n]})") | $(num "${PF_FILES[$n]}") files, $(calc "'%.1f MB' % (${PF_BYTES[$n]} / 1e6)") | $(num "${HB_FILES[$n]}") files, $(calc "'%.1f MB' % (${HB_BYTES[$n]} / 1e6)") |"
  done
fi
echo
echo "Start-up, 10 pages: floor $(fmt_s "$s_floor"), floor + syntect $(fmt_s "$s_syn"), handbook $(fmt_s "$s_hb")${s_hugo:+, Hugo $(fmt_s "$s_hugo")}."
echo "On disk, $big pages: into a new folder $(fmt_s "$d_new"), over the existing output $(fmt_s "$d_re")."
echo "serve --watch, $big pages, edit -> reload message, median of 15: a page's body ${edit:-?} ms, its title ${title_edit:-?} ms, a template ${template_edit:-?} ms."
echo "Machine: $(nproc) cores; load average $load_start at the start, $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?") at the end."
echo

# --- the targets ---
hb=${T_HB[$big]}
small=${sizes[0]}
echo "| target ($big pages) | measured | |"
echo "|---|---|---|"
r=${R_SYN[$big]}
echo "| cold build at most 1.8x floor + syntect | $(calc "'%.2fx' % $r") | $(mark "$r <= 1.8") |"
syn=${T_SYN[$big]}
r=$(calc "${T_WRE[$big]} / $syn")
echo "| warm-cache build after a one-page edit, over the existing output, under a third of floor + syntect | $(fmt_s "${T_WRE[$big]}"), $(calc "'%.2fx' % $r") | $(mark "$r < 1/3") |"
r=$(calc "${T_WNEW[$big]} / $syn")
echo "| warm-cache build after a one-page edit, into a new folder, under a third of floor + syntect | $(fmt_s "${T_WNEW[$big]}"), $(calc "'%.2fx' % $r") | $(mark "$r < 1/3") |"
if [ -n "${T_PF[$big]:-}" ]; then
  r=$(calc "(${T_HUGO[$big]} + ${T_PF[$big]}) / $hb")
  echo "| (no target) Hugo + Pagefind against handbook | $(calc "'%.1fx' % $r") faster | |"
fi
echo "| peak memory under 400 MB (cold) | ${M_HB[$big]} MB | $(mark "${M_HB[$big]} < 400") |"
r=$(calc "${BYTES[$big]} / ${BYTES[$small]}")
echo "| output bytes per page flat, $small -> $big pages | $(calc "'%.2fx' % $r") | $(mark "0.9 <= $r <= 1.1") |"
if [ -n "$edit" ]; then
  echo "| body edit under serve under 20 ms | $edit ms | $(mark "$edit < 20") |"
fi
if [ -n "$title_edit" ]; then
  echo "| title edit under serve under 50 ms | $title_edit ms | $(mark "$title_edit < 50") |"
fi
if [ -n "$template_edit" ]; then
  echo "| template edit under serve under 300 ms | $template_edit ms | $(mark "$template_edit < 300") |"
fi
per=$(for n in "${sizes[@]}"; do calc "${T_HB[$n]} / $n"; done | sort -g)
r=$(calc "$(echo "$per" | tail -1) / $(echo "$per" | head -1)")
echo "| time per page within 1.3x across ${sizes[*]} pages | $(calc "'%.2fx' % $r") | $(mark "$r <= 1.3") |"
echo "| start-up, 10 pages, under 20 ms | $(fmt_s "$s_hb") | $(mark "$s_hb < 0.020") |"

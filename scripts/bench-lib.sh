# Helpers shared by the scripts that time two handbook binaries against each
# other (bench-two.sh, bench-publish.sh); sourced, not run.

have() { command -v "$1" >/dev/null 2>&1; }

# timed COMMAND...: the seconds one run of COMMAND takes (its output
# dropped); stops the script when it fails.
timed() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print($end - $start)"
}

# median NUMBER...: their median.
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

# ratio_median "A..." "B...": the median of the rounds' ratios B/A (the
# lists are one time per round, in the same order).
ratio_median() {
  python3 -c "import statistics,sys; a, b = ([float(x) for x in s.split()] for s in sys.argv[1:3]); print(statistics.median(y / x for x, y in zip(a, b)))" "$1" "$2"
}

# seconds S: `2.44 s`, or `84.1 ms` under a second.
seconds() { python3 -c "t=$1; print('%.1f ms' % (t*1000) if t < 1 else '%.2f s' % t)"; }

#!/usr/bin/env bash
# The screenshots README shows (docs/screenshot-{desktop,phone}-{light,dark}.png),
# taken by the browser test from the sample handbook. Needs Debian's chromium
# and chromium-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
HANDBOOK_SCREENSHOTS="$PWD/docs" cargo test --locked --test suite \
  accessibility::screenshots_of_a_job_page_in_both_schemes_at_both_widths -- --exact
ls -l docs/screenshot-*.png

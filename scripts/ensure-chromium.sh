#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through playwright-core (no browser download). Install it from
# Debian's packages when it is missing and we may (root with apt); otherwise say what to install.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium for the browser tests…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
else
  echo "The browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)." >&2
  exit 1
fi

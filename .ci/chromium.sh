#!/usr/bin/env bash
# Installs Debian's chromium for the report's browser test (TwoFactor.Reports.Tests.BrowserTests), once: skipped when a
# chromium is already on PATH. Quiet; prints one line. The test runs it headless, offline, on a file:// page.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then echo "chromium: $(chromium --version 2>/dev/null | head -1)"; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then echo "chromium: not installed (needs root for apt-get); the browser test will be skipped" >&2; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
# One apt-get update per CI run: skipped when another step (.ci/postgres.sh) refreshed the lists within the hour.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -60 2>/dev/null | head -1)" ]; then apt-get update -qq >/dev/null; fi
apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "chromium: $(chromium --version 2>/dev/null | head -1)"

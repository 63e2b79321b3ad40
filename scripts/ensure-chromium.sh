#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a downloaded one): install it when missing.
# Idempotent and silent when it is already there; needs root (CI) or passwordless sudo.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
run() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
echo "Installing Debian's chromium for the browser tests…"
run apt-get update -qq
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
command -v chromium >/dev/null

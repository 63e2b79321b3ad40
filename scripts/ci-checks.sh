#!/usr/bin/env bash
# CI's checks before jest: lint beside type-check + build. Each is mostly one thread and CI has
# two cores, so side by side they take the longer one's time, not the sum (~45 s of a 15-min run).
# Lint's output is held until the end so the two do not interleave.
set -uo pipefail
lint_log="$(mktemp)"
trap 'rm -f "$lint_log"' EXIT
npm run lint >"$lint_log" 2>&1 &
lint_pid=$!
npm run typecheck && npm run build
checks=$?
wait "$lint_pid"
lint=$?
cat "$lint_log"
if [ "$lint" -ne 0 ]; then echo "lint failed (exit $lint)" >&2; fi
if [ "$checks" -ne 0 ]; then echo "typecheck or build failed (exit $checks)" >&2; fi
[ "$lint" -eq 0 ] && [ "$checks" -eq 0 ]

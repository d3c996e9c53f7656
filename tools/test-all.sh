#!/usr/bin/env bash
# Runs every test suite of the workspace (after setting the machine up) and ends with one line
# totalling all suites: `N passed, N failed`. Lint failures and suites that crashed before
# reporting count as failures. Exit status is non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
start=$(date +%s)

bash tools/setup.sh --tests || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

results=$(mktemp -d); export MOSAIC_TEST_RESULTS_DIR=$results
trap 'rm -rf "$results"' EXIT
failed_extra=0

printf '\n==> lint\n'
lint_log=$(mktemp)
npx nx run-many -t lint --output-style=static 2>&1 | tee "$lint_log" | grep -vE '^\s*$' | tail -5
lint_failed=$(grep -cE '^\s*-\s+\S+:lint' "$lint_log" || true)
((failed_extra += lint_failed))

# Tests run through tsx, which strips types without checking them: check every project's sources
# and tests here (its tsconfig.json).
printf '\n==> typecheck\n'
typecheck_failed=0
for cfg in libs/*/tsconfig.json apps/*/tsconfig.json tools/*/tsconfig.json; do
  if ! out=$(node_modules/.bin/tsc -p "$cfg" --noEmit 2>&1); then
    printf 'typecheck failed: %s\n%s\n' "$cfg" "$out" | head -20
    ((typecheck_failed += 1))
  fi
done
echo "typecheck: $typecheck_failed project(s) failed"
((failed_extra += typecheck_failed))

printf '\n==> test\n'
mapfile -t suites < <(npx nx show projects --with-target test 2>/dev/null | sort)
# Integration suites start real servers on shared CPU: one suite at a time keeps timings honest.
npx nx run-many -t test --output-style=static --parallel=1
for s in "${suites[@]}"; do
  [[ -f "$results/$s.json" ]] || { echo "suite $s did not report results (crashed, or did not run)"; ((failed_extra += 1)); }
done

summary=$(node -e '
  const fs = require("fs"); const dir = process.argv[1];
  let p = 0, f = 0, k = 0;
  for (const file of fs.readdirSync(dir)) {
    const r = JSON.parse(fs.readFileSync(dir + "/" + file, "utf8"));
    p += r.passes; f += r.failures; k += r.pending;
    console.error(`  ${r.suite.padEnd(40)} ${r.passes} passed, ${r.failures} failed${r.pending ? `, ${r.pending} skipped` : ""}`);
  }
  console.log(`${p} ${f} ${k}`);' "$results")
read -r passed failed skipped <<<"$summary"
failed=$((failed + failed_extra))
printf '\nlint: %s project(s) failed; typecheck: %s; total time %ss\n' "$lint_failed" "$typecheck_failed" "$(( $(date +%s) - start ))"
if ((skipped)); then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
((failed == 0))

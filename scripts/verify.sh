#!/usr/bin/env bash
# The whole quality gate (DESIGN.md "Quality gates"), in order:
#   1. projen build with CI=true: jsii compile, docgen (API.md), rosetta --strict, jest, eslint, integ snapshots
#   2. the canonical example synthesized with the aws-cdk CLI
#   3. no stale generated files (API.md, snapshots, projen files): git must see no change
#   4. cfn-lint over every template in every cdk.out and *.snapshot folder
#   5. jsii-pacmak --code-only for Python and Java, and python3 -m compileall over the Python
#   6. a last line `N passed, N failed` read from jest's JSON results
# It first refuses to run when a node_modules folder outside the checkout could leak into the build.
set -euo pipefail
cd "$(dirname "$0")/.."

# Hermetic: Node tools resolve packages by walking up from the folder they run in, and jsii-rosetta and
# integ-runner run in the system temp folder. A node_modules folder in /, /tmp, $HOME, or above the
# checkout or $TMPDIR can make a broken build pass here and fail on every fresh machine, so refuse to run.
stray=()
candidates=(/ /tmp "${HOME:-/root}")
for start in "$PWD" "${TMPDIR:-/tmp}"; do
  d=$(dirname "$start")
  while :; do candidates+=("$d"); [ "$d" = / ] && break; d=$(dirname "$d"); done
done
for d in "${candidates[@]}"; do
  f="${d%/}/node_modules"
  if [ -e "$f" ] && [[ ! " ${stray[*]} " =~ " $f " ]]; then stray+=("$f"); fi
done
if [ "${#stray[@]}" -gt 0 ]; then
  echo "error: ${stray[*]} exists outside the checkout; packages there can make a broken build pass (tools resolve modules from parent folders), so remove it and run again" >&2
  exit 1
fi

export CI=true
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export NO_COLOR=1
start=$(date +%s)
step() { printf '\n==> [%ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }

step "projen build (CI=true)"
npx projen build

step "example: synthesize examples/ with the aws-cdk CLI"
node scripts/example.js

step "stale generated files (API.md, snapshots, projen output)"
if ! git diff --exit-code --stat || [ -n "$(git status --porcelain)" ]; then
  git status --porcelain
  echo "error: the build changed or created tracked files; regenerate and commit them (see above)" >&2
  exit 1
fi

step "cfn-lint over every synthesized template"
mapfile -t templates < <(find . -path ./node_modules -prune -o \
  \( -path '*/cdk.out/*' -o -path '*.snapshot/*' \) -name '*.template.json' -print | sort)
if [ "${#templates[@]}" -eq 0 ]; then
  echo "error: no templates found to lint" >&2
  exit 1
fi
echo "linting ${#templates[@]} templates"
cfn-lint --config-file .cfnlintrc.yaml -- "${templates[@]}"

step "jsii-pacmak --code-only (python, java) and python3 -m compileall"
rm -rf dist-code-only
npx jsii-pacmak --code-only --targets python,java --outdir dist-code-only
python3 -m compileall -q dist-code-only/python

step "done in $(( $(date +%s) - start ))s"
node -e '
const r = require("./test-reports/jest-results.json");
if (!r || typeof r.numPassedTests !== "number") { console.error("no jest results"); process.exit(1); }
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
if (r.numFailedTests > 0 || r.numPassedTests === 0) process.exit(1);
'

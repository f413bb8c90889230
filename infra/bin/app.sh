#!/usr/bin/env bash
# Runs the CDK app (dev.refinery.infra.RefineryApp) on the JVM directly. The CDK CLI calls this through
# cdk.json; `make synth` calls it with CDK_OUTDIR=infra/cdk.out and no CLI at all.
# Extra JVM options (e.g. -Drefinery.intermediateExpirationDays=14) come from INFRA_JAVA_OPTS.
set -euo pipefail
infra_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_root="$(cd "$infra_dir/.." && pwd)"
cd "$repo_root"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION="${JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION:-1}"
mvn -B -q -pl infra compile dependency:build-classpath \
  -Dmdep.outputFile="$infra_dir/target/classpath.txt" -Dmdep.includeScope=runtime >&2
# shellcheck disable=SC2086
exec java ${INFRA_JAVA_OPTS:-} -Drefinery.repoRoot="$repo_root" \
  -cp "$infra_dir/target/classes:$(cat "$infra_dir/target/classpath.txt")" dev.refinery.infra.RefineryApp

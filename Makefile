# Refinery. The README's first two commands: `make run` (the main job on the embedded default) and `make test`.
SHELL := /bin/bash
MVN ?= scripts/mvn -B -q
PHOTOS ?=
PRESET ?= amazon-main
OUT ?= out
ENGINE ?= classic
JAVA ?= java
# The throughput collector suits a batch tool: photos are large short-lived arrays, pauses do not matter.
JAVA_OPTS ?= -Xmx2g -XX:+UseParallelGC -Djava.awt.headless=true
CLI_CP := functions/cli/target/refinery-cli.jar:functions/cli/target/lib/*

.PHONY: build test run refine bench aws-cost cli clean

build:
	$(MVN) -DskipTests package

# The web app's browser tests drive Debian's chromium: installed first when missing (.ci/install-web.sh, idempotent).
test:
	bash .ci/install-web.sh
	$(MVN) verify

# The command line, built only when a source, resource or pom it could depend on is newer than its jar: Maven's own
# up-to-date check costs 2.3 s of every `make refine` (docs/benchmarks.md), a `find` over the sources ~0.05 s.
CLI_JAR := functions/cli/target/refinery-cli.jar
CLI_INPUTS := $(shell find pom.xml functions -path '*/node_modules' -prune -o -path '*/target' -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -type f -print 2>/dev/null)
cli: $(CLI_JAR)

$(CLI_JAR): $(CLI_INPUTS)
	$(MVN) -DskipTests -pl functions/cli -am package
	@touch $@

# Refine photos from the command line: make refine PHOTOS=<file or folder> PRESET=<id>[,<id>...] OUT=<folder> [ENGINE=classic]
refine: cli
	@test -n "$(PHOTOS)" || { echo "usage: make refine PHOTOS=<file or folder> [PRESET=amazon-main] [OUT=out] [ENGINE=classic]"; exit 2; }
	JAVA="$(JAVA)" JAVA_OPTS="$(JAVA_OPTS)" scripts/refinery refine --photos "$(PHOTOS)" --preset "$(PRESET)" --out "$(OUT)" --engine "$(ENGINE)"

# The main job on the embedded default: the local stack (embedded S3, H2 session store, the repo's state
# machine on the local runner, the real handlers) refines the project's sample seller photos (or PHOTOS=).
# Same OUT/<stem>/ layout as make refine, plus each session's id and execution history.
run: run-stack

# 20 synthetic 1600x1200 photos through all classic stages vs an ImageMagick script, same run.
# The heap is bounded so peak RSS stays under 1 GB; a young generation of half the heap holds a photo's
# short-lived planes (fewer collections than the collector's default sizing, docs/benchmarks.md).
BENCH_JAVA_OPTS ?= -Xmx640m -Xmn320m -XX:+UseParallelGC -Djava.awt.headless=true
# Exit code 3: the bench ran and some of its photos ended NEEDS_REVIEW (the check's verdicts are part of the
# measured path, not a failure of the benchmark).
bench: cli
	@$(JAVA) $(BENCH_JAVA_OPTS) -cp "$(CLI_CP)" dev.refinery.cli.Refinery bench --work "$(OUT)/bench"; rc=$$?; \
	if [ $$rc -eq 3 ]; then exit 0; fi; exit $$rc

# What 1,000 photos cost on AWS with each engine: make bench's 20 photos refined one at a time on the in-process
# state machine with one container per function (reports under OUT/aws-cost/measured), priced with the functions'
# memory (functions.json) and the prices in functions/cli/src/main/resources/cost/aws-prices-us-east-1.json.
# An estimate: docs/benchmarks.md says how to measure the real figure on a deployed stack.
aws-cost: cli
# (JAVA_OPTS' 2 GB heap: eight functions' wirings each keep their own decoded images, as eight containers would)
	@$(JAVA) $(JAVA_OPTS) -cp "$(CLI_CP)" dev.refinery.cli.Refinery cost --work "$(OUT)/aws-cost"

clean:
	$(MVN) clean
	rm -rf out infra/cdk.out

# Area-specific targets (aws, workflow, infra, local stack) live in make/*.mk.
-include make/*.mk

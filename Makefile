# Refinery: the README's first two commands are `make run` and `make test`.
SHELL := /bin/bash
MVN ?= mvn -B -q
PHOTOS ?=
PRESET ?= amazon-main
OUT ?= out
ENGINE ?= classic

.PHONY: build test run refine bench clean

build:
	$(MVN) -DskipTests package

test:
	$(MVN) verify

clean:
	$(MVN) clean
	rm -rf out infra/cdk.out

# Area-specific targets (aws, infra, local stack, openai) live in make/*.mk.
-include make/*.mk

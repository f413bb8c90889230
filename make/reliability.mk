# Reliability and security suites (functions/reliability, docs/reliability.md).
# moto_server is started on a free 127.0.0.1 port by the tests (or REFINERY_MOTO_ENDPOINT); the local stack runs in process.
SOAK_SESSIONS ?= 200
SOAK_SEED ?=

.PHONY: reliability-test soak

# Every suite, with the small soak (24 uploads per stack); under ~3 minutes on two cores.
reliability-test:
	$(MVN) -pl functions/reliability -am verify -Dtest='dev/refinery/reliability/**/*Test' -Dsurefire.failIfNoSpecifiedTests=false

# The full soak: SOAK_SESSIONS uploads through the local stack and through the AWS adapters on moto_server, faults at
# seeded random rates. Prints started / completed / needs-review / failed-with-reason / lost and the seed;
# SOAK_SEED=<seed> replays a run. Summaries also land in functions/reliability/target/reliability/.
soak:
	$(MVN) -pl functions/reliability -am test -Dtest='Soak*Test' -Dsurefire.failIfNoSpecifiedTests=false \
		-Drefinery.soak.sessions=$(SOAK_SESSIONS) $(if $(SOAK_SEED),-Drefinery.soak.seed=$(SOAK_SEED))

# Workflow: the state-machine definition and the local ASL runner (functions/workflow).
.PHONY: reference-asl workflow-test

NODE22_HOME ?= $(CURDIR)/.ci/tmp/node22

# Installs Node 22 + aws-local-stepfunctions (once) and checks that the Java runner agrees with it
# on every definition of functions/workflow/src/test/resources/asl (the project's own included).
reference-asl:
	@bash .ci/install-node22.sh
	$(MVN) -pl functions/workflow -am test -Dtest=ReferenceAgreementTest -Dsurefire.failIfNoSpecifiedTests=false \
		-Drefinery.node22.home=$(NODE22_HOME)

# All workflow tests (the reference comparison skips itself when Node 22 is not installed).
workflow-test:
	$(MVN) -pl functions/workflow -am verify

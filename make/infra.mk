# Infrastructure (infra/, the CDK app). See docs/deploy.md.
#   make synth          CloudFormation template + assets into infra/cdk.out (no AWS account needed)
#   make deploy         synth with the real packages, then `cdk deploy` (needs AWS credentials)
#   make destroy        `cdk destroy` (needs AWS credentials; bucket, table, secret and user pool are retained)
#   make infra-test     the infra module's tests (template assertions + cdk-nag), no packages needed
#   make lambda-sizes   deployment-package sizes and cold-start-to-first-event times -> infra/target/bench/
# Context for synth without the CLI: INFRA_JAVA_OPTS='-Drefinery.intermediateExpirationDays=14 ...'
# Context for deploy: CDK_ARGS='-c refinery:alarmEmail=ops@example.com'
# Packages elsewhere: STAGES_JAR=... CONTROL_JAR=... (default: the contract paths under functions/)

INFRA_CDK_VERSION ?= 2.1148.1
INFRA_CDK := infra/node_modules/.bin/cdk
STAGES_JAR ?= functions/lambda-stages/target/refinery-lambda-stages.jar
CONTROL_JAR ?= functions/lambda-control/target/refinery-lambda-control.jar
PACKAGE_OPTS = -Drefinery.stagesJar=$(abspath $(STAGES_JAR)) -Drefinery.controlJar=$(abspath $(CONTROL_JAR))
PACKAGE_CONTEXT = -c refinery:stagesJar=$(abspath $(STAGES_JAR)) -c refinery:controlJar=$(abspath $(CONTROL_JAR))
CDK_ARGS ?=
PLACEHOLDER_CODE ?=

.PHONY: synth deploy destroy infra-test lambda-packages lambda-sizes cdk-cli

# Builds the two shaded deployment packages when they are missing (modules owned by the aws runtime).
lambda-packages:
	@if [ -f $(STAGES_JAR) ] && [ -f $(CONTROL_JAR) ]; then \
	  echo "lambda packages present: $(STAGES_JAR), $(CONTROL_JAR)"; \
	elif [ -d functions/lambda-stages ] && [ -d functions/lambda-control ]; then \
	  $(MVN) -pl functions/lambda-stages,functions/lambda-control -am -DskipTests package; \
	else \
	  echo "ERROR: $(STAGES_JAR) / $(CONTROL_JAR) are missing and the functions/lambda-* modules are not in this checkout." >&2; \
	  echo "       Run 'make synth PLACEHOLDER_CODE=1' for a template with stand-in code (NOT deployable)." >&2; \
	  exit 1; \
	fi

# Offline: runs the Java app directly (no CDK CLI, no AWS calls). cdk-nag runs during synth.
synth:
	@if [ -n "$(PLACEHOLDER_CODE)" ]; then \
	  mkdir -p infra/target/placeholder && printf 'placeholder: not deployable\n' > infra/target/placeholder/README.txt && \
	  ( cd infra/target/placeholder && rm -f stand-in.jar && jar cf stand-in.jar README.txt ) && \
	  echo "WARNING: synthesizing with PLACEHOLDER Lambda code (infra/target/placeholder/stand-in.jar): NOT deployable" >&2; \
	  rm -rf infra/cdk.out && time CDK_OUTDIR=$(CURDIR)/infra/cdk.out \
	    INFRA_JAVA_OPTS="$(INFRA_JAVA_OPTS) -Drefinery.stagesJar=$(CURDIR)/infra/target/placeholder/stand-in.jar -Drefinery.controlJar=$(CURDIR)/infra/target/placeholder/stand-in.jar" \
	    infra/bin/app.sh; \
	else \
	  $(MAKE) --no-print-directory lambda-packages && rm -rf infra/cdk.out && \
	  time CDK_OUTDIR=$(CURDIR)/infra/cdk.out INFRA_JAVA_OPTS="$(INFRA_JAVA_OPTS) $(PACKAGE_OPTS)" infra/bin/app.sh; \
	fi
	@ls infra/cdk.out/*.template.json

# The CDK CLI, pinned, installed from npm into infra/node_modules on first use.
cdk-cli:
	@[ -x $(INFRA_CDK) ] || npm install --prefix infra --no-save --no-audit --no-fund aws-cdk@$(INFRA_CDK_VERSION)
	@$(INFRA_CDK) --version

# Needs AWS credentials and a bootstrapped account/region (`infra/node_modules/.bin/cdk bootstrap`).
deploy: cdk-cli lambda-packages
	cd infra && JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 node_modules/.bin/cdk deploy --require-approval broadening $(PACKAGE_CONTEXT) $(CDK_ARGS)

destroy: cdk-cli
	cd infra && JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 node_modules/.bin/cdk destroy $(PACKAGE_CONTEXT) $(CDK_ARGS)

infra-test:
	$(MVN) -pl infra verify

lambda-sizes:
	STAGES_JAR=$(STAGES_JAR) CONTROL_JAR=$(CONTROL_JAR) infra/bench/lambda-sizes.sh

# AWS runtime (functions/aws, the Lambda packages). See events/README.md.
AWS_JAVA ?= java
AWS_STAGES_JAR := functions/lambda-stages/target/refinery-lambda-stages.jar
# memory: in-memory stores and a recording workflow starter; env: the handler's own constructor, reading REFINERY_*/AWS_* (AWS, moto, local stack)
STACK ?= memory

.PHONY: aws-test aws-package invoke

# The AWS module's tests: unit tests, and integration tests on a moto_server they start on a free 127.0.0.1 port
# (or the one in REFINERY_MOTO_ENDPOINT).
aws-test:
	$(MVN) -pl functions/testkit,functions/aws -am verify

# Both deployment packages; the build prints each one's zipped and unzipped size and fails over 250 MB unzipped.
aws-package:
	$(MVN) -DskipTests -pl functions/lambda-stages,functions/lambda-control clean
	$(MVN) -DskipTests -pl functions/lambda-stages,functions/lambda-control -am package

# Run one handler on one event file: make invoke FN=UploadTriggerHandler EVENT=events/s3-put-upload.json [STACK=memory|env]
invoke:
	@test -n "$(FN)" -a -n "$(EVENT)" || { echo "usage: make invoke FN=<handler class> EVENT=<event file> [STACK=memory|env]"; exit 2; }
	@test -f "$(AWS_STAGES_JAR)" || $(MAKE) --no-print-directory aws-package
	@REFINERY_INVOKE_STACK=$(STACK) REFINERY_LOG_LEVEL=$${REFINERY_LOG_LEVEL:-WARN} $(AWS_JAVA) -Djava.awt.headless=true -cp "$(AWS_STAGES_JAR)" dev.refinery.aws.tools.Invoke "$(FN)" "$(EVENT)"

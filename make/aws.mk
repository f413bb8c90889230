# AWS runtime (functions/aws, the Lambda packages). See events/README.md.
AWS_JAVA ?= java
AWS_STAGES_JAR := functions/lambda-stages/target/refinery-lambda-stages.jar
# memory: in-memory stores and a recording workflow starter; env: the handler's own constructor, reading REFINERY_*/AWS_* (AWS, moto, local stack)
STACK ?= memory

.PHONY: aws-test aws-package invoke tenant-user tenant-delete admin-package e2e

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

# Operator commands on a deployed stack, with the shell's AWS credentials (docs/deploy.md, "Tenants").
ADMIN_JAR := functions/admin/target/refinery-admin.jar
ADMIN_CP := $(ADMIN_JAR):functions/admin/target/lib/*

admin-package:
	$(MVN) -pl functions/admin -am -DskipTests package

# make tenant-user POOL=<UserPoolId> EMAIL=seller@example.com TENANT=t-acme
tenant-user:
	@test -n "$(POOL)" -a -n "$(EMAIL)" -a -n "$(TENANT)" || { echo "usage: make tenant-user POOL=<UserPoolId> EMAIL=<address> TENANT=<tenant>"; exit 2; }
	@test -f "$(ADMIN_JAR)" || $(MAKE) --no-print-directory admin-package
	@$(AWS_JAVA) -cp "$(ADMIN_CP)" dev.refinery.admin.TenantAdmin create-user --user-pool-id "$(POOL)" --email "$(EMAIL)" --tenant "$(TENANT)"

# make tenant-delete TENANT=t-acme TABLE=<TableName> BUCKET=<BucketName> [YES=1]   (without YES: a report of what would go)
tenant-delete:
	@test -n "$(TENANT)" -a -n "$(TABLE)" -a -n "$(BUCKET)" || { echo "usage: make tenant-delete TENANT=<tenant> TABLE=<TableName> BUCKET=<BucketName> [YES=1]"; exit 2; }
	@test -f "$(ADMIN_JAR)" || $(MAKE) --no-print-directory admin-package
	@$(AWS_JAVA) -cp "$(ADMIN_CP)" dev.refinery.admin.TenantAdmin delete-tenant --tenant "$(TENANT)" --table "$(TABLE)" --bucket "$(BUCKET)" $(if $(YES),--yes,)

# The end-to-end tests against a deployed stack (cdk deploy -c refinery:testHooks=true --outputs-file cdk-outputs.json),
# with the shell's AWS credentials; skipped with the reason when OUTPUTS or credentials are missing.
e2e:
	@test -n "$(OUTPUTS)" || { echo "usage: make e2e OUTPUTS=<cdk deploy --outputs-file of a stack deployed with -c refinery:testHooks=true>"; exit 2; }
	$(MVN) -pl functions/admin -am -P aws-e2e -Dsurefire.failIfNoSpecifiedTests=false -Dtest='DeployedStackE2ETest' -Drefinery.e2e.outputs="$(abspath $(OUTPUTS))" verify

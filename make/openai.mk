# The openai engine (functions/engine-openai). `make refine/run ENGINE=openai` themselves are the CLI's.
.PHONY: openai-test openai-smoke openai-mock

# The module's tests: a fake Images API on 127.0.0.1, the OpenAPI excerpt in ../shared/realworld, moto_server.
openai-test:
	$(MVN) -pl functions/engine-openai -am verify

# One real, low-quality edit (about a cent) against OpenAI; needs OPENAI_API_KEY.
openai-smoke:
	@test -n "$$OPENAI_API_KEY" || { echo "openai-smoke makes one real OpenAI edit: set OPENAI_API_KEY first"; exit 2; }
	$(MVN) -pl functions/engine-openai -am test -Dtest=OpenAiSmokeTest -Dsurefire.failIfNoSpecifiedTests=false

# A fake Images API on 127.0.0.1 for keyless runs of ENGINE=openai (prints the OPENAI_BASE_URL to use):
#   make openai-mock [OPENAI_MOCK=identity|obedient|unfaithful] [OPENAI_MOCK_PORT=0]
OPENAI_MOCK ?= identity
OPENAI_MOCK_PORT ?= 0
OPENAI_TEST_CP := functions/engine-openai/target/test-classpath.txt
openai-mock:
	$(MVN) -pl functions/engine-openai -am test-compile dependency:build-classpath \
		-Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
	$(JAVA) $(JAVA_OPTS) -cp "functions/engine-openai/target/test-classes:functions/engine-openai/target/classes:$$(cat $(OPENAI_TEST_CP))" \
		dev.refinery.openai.FakeImagesApiServer $(OPENAI_MOCK) $(OPENAI_MOCK_PORT)

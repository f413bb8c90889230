# Local stack (functions/local): the same handlers, state machine and runner in one JVM with embedded
# stand-ins for S3, DynamoDB, Step Functions, EventBridge and API Gateway. See docs/local.md.
LOCAL_CP := functions/local/target/refinery-local.jar:functions/local/target/lib/*
LOCAL := $(JAVA) $(JAVA_OPTS) -cp "$(LOCAL_CP)" dev.refinery.local.cli.LocalMain
PORT ?= 8787

.PHONY: local-package run-stack serve bench-local local-test dialogues web web-test

# The seller's web app (functions/web) built into functions/web/dist with the machine's npm; make serve serves it at /.
web:
	bash functions/web/scripts/build.sh

# Its browser suite alone (Playwright, Debian's chromium) against a local stack it starts and stops; make test runs it too.
web-test: local-package web
	bash functions/web/scripts/browser-test.sh

local-package:
	$(MVN) -DskipTests -pl functions/local -am package

# The main job on the local stack: the sample photos (or PHOTOS=) uploaded, refined by the state machine,
# OUT/<stem>/ written as make refine does (plus sessionId and execution history), summary printed.
# Exit code 3 means every photo was handled and some need a person (NEEDS_REVIEW with the reason) or failed
# with one: the job did its work, so make does not report it as its own error (the summary and the reports say why).
run-stack: local-package
	@$(LOCAL) run $(if $(PHOTOS),--photos "$(PHOTOS)") --preset "$(PRESET)" --out "$(OUT)" --engine "$(ENGINE)"; rc=$$?; \
	if [ $$rc -eq 3 ]; then echo "make run: every photo was handled; those not COMPLETED say why in the table above and in their report.json"; exit 0; fi; exit $$rc

# The stack and its API on 127.0.0.1:$(PORT) until Ctrl-C, with an example curl session (PORT=0: any free port).
serve: local-package web
	$(LOCAL) serve --port "$(PORT)" --out "$(OUT)" --engine "$(ENGINE)" --preset "$(PRESET)"

# Sessions through the local stack versus the same photos through make refine's in-process path, in one run.
bench-local: local-package
	$(LOCAL) bench --work "$(OUT)/bench-local"

local-test:
	$(MVN) -pl functions/local -am verify

# Labelled seller dialogues through the local stack's HTTP API over the photo lab (the feedback issue's bar):
# COUNT photos, a first pass and three rounds each, measured; writes docs/dialogues.md (~2 s a round here).
# ENGINE=openai runs them against the tests' fake OpenAI API (planning and image models; make openai-mock's server,
# started on 127.0.0.1 for the run and stopped after): its section of docs/dialogues.md, never OpenAI, no key.
COUNT ?= 20
DIALOGUES_RUN = $(JAVA) $(JAVA_OPTS) -Xmx3g -Djava.awt.headless=true -cp "$(LOCAL_CP)" dev.refinery.local.dialogue.DialogueLab \
		"$(or $(CORPUS),functions/photolab/corpus)" "$(COUNT)" docs/dialogues.md $(ENGINE)
ifeq ($(ENGINE),openai)
dialogues: local-package
	$(MVN) -pl functions/engine-openai -am test-compile dependency:build-classpath \
		-Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
	@mkdir -p "$(OUT)"; log="$(OUT)/dialogues-openai-mock.log"; : > "$$log"; \
	$(JAVA) $(JAVA_OPTS) -cp "functions/engine-openai/target/test-classes:functions/engine-openai/target/classes:$$(cat $(OPENAI_TEST_CP))" \
		dev.refinery.openai.FakeImagesApiServer obedient 0 > "$$log" 2>&1 & mock=$$!; \
	trap 'kill $$mock 2>/dev/null' EXIT; \
	for i in $$(seq 1 120); do grep -q 'OPENAI_BASE_URL=' "$$log" && break; sleep 0.5; done; \
	url=$$(grep -o 'OPENAI_BASE_URL=[^ ]*' "$$log" | head -1 | cut -d= -f2); \
	test -n "$$url" || { echo "dialogues: the fake OpenAI API did not start (see $$log)"; exit 1; }; \
	OPENAI_BASE_URL=$$url OPENAI_API_KEY=sk-fake-dialogues $(DIALOGUES_RUN)
else
dialogues: local-package
	$(DIALOGUES_RUN)
endif

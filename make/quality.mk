# make quality: the pipeline's results measured against the truth (issue 12, "2. make quality"; docs/quality.md).
#   make quality [CORPUS=functions/photolab/corpus] [OUT=out] [ENGINE=classic|openai] [REAL=1 SPEND_CAP=2]
# Refines CORPUS (a folder per photo: photo.jpg, mask.png, regions.png, truth.json, clean-label.png) through
# `refinery refine` (the command of make refine) with amazon-main, ../shared/realworld with google-merchant,
# and the synthetic set; writes $(OUT)/quality/results-<engine>.json, docs/quality.md and
# docs/quality/contact-sheet-<engine>.png. Without CORPUS= and without functions/photolab/corpus it
# measures a small fixture made from the synthetic generator in the corpus's format.
# ENGINE=openai starts the tests' fake Images API (make openai-mock, mode $(QUALITY_OPENAI_MOCK)) on
# 127.0.0.1 for the run and stops it after: never OpenAI, no key.
# Run time on 2 shared cores with a Blender render beside it (2026-12-06): classic, 33 photos: 3 min (refine 65 s,
# measure 57 s, ../shared/realworld 15 s, synthetic set 40 s), so about 4 s per photo plus 1 min; openai against the
# fake API, 43 photos: 6.5 min (refine 5 min); quality-all on 33 + 43 photos: 10 min.
.PHONY: quality quality-all quality-lab

QUALITY_CORPUS = $(if $(CORPUS),$(CORPUS),$(if $(wildcard functions/photolab/corpus/*/truth.json),functions/photolab/corpus,fixture))
REALWORLD ?= ../shared/realworld
COFFEE_MASK ?= functions/photolab/realworld-masks/skimage__coffee_mask.png
QUALITY_OUT = $(OUT)/quality
QUALITY_JOBS ?= 2
QUALITY_OPENAI_MOCK ?= obedient
QUALITY_CP := functions/quality-lab/target/refinery-quality-lab.jar:functions/quality-lab/target/lib/*
QUALITY_ARGS = --corpus "$(QUALITY_CORPUS)" --out "$(QUALITY_OUT)" --engine "$(ENGINE)" --cli-cp "$(CLI_CP)" \
	--java-opts "$(JAVA_OPTS)" --realworld "$(REALWORLD)" --coffee-mask "$(COFFEE_MASK)" --jobs $(QUALITY_JOBS) \
	--command "make quality CORPUS=$(QUALITY_CORPUS) OUT=$(OUT) ENGINE=$(ENGINE)$(if $(REAL), REAL=$(REAL) SPEND_CAP=$(SPEND_CAP))"

quality-lab:
	$(MVN) -DskipTests -pl functions/cli,functions/quality-lab -am package

# ENGINE=openai REAL=1 asks the real Images API (OPENAI_API_KEY; OPENAI_BASE_URL if set) over the corpus photos
# the spend cap covers (SPEND_CAP, default $2; one photo of each scene family in turn, at most SUBSET): the cap and
# the photos it buys are printed before anything is sent, from the engine's own upper bound (every call asked twice,
# every fix-up). The background stage uses the AI cut-out (REFINERY_OPENAI_CUTOUT=ai unless set otherwise): what
# only a real model can show. Its figures and contact sheet go beside the others in docs/quality.md ("openai-real").
SPEND_CAP ?= 2
SUBSET ?= 12
ifeq ($(ENGINE)$(REAL),openai1)
quality: quality-lab
	REFINERY_OPENAI_CUTOUT=$${REFINERY_OPENAI_CUTOUT:-ai} \
	$(JAVA) $(JAVA_OPTS) -cp "$(QUALITY_CP)" dev.refinery.qualitylab.QualityLab $(QUALITY_ARGS) --real-model \
		--spend-cap-usd $(SPEND_CAP) --subset $(SUBSET)
else ifeq ($(ENGINE),openai)
quality: quality-lab
	$(MVN) -pl functions/engine-openai -am test-compile dependency:build-classpath \
		-Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
	@mkdir -p "$(QUALITY_OUT)"; : > "$(QUALITY_OUT)/openai-mock.log"; \
	$(JAVA) $(JAVA_OPTS) -cp "functions/engine-openai/target/test-classes:functions/engine-openai/target/classes:$$(cat $(OPENAI_TEST_CP))" \
		dev.refinery.openai.FakeImagesApiServer $(QUALITY_OPENAI_MOCK) 0 > "$(QUALITY_OUT)/openai-mock.log" 2>&1 & mock=$$!; \
	trap 'kill $$mock 2>/dev/null' EXIT; \
	for i in $$(seq 1 120); do grep -q 'OPENAI_BASE_URL=' "$(QUALITY_OUT)/openai-mock.log" && break; sleep 0.5; done; \
	url=$$(grep -o 'OPENAI_BASE_URL=[^ ]*' "$(QUALITY_OUT)/openai-mock.log" | head -1 | cut -d= -f2); \
	test -n "$$url" || { echo "quality: the fake Images API did not start (see $(QUALITY_OUT)/openai-mock.log)"; exit 1; }; \
	echo "quality: fake Images API ($(QUALITY_OPENAI_MOCK)) at $$url"; \
	OPENAI_BASE_URL=$$url OPENAI_API_KEY=sk-fake-quality $(JAVA) $(JAVA_OPTS) -cp "$(QUALITY_CP)" dev.refinery.qualitylab.QualityLab $(QUALITY_ARGS)
else
quality: quality-lab
	$(JAVA) $(JAVA_OPTS) -cp "$(QUALITY_CP)" dev.refinery.qualitylab.QualityLab $(QUALITY_ARGS)
endif

# Both engines into one docs/quality.md (classic, then openai against the fake Images API).
quality-all:
	$(MAKE) quality ENGINE=classic
	$(MAKE) quality ENGINE=openai

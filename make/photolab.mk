# The photo lab: photoreal seller photos with exact truth, rendered by Blender (not part of the Maven build).
# make photolab [SEEDS="1-70"] [OUT=functions/photolab/corpus]   (about 1.5-2 min per photo on 2 cores; README)
PHOTOLAB_SEEDS := $(if $(SEEDS),$(SEEDS),1-70)
PHOTOLAB_OUT := $(if $(filter-out out,$(OUT)),$(OUT),functions/photolab/corpus)
.PHONY: photolab
photolab:
	functions/photolab/render.sh "$(PHOTOLAB_SEEDS)" "$(PHOTOLAB_OUT)"

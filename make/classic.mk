# Classic engine measurements (docs/decisions.md "Segmentation method", docs/benchmarks.md "Classic engine").
# OpenCV is fetched only for these targets (Maven profile classic-bench, test scope); it never ships.
.PHONY: classic-segmentation-bench classic-stages-bench bench-png

classic-segmentation-bench:
	$(MVN) -pl functions/imaging -am test -Pclassic-bench -Dtest=SegmentationBenchmark -Dsurefire.failIfNoSpecifiedTests=false
	@cat functions/imaging/target/segmentation-benchmark.md

classic-stages-bench:
	$(MVN) -pl functions/imaging -am test -Pclassic-bench -Dtest=ClassicStagesBenchmark -Dsurefire.failIfNoSpecifiedTests=false
	@cat functions/imaging/target/classic-stages-benchmark.md

# Encoding the lossless versions against the previous encoder and ImageIO, same run (table for docs/benchmarks.md).
bench-png:
	$(MVN:-q=) -pl functions/cli -am test -Dtest=PngEncodeBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
		| sed -n '/^| version/,/^JVM:/p'

# Ingest (functions/imaging, package dev.refinery.imaging.ingest).
.PHONY: test-ingest bench-ingest

# The ingest tests alone: bad inputs, formats, colour, orientation, scaling, real photos.
test-ingest:
	$(MVN) -pl functions/imaging -am test -Dtest='dev.refinery.imaging.ingest.*Test' -Dsurefire.failIfNoSpecifiedTests=false

# Ingest cost per photo size against a naive ImageIO baseline in the same run (table for docs/benchmarks.md).
bench-ingest:
	$(MVN:-q=) -pl functions/imaging -am test -Dtest=IngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
		| sed -n '/^| input/,/^JVM:/p'

package dev.refinery.cli;

import dev.refinery.engine.ImageCodec;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "samples", description = "Write synthetic seller photos (the project's own generator) to a folder.")
public final class SamplesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Folder to write the photos to.")
    Path out;

    @Option(names = "--seed", defaultValue = "7", description = "Generator seed (same seed, same photos).")
    long seed;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(out);
        List<SamplePhoto> photos = new SyntheticPhotos().standardSet(seed);
        for (SamplePhoto p : photos) {
            Files.write(out.resolve(p.name() + ".jpg"), ImageCodec.jpeg(p.photo(), 92, ImageCodec.Chroma.SUBSAMPLED));
        }
        spec.commandLine().getOut().println("Wrote " + photos.size() + " sample seller photos to " + out.toAbsolutePath());
        return Refinery.OK;
    }
}

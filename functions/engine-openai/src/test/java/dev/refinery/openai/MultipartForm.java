package dev.refinery.openai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MultipartReader;
import okio.Buffer;

/** A multipart/form-data body as the server received it, part by part. */
record MultipartForm(List<Part> parts) {
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

    /** One part: a field name, and for files the filename and content type. */
    record Part(String name, String filename, String contentType, byte[] bytes) {
        String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        boolean isFile() {
            return filename != null;
        }
    }

    static MultipartForm parse(String contentType, byte[] body) {
        Matcher b = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (contentType == null || !contentType.startsWith("multipart/form-data") || !b.find()) {
            throw new IllegalArgumentException("not a multipart/form-data request: " + contentType);
        }
        List<Part> parts = new ArrayList<>();
        try (MultipartReader reader = new MultipartReader(new Buffer().write(body), b.group(1))) {
            MultipartReader.Part p;
            while ((p = reader.nextPart()) != null) {
                String disposition = p.headers().get("Content-Disposition");
                Matcher n = NAME.matcher(disposition == null ? "" : disposition);
                Matcher f = FILENAME.matcher(disposition == null ? "" : disposition);
                parts.add(new Part(n.find() ? n.group(1) : null, f.find() ? f.group(1) : null,
                        p.headers().get("Content-Type"), p.body().readByteArray()));
                p.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MultipartForm(List.copyOf(parts));
    }

    List<Part> named(String name) {
        return parts.stream().filter(p -> name.equals(p.name())).toList();
    }

    String field(String name) {
        List<Part> p = named(name);
        return p.isEmpty() ? null : p.get(0).text();
    }
}

package dev.refinery.local.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A multipart/form-data body (RFC 7578) split into its parts, in order. */
public final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    /** One part: its form field name, the file name when it is a file, its content type and bytes. */
    public record Part(String name, String fileName, String contentType, byte[] content) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private Multipart() {
    }

    public static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new IllegalArgumentException("the body must be multipart/form-data");
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new IllegalArgumentException("multipart/form-data without a boundary");
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    public static List<Part> parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw new IllegalArgumentException("the body has no part delimited by its boundary");
        }
        while (true) {
            int afterDelimiter = pos + delimiter.length;
            if (afterDelimiter + 1 < body.length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-') {
                return parts;
            }
            int headersStart = skipLineBreak(body, afterDelimiter);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                throw new IllegalArgumentException("a part has no end of headers");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int next = indexOf(body, concat("\r\n".getBytes(StandardCharsets.ISO_8859_1), delimiter), contentStart);
            if (next < 0) {
                throw new IllegalArgumentException("the body ends inside a part");
            }
            byte[] content = new byte[next - contentStart];
            System.arraycopy(body, contentStart, content, 0, content.length);
            parts.add(part(headers, content));
            pos = next + 2;
        }
    }

    private static Part part(String headers, byte[] content) {
        String name = null;
        String fileName = null;
        String type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                Matcher n = NAME.matcher(value);
                name = n.find() ? n.group(1) : null;
                Matcher f = FILENAME.matcher(value);
                fileName = f.find() ? f.group(1) : null;
            } else if (header.equals("content-type")) {
                type = value;
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("a part has no form field name");
        }
        return new Part(name, fileName, type, content);
    }

    /** The text fields before the file, by name (S3 ignores fields after the file). */
    public static Map<String, String> fieldsBeforeFile(List<Part> parts) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Part p : parts) {
            if (p.name().equalsIgnoreCase("file")) {
                break;
            }
            out.put(p.name(), p.text());
        }
        return out;
    }

    private static int skipLineBreak(byte[] b, int i) {
        if (i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n') {
            return i + 2;
        }
        return i;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

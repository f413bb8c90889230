import java.io.File;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Prints a Lambda deployment package's zipped and unzipped size and exits non-zero when the unzipped
 * size passes the limit (Lambda counts the unzipped package, layers included, against 250 MB).
 * Run as a single-file program by the package phase: java PackageSizeCheck.java JAR LIMIT_MB
 */
public final class PackageSizeCheck {
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java PackageSizeCheck.java <jar> <limit-mb>");
            System.exit(2);
        }
        File jar = new File(args[0]);
        long limitBytes = Long.parseLong(args[1]) * 1024 * 1024;
        long unzipped = 0;
        int entries = 0;
        try (ZipFile zip = new ZipFile(jar)) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (e.getSize() < 0) {
                    throw new IOException("entry " + e.getName() + " has no recorded size");
                }
                unzipped += e.getSize();
                entries++;
            }
        }
        String line = String.format(Locale.ROOT, "[package-size] %s: %.1f MB zipped, %.1f MB unzipped in %d entries (limit %d MB unzipped)",
                jar.getName(), jar.length() / 1048576.0, unzipped / 1048576.0, entries, limitBytes / 1048576);
        System.out.println(line);
        if (unzipped > limitBytes) {
            System.err.println("[package-size] FAIL: " + jar.getName() + " is over Lambda's unzipped limit; move a dependency to another function");
            System.exit(1);
        }
    }
}

package dev.refinery.imaging.ingest;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * The one ImageIO reader provider chosen per format, looked up once. JPEG and WebP must come from
 * TwelveMonkeys (CMYK/YCCK, ICC profiles, WebP at all): when a shaded jar loses its
 * META-INF/services entries the JDK's JPEG reader would silently take over and turn CMYK photos
 * into garbage, so a missing provider fails loudly instead.
 */
final class Readers {
    private static final Map<SourceFormat, ImageReaderSpi> PROVIDERS = find();

    private Readers() {
    }

    /** A new reader for the format; the caller disposes it. Providers are thread-safe, readers are not. */
    static ImageReader create(SourceFormat format) {
        try {
            return PROVIDERS.get(format).createReaderInstance();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the " + format.label() + " reader", e);
        }
    }

    /** Touches the lookup so that a missing provider is reported when an ingestor is built. */
    static void require() {
        if (PROVIDERS.size() != SourceFormat.values().length) {
            throw new IllegalStateException("image readers missing");
        }
    }

    static String providerName(SourceFormat format) {
        return PROVIDERS.get(format).getClass().getName();
    }

    private static Map<SourceFormat, ImageReaderSpi> find() {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        Map<SourceFormat, ImageReaderSpi> found = new EnumMap<>(SourceFormat.class);
        for (SourceFormat format : SourceFormat.values()) {
            boolean needsTwelveMonkeys = format == SourceFormat.JPEG || format == SourceFormat.WEBP;
            ImageReaderSpi chosen = null;
            Iterator<ImageReaderSpi> it = registry.getServiceProviders(ImageReaderSpi.class,
                    provider -> Arrays.stream(((ImageReaderSpi) provider).getFormatNames())
                            .anyMatch(n -> n.equalsIgnoreCase(format.imageIoName())), true);
            while (it.hasNext()) {
                ImageReaderSpi spi = it.next();
                boolean twelveMonkeys = spi.getClass().getName().startsWith("com.twelvemonkeys.");
                if (needsTwelveMonkeys ? twelveMonkeys : (chosen == null || spi.getClass().getName().startsWith("com.sun."))) {
                    chosen = spi;
                    if (needsTwelveMonkeys) {
                        break;
                    }
                }
            }
            if (chosen == null) {
                throw new IllegalStateException("No " + (needsTwelveMonkeys ? "TwelveMonkeys " : "") + "ImageIO reader for "
                        + format.label() + ": put com.twelvemonkeys.imageio:imageio-jpeg and imageio-webp on the classpath "
                        + "and, in a shaded jar, merge META-INF/services (ServicesResourceTransformer).");
            }
            found.put(format, chosen);
        }
        return found;
    }
}

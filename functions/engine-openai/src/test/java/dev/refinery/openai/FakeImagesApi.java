package dev.refinery.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A stand-in for the Images API on a MockWebServer: answers edits with a transformation of the
 * first input image (at the requested size) and generations with a drawn product, reporting token
 * usage like the real API. Scripted answers (errors, broken bodies) go first, in order.
 */
final class FakeImagesApi extends Dispatcher {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Token usage every successful answer reports. */
    static final long TEXT_IN = 900, IMAGE_IN = 3000, IMAGE_OUT = 4160;

    private final Deque<MockResponse> scripted = new ArrayDeque<>();
    final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile java.util.function.BiFunction<BufferedImage, MultipartForm, BufferedImage> behaviour = (img, form) -> img;

    /** What the server received, parsed. */
    record Received(String method, String path, String contentType, String authorization, byte[] body) {
        MultipartForm form() {
            return MultipartForm.parse(contentType, body);
        }
    }

    FakeImagesApi behave(UnaryOperator<BufferedImage> b) {
        this.behaviour = (img, form) -> b.apply(img);
        return this;
    }

    /** A behaviour that also reads the request (its mask, its prompt). */
    FakeImagesApi behave(java.util.function.BiFunction<BufferedImage, MultipartForm, BufferedImage> b) {
        this.behaviour = b;
        return this;
    }

    FakeImagesApi script(MockResponse... responses) {
        for (MockResponse r : responses) {
            scripted.add(r);
        }
        return this;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        received.add(new Received(request.getMethod(), request.getPath(), request.getHeader("Content-Type"),
                request.getHeader("Authorization"), request.getBody().readByteArray()));
        MockResponse next;
        synchronized (scripted) {
            next = scripted.poll();
        }
        if (next != null) {
            return next;
        }
        Received r = received.get(received.size() - 1);
        try {
            if (r.path().endsWith("/images/edits")) {
                MultipartForm form = r.form();
                BufferedImage first = ImageIO.read(new ByteArrayInputStream(form.named("image[]").get(0).bytes()));
                String format = form.field("output_format") == null ? "png" : form.field("output_format");
                return ok(behaviour.apply(first, form), format);
            }
            if (r.path().endsWith("/chat/completions")) {
                return FakePlanningModel.answer(r.body());
            }
            if (r.path().endsWith("/images/generations")) {
                var body = JSON.readTree(r.body());
                String[] size = body.path("size").asText("1024x1024").split("x");
                int w = Integer.parseInt(size[0]), h = Integer.parseInt(size[1]);
                BufferedImage img = TestPhotos.bottle(w, h, Color.WHITE).image();
                return ok(behaviour.apply(img, null), body.path("output_format").asText("png"));
            }
            return new MockResponse().setResponseCode(404).setBody("{\"error\":{\"message\":\"no such path\",\"type\":\"invalid_request_error\"}}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MockResponse ok(BufferedImage img, String format) {
        return okJson(b64(img, format), TEXT_IN, IMAGE_IN, IMAGE_OUT);
    }

    static MockResponse okJson(String b64, long textIn, long imageIn, long imageOut) {
        ObjectNode root = JSON.createObjectNode();
        root.put("created", 1_760_000_000L);
        root.putArray("data").addObject().put("b64_json", b64);
        ObjectNode usage = root.putObject("usage");
        usage.put("input_tokens", textIn + imageIn);
        usage.put("output_tokens", imageOut);
        usage.put("total_tokens", textIn + imageIn + imageOut);
        usage.putObject("input_tokens_details").put("text_tokens", textIn).put("image_tokens", imageIn);
        return json(200, root.toString()).addHeader("x-request-id", "req_test_" + Long.toHexString(System.nanoTime()));
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).addHeader("Content-Type", "application/json").setBody(body);
    }

    static MockResponse error(int status, String code, String type, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.putNull("param");
        if (code == null) {
            e.putNull("code");
        } else {
            e.put("code", code);
        }
        return json(status, root.toString());
    }

    static String b64(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BufferedImage src = format.equals("png") ? img : flatten(img);
            if (!ImageIO.write(src, format.equals("jpeg") ? "jpg" : format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage flatten(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return out;
    }

    // ------------------------------------------------------------- behaviours of a model

    /**
     * Does what the step's feedback line asks in the plainest way a model could: brighter or darker by half a stop
     * (a quarter for "a little"),
     * warmer or cooler (red and blue 6 % apart), sharper (a 3×3 unsharp kernel); anything else unchanged.
     */
    static BufferedImage followInstruction(BufferedImage img, MultipartForm form) {
        String prompt = form == null || form.field("prompt") == null ? "" : form.field("prompt");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Feedback for this step[^\"]*\"([^\"]*)\"").matcher(prompt);
        String asked = m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : "";
        double stop = asked.contains("a little") || asked.contains("slightly") ? 0.25 : 0.5;
        double gain = asked.contains("brighter") ? Math.pow(2, stop) : asked.contains("darker") ? Math.pow(2, -stop) : 1;
        double warm = asked.contains("warmer") ? 1.06 : asked.contains("cooler") ? 1 / 1.06 : 1;
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_ARGB);
        int w = img.getWidth(), h = img.getHeight();
        boolean sharpen = asked.contains("sharper") || asked.contains("crisper");
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                double[] c = {(p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF};
                if (sharpen && x > 0 && y > 0 && x < w - 1 && y < h - 1) {
                    int[] n = {img.getRGB(x - 1, y), img.getRGB(x + 1, y), img.getRGB(x, y - 1), img.getRGB(x, y + 1)};
                    for (int ch = 0; ch < 3; ch++) {
                        int shift = 16 - 8 * ch;
                        double around = 0;
                        for (int q : n) {
                            around += (q >> shift) & 0xFF;
                        }
                        c[ch] = c[ch] + 1.0 * (c[ch] - around / 4);
                    }
                }
                double lin = gain;
                int r = clamp(srgb(linear(c[0]) * lin * warm)), g = clamp(srgb(linear(c[1]) * lin)), b = clamp(srgb(linear(c[2]) * lin / warm));
                out.setRGB(x, y, (p & 0xFF000000) | (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    private static double linear(double v8) {
        double v = Math.max(0, Math.min(255, v8)) / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static double srgb(double lin) {
        double v = Math.max(0, Math.min(1, lin));
        return 255 * (v <= 0.0031308 ? v * 12.92 : 1.055 * Math.pow(v, 1 / 2.4) - 0.055);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Returns its input unchanged (a model that ignores the instruction). */
    static BufferedImage identity(BufferedImage img) {
        return img;
    }

    /** Paints everything that is not the product pure white (what a compliant background edit does). */
    static BufferedImage whiteBackground(BufferedImage img) {
        float[] mask = new BackdropSegmenter().segment(img, java.util.Map.of());
        BufferedImage out = copy(img);
        int w = img.getWidth();
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] < 0.5f) {
                out.setRGB(i % w, i / w, 0xFFFFFF);
            }
        }
        return out;
    }

    /**
     * Paints pure white wherever the request's mask is transparent: a model that follows the mask
     * and the instruction exactly (with a request without a mask it changes nothing).
     */
    static BufferedImage whiteOutsideMask(BufferedImage img, MultipartForm form) {
        List<MultipartForm.Part> mask = form.named("mask");
        if (mask.isEmpty()) {
            return img;
        }
        try {
            BufferedImage m = ImageIO.read(new ByteArrayInputStream(mask.get(0).bytes()));
            BufferedImage out = copy(img);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    if ((m.getRGB(x, y) >>> 24) < 128) {
                        out.setRGB(x, y, 0xFFFFFF);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Paints a "scene" wherever the request's mask is transparent: a warm wooden table below a pale
     * wall, with some texture, around the product the mask keeps.
     */
    static BufferedImage sceneOutsideMask(BufferedImage img, MultipartForm form) {
        try {
            BufferedImage m = ImageIO.read(new ByteArrayInputStream(form.named("mask").get(0).bytes()));
            BufferedImage out = copy(img);
            int h = img.getHeight();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    if ((m.getRGB(x, y) >>> 24) < 128) {
                        boolean table = y > h * 0.7;
                        int grain = ((x / 7 + y / 3) % 5) * 6;
                        out.setRGB(x, y, table ? new Color(150 + grain, 100 + grain / 2, 60).getRGB() : new Color(235, 228, 215 - grain).getRGB());
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A competent model's cut-out: the request's picture with {@code truth} (the photo's product mask, {@code w} by
     * {@code h}) placed in the request frame the photo was sent in, as its alpha.
     */
    static BufferedImage cutOutBy(float[] truth, int w, int h, BufferedImage request) {
        RequestFrame frame = RequestFrame.fit(w, h, request.getWidth(), request.getHeight());
        BufferedImage alpha = frame.pad(dev.refinery.color.Masks.toGray(truth, w, h), Color.BLACK);
        BufferedImage out = new BufferedImage(request.getWidth(), request.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < request.getHeight(); y++) {
            for (int x = 0; x < request.getWidth(); x++) {
                out.setRGB(x, y, (alpha.getRGB(x, y) & 0xFF) << 24 | (request.getRGB(x, y) & 0xFFFFFF));
            }
        }
        return out;
    }

    /** Turns the product's red areas green: a recoloured product. */
    static BufferedImage recolour(BufferedImage img) {
        float[] mask = new BackdropSegmenter().segment(img, java.util.Map.of());
        BufferedImage out = copy(img);
        int w = img.getWidth();
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] >= 0.5f) {
                int p = img.getRGB(i % w, i / w);
                int r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
                out.setRGB(i % w, i / w, (g << 16) | (r << 8) | b);
            }
        }
        return out;
    }

    /**
     * Paints the product's inside over with its own average colour in 8 px blocks, keeping a 12 px rim:
     * the print erased or smoothed over, its outline untouched.
     */
    static BufferedImage erasePrint(BufferedImage img) {
        return erasePrint(img, new BackdropSegmenter().segment(img, java.util.Map.of()));
    }

    /**
     * The same over the middle of the picture (the central 40 % each way), where a seller's product stands: for
     * real photos, whose product the test's backdrop segmenter cannot find.
     */
    static BufferedImage eraseCentre(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        float[] centre = new float[w * h];
        for (int y = (int) (0.3 * h); y < (int) (0.7 * h); y++) {
            for (int x = (int) (0.3 * w); x < (int) (0.7 * w); x++) {
                centre[y * w + x] = 1f;
            }
        }
        return erasePrint(img, centre);
    }

    private static BufferedImage erasePrint(BufferedImage img, float[] mask) {
        BufferedImage out = copy(img);
        int w = img.getWidth(), h = img.getHeight(), block = 8, rim = 12;
        for (int by = 0; by + block <= h; by += block) {
            for (int bx = 0; bx + block <= w; bx += block) {
                boolean inside = true;
                for (int y = by - rim; y < by + block + rim && inside; y += 2) {
                    for (int x = bx - rim; x < bx + block + rim; x += 2) {
                        if (x < 0 || y < 0 || x >= w || y >= h || mask[y * w + x] < 0.5f) {
                            inside = false;
                            break;
                        }
                    }
                }
                if (!inside) {
                    continue;
                }
                long r = 0, g = 0, b = 0;
                for (int y = by; y < by + block; y++) {
                    for (int x = bx; x < bx + block; x++) {
                        int p = img.getRGB(x, y);
                        r += (p >> 16) & 0xFF;
                        g += (p >> 8) & 0xFF;
                        b += p & 0xFF;
                    }
                }
                int n = block * block, mean = (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
                for (int y = by; y < by + block; y++) {
                    for (int x = bx; x < bx + block; x++) {
                        out.setRGB(x, y, mean);
                    }
                }
            }
        }
        return out;
    }

    /** Stretches the whole picture 35% wider about its centre: a reshaped product. */
    static BufferedImage reshape(BufferedImage img) {
        BufferedImage out = copy(img);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        int w = img.getWidth(), h = img.getHeight();
        int sw = (int) Math.round(w * 1.35);
        g.drawImage(img, (w - sw) / 2, 0, sw, h, null);
        g.dispose();
        return out;
    }

    static BufferedImage copy(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return out;
    }
}

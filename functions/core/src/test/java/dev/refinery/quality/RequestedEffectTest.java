package dev.refinery.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.ColorMath;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class RequestedEffectTest {
    /** A 64×48 textured product (a checker of two greys with a warm tint), transparent in a 6 px frame around it. */
    private static ArgbPixels product() {
        int w = 64, h = 48;
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean inside = x >= 6 && y >= 6 && x < w - 6 && y < h - 6;
                int v = ((x / 2 + y / 2) % 2 == 0) ? 110 : 140;
                px[y * w + x] = inside ? 0xFF000000 | (v + 10) << 16 | v << 8 | (v - 10) : 0x00FFFFFF;
            }
        }
        return new ArgbPixels(w, h, px);
    }

    private static ArgbPixels map(ArgbPixels in, IntUnaryOperator channel) {
        int[] out = in.argb().clone();
        for (int i = 0; i < out.length; i++) {
            int p = out[i];
            out[i] = (p & 0xFF000000) | channel.applyAsInt((p >> 16) & 0xFF) << 16 | channel.applyAsInt((p >> 8) & 0xFF) << 8 | channel.applyAsInt(p & 0xFF);
        }
        return new ArgbPixels(in.width(), in.height(), out);
    }

    @Test
    void aQuarterStopBrighterMeetsBrighterAndAnUnchangedPictureMeetsNothing() {
        ArgbPixels in = product();
        ArgbPixels brighter = map(in, c -> ColorMath.fromLinear(ColorMath.toLinear(c) * Math.pow(2, 0.25)));
        RequestedEffect.Measured m = RequestedEffect.BRIGHTER.measure(in, brighter);
        assertThat(m.value()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.02));
        assertThat(m.met()).isTrue();
        assertThat(RequestedEffect.DARKER.measure(in, brighter).met()).isFalse();
        for (RequestedEffect e : RequestedEffect.values()) {
            RequestedEffect.Measured same = e.measure(in, in);
            assertThat(same.met()).as(e.id()).isFalse();
            assertThat(same.words()).as(e.id()).contains("was not carried out").contains("it needs");
        }
        assertThat(RequestedEffect.BRIGHTER.measure(in, in).words()).contains("+0.00 EV");
    }

    @Test
    void warmthIsTheRedToBlueRatioAndDetailIsTheProductsOwnNotItsOutline() {
        ArgbPixels in = product();
        int[] warm = in.argb().clone();
        for (int i = 0; i < warm.length; i++) {
            int p = warm[i];
            int r = Math.min(255, (int) Math.round(((p >> 16) & 0xFF) * 1.02)), b = (int) Math.round((p & 0xFF) * 0.98);
            warm[i] = (p & 0xFF00FF00) | r << 16 | b;
        }
        assertThat(RequestedEffect.WARMER.measure(in, new ArgbPixels(in.width(), in.height(), warm)).met()).isTrue();
        // flattening the checker inside lowers the detail; the transparent frame's stored colour does not count
        ArgbPixels flat = map(in, c -> 125);
        int[] flatPx = flat.argb();
        for (int i = 0; i < flatPx.length; i++) {
            if ((in.argb()[i] >>> 24) == 0) {
                flatPx[i] = 0x00000000;
            }
        }
        assertThat(RequestedEffect.SMOOTHER.measure(in, flat).met()).isTrue();
        assertThat(RequestedEffect.SHARPER.measure(in, flat).met()).isFalse();
    }

    @Test
    void anOutputOfAnotherSizeIsNotMeasurableAndNotMet() {
        ArgbPixels in = product();
        RequestedEffect.Measured m = RequestedEffect.SHARPER.measure(in, new ArgbPixels(2, 2, new int[4]));
        assertThat(m.met()).isFalse();
        assertThat(m.words()).contains("could not be measured");
        assertThat(RequestedEffect.of("sharper")).contains(RequestedEffect.SHARPER);
        assertThat(RequestedEffect.of("pinker")).isEmpty();
    }

    @Test
    void aColourStepIsMetWhenTheBodyReachesTheColourAndOnlyInPartWhenTheBoundStoppedIt() {
        ArgbPixels in = product();
        java.util.Map<String, String> near = java.util.Map.of("colour", "#6e6e6e"), far = java.util.Map.of("colour", "red");
        dev.refinery.color.BodyColourShift toGrey = dev.refinery.color.BodyColourShift.toward(in.argb(),
                dev.refinery.color.NamedColours.find("#6e6e6e").orElseThrow(), 1);
        ArgbPixels grey = new ArgbPixels(in.width(), in.height(), toGrey.apply(in.argb(), in.width()));
        RequestedEffect.Measured reached = RequestedEffect.COLOUR.measure(in, grey, near);
        assertThat(reached.met()).as(reached.words()).isTrue();
        assertThat(reached.words()).contains("from #6e6e6e");
        assertThat(RequestedEffect.COLOUR.measure(in, in, near).words()).contains("was not carried out");

        dev.refinery.color.BodyColourShift toRed = dev.refinery.color.BodyColourShift.toward(in.argb(),
                dev.refinery.color.NamedColours.find("red").orElseThrow(), 1);
        RequestedEffect.Measured partly = RequestedEffect.COLOUR.measure(in, new ArgbPixels(in.width(), in.height(), toRed.apply(in.argb(), in.width())), far);
        assertThat(partly.met()).isFalse();
        assertThat(partly.words()).contains("only in part").contains("a different product");
        // half way, as asked, is met without reaching the colour
        java.util.Map<String, String> half = java.util.Map.of("colour", "red", "colourStrength", "0.5");
        dev.refinery.color.BodyColourShift halfRed = dev.refinery.color.BodyColourShift.toward(in.argb(),
                dev.refinery.color.NamedColours.find("red").orElseThrow(), 0.5);
        assertThat(RequestedEffect.COLOUR.measure(in, new ArgbPixels(in.width(), in.height(), halfRed.apply(in.argb(), in.width())), half).met()).isTrue();
    }
}

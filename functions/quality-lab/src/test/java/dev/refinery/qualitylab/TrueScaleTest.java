package dev.refinery.qualitylab;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class TrueScaleTest {
    private static BufferedImage product(int top, int height, Color colour) {
        BufferedImage img = new BufferedImage(400, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 400, 400);
        g.setColor(colour);
        g.fillRect(150, top, 60, height);
        g.dispose();
        return img;
    }

    @Test
    void theProductsHeightIsTheRowsNotWhite() {
        assertThat(TrueScale.inkHeight(product(100, 180, new Color(90, 120, 60)))).isEqualTo(180);
        // a pale product is still product; a near-white JPEG ripple is not
        assertThat(TrueScale.inkHeight(product(10, 50, new Color(230, 230, 225)))).isEqualTo(50);
        assertThat(TrueScale.inkHeight(product(10, 50, new Color(250, 250, 250)))).isZero();
    }

    @Test
    void theSpreadIsMaxMinusMinOverTheMean() {
        TrueScale.Result even = new TrueScale.Result(java.util.List.of(new TrueScale.Product("a", 10, 600, 60.0, "x"),
                new TrueScale.Product("b", 20, 1206, 60.3, "x")), (60.3 - 60.0) / 60.15);
        assertThat(even.met()).isTrue();
        assertThat(even.describe()).contains("spread 0.50%").contains("a 60.00 px/cm").contains("b 60.30 px/cm");
        TrueScale.Result off = new TrueScale.Result(java.util.List.of(new TrueScale.Product("a", 10, 600, 60.0, "x"),
                new TrueScale.Product("b", 9.5, 634, 66.7, "x")), (66.7 - 60) / 63.35);
        assertThat(off.met()).isFalse();
        assertThat(new TrueScale.Result(java.util.List.of(), null).met()).isFalse();
    }
}

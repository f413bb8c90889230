import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/** Writes a synthetic seller photo (a mug-like object on a grey, unevenly lit table) as JPEG: args[0]. */
public class SamplePhoto {
  public static void main(String[] args) throws Exception {
    int w = 1600, h = 1200;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, new Color(150, 146, 140), w, h, new Color(95, 92, 88)));
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(40, 38, 36, 90));
    g.fillOval(560, 860, 560, 90);
    g.setColor(new Color(176, 32, 40));
    g.fillRoundRect(560, 380, 420, 520, 60, 60);
    g.setStroke(new BasicStroke(46));
    g.drawArc(930, 500, 200, 260, -90, 180);
    g.setColor(new Color(240, 230, 220));
    g.fillRect(640, 560, 260, 120);
    g.dispose();
    ImageIO.write(img, "jpg", new File(args[0]));
  }
}

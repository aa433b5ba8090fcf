package dev.streamer.generator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Draws small abstract PNG pictures (a gradient sky, a sun, hills and a few shapes) from a seed. */
public final class ImageMaker {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ImageMaker() {}

    public static byte[] png(long seed, int width, int height) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, color(r), 0, height, color(r)));
            g.fillRect(0, 0, width, height);
            int sun = height / 5 + r.nextInt(height / 5);
            g.setColor(new Color(255, 200 + r.nextInt(56), r.nextInt(120)));
            g.fillOval(r.nextInt(width - sun), r.nextInt(height / 3), sun, sun);
            for (int layer = 0; layer < 3; layer++) {
                g.setColor(color(r).darker());
                int[] xs = new int[8];
                int[] ys = new int[8];
                for (int i = 0; i < 6; i++) {
                    xs[i] = i * width / 5;
                    ys[i] = height / 2 + layer * height / 8 + r.nextInt(height / 5) - height / 10;
                }
                xs[6] = width;
                ys[6] = height;
                xs[7] = 0;
                ys[7] = height;
                g.fillPolygon(xs, ys, 8);
            }
            g.setStroke(new BasicStroke(2 + r.nextInt(4)));
            for (int i = 0, n = 2 + r.nextInt(5); i < n; i++) {
                g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256), 160));
                int s = 10 + r.nextInt(Math.max(1, width / 6));
                if (r.nextBoolean()) {
                    g.drawOval(r.nextInt(width), r.nextInt(height), s, s);
                } else {
                    g.drawRect(r.nextInt(width), r.nextInt(height), s, s);
                }
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Color color(Random r) {
        return Color.getHSBColor(r.nextFloat(), 0.35f + r.nextFloat() * 0.5f, 0.55f + r.nextFloat() * 0.45f);
    }
}

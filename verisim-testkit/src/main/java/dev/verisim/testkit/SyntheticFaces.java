package dev.verisim.testkit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.Arrays;

/**
 * Draws cartoon frontal faces the Haar cascade recognises: the cascade keys on the dark band of the
 * eyes and brows over lighter cheeks, split by a lighter nose bridge, which this drawing
 * exaggerates. Generated here because the repository carries no photographs.
 */
public final class SyntheticFaces {
  private SyntheticFaces() {}

  /** A backdrop with a soft vertical gradient, as behind a portrait. */
  public static BufferedImage backdrop(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(70, 90, 110), 0, height, new Color(40, 50, 60)));
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  /** One face on a backdrop, face width {@code faceWidth}, centred. */
  public static BufferedImage portrait(int width, int height, int faceWidth) {
    BufferedImage image = backdrop(width, height);
    drawFace(image, width / 2.0, height / 2.0, faceWidth);
    return soften(image);
  }

  /**
   * Draws a face whose oval has width {@code s} and height 1.3 {@code s}, centred on (cx, cy). The
   * oval spans {@link #faceBounds}.
   */
  public static void drawFace(BufferedImage image, double cx, double cy, double s) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    // Hair: a dark cap behind and above the face.
    g.setColor(new Color(45, 30, 20));
    g.fill(ellipse(cx, cy - 0.25 * s, 1.15 * s, 1.05 * s));
    // Neck.
    g.setColor(new Color(190, 145, 115));
    g.fill(new Rectangle2D.Double(cx - 0.22 * s, cy + 0.4 * s, 0.44 * s, 0.6 * s));
    // Face: skin with light in the middle, shade toward the edges.
    Ellipse2D face = ellipse(cx, cy, s, 1.3 * s);
    g.setPaint(
        new RadialGradientPaint(
            new Point2D.Double(cx, cy - 0.05 * s),
            (float) (0.7 * s),
            new float[] {0f, 0.6f, 1f},
            new Color[] {
              new Color(235, 200, 170), new Color(215, 172, 140), new Color(160, 115, 90)
            },
            MultipleGradientPaint.CycleMethod.NO_CYCLE));
    g.fill(face);
    // Fringe of hair over the forehead's top.
    g.setColor(new Color(45, 30, 20));
    g.fill(new Arc2D.Double(cx - 0.5 * s, cy - 0.68 * s, s, 0.5 * s, 0, 180, Arc2D.CHORD));
    for (int side = -1; side <= 1; side += 2) {
      double ex = cx + side * 0.21 * s;
      double ey = cy - 0.08 * s;
      // Eye socket shadow, then the eye, then the iris.
      g.setColor(new Color(150, 105, 85));
      g.fill(ellipse(ex, ey, 0.3 * s, 0.16 * s));
      g.setColor(new Color(225, 220, 215));
      g.fill(ellipse(ex, ey, 0.2 * s, 0.08 * s));
      g.setColor(new Color(40, 30, 25));
      g.fill(ellipse(ex, ey, 0.08 * s, 0.08 * s));
      // Eyebrow.
      g.setStroke(
          new BasicStroke((float) (0.05 * s), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.setColor(new Color(50, 35, 25));
      g.draw(
          new Arc2D.Double(ex - 0.13 * s, ey - 0.2 * s, 0.26 * s, 0.16 * s, 30, 120, Arc2D.OPEN));
    }
    // Nose: a light bridge, a shadow on one side, dark nostrils.
    g.setColor(new Color(245, 212, 185));
    g.fill(new Rectangle2D.Double(cx - 0.04 * s, cy - 0.1 * s, 0.08 * s, 0.26 * s));
    g.setColor(new Color(175, 130, 105));
    g.fill(new Rectangle2D.Double(cx + 0.04 * s, cy - 0.02 * s, 0.03 * s, 0.18 * s));
    g.setColor(new Color(110, 70, 55));
    g.fill(ellipse(cx - 0.05 * s, cy + 0.18 * s, 0.05 * s, 0.03 * s));
    g.fill(ellipse(cx + 0.05 * s, cy + 0.18 * s, 0.05 * s, 0.03 * s));
    // Mouth.
    g.setColor(new Color(140, 60, 60));
    g.fill(ellipse(cx, cy + 0.34 * s, 0.32 * s, 0.07 * s));
    g.setColor(new Color(90, 35, 35));
    g.setStroke(new BasicStroke((float) Math.max(1.0, 0.015 * s)));
    g.draw(new Line2D.Double(cx - 0.16 * s, cy + 0.34 * s, cx + 0.16 * s, cy + 0.34 * s));
    g.dispose();
  }

  /** The drawn face oval's bounds: x, y, width, height. */
  public static Rectangle2D faceBounds(double cx, double cy, double s) {
    return new Rectangle2D.Double(cx - s / 2, cy - 0.65 * s, s, 1.3 * s);
  }

  /** A light blur, so the drawing has the soft edges of a photograph. */
  public static BufferedImage soften(BufferedImage image) {
    float[] k = new float[9];
    Arrays.fill(k, 1f / 9f);
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), image.getType());
    new ConvolveOp(new Kernel(3, 3, k), ConvolveOp.EDGE_NO_OP, null).filter(image, out);
    return out;
  }

  private static Ellipse2D ellipse(double cx, double cy, double w, double h) {
    return new Ellipse2D.Double(cx - w / 2, cy - h / 2, w, h);
  }
}

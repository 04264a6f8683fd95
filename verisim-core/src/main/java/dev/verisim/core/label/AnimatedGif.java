package dev.verisim.core.label;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes frames as a looping animated GIF labelled with an {@link AiLabel}, so generated animations
 * carry the same machine-readable AI-generation marking as stills (IPTC digital source type in XMP;
 * EU AI Act Art. 50(2)). The XMP sits in an "XMP DataXMP" application extension followed by the
 * 258-byte magic trailer (XMP Specification Part 3), right after the global colour table; the loop
 * is the NETSCAPE2.0 extension with a count of 0 (forever).
 *
 * <pre>{@code
 * AnimatedGif.write(frames, 100, AiLabel.generated("verisim 0.1.0"), Path.of("walk.gif"));
 * }</pre>
 *
 * <p>Frames are reduced to 256 colours by the JDK's GIF writer; translucent frames are first
 * composited over white (GIF has no partial transparency). Files are written atomically.
 */
public final class AnimatedGif {
  /** Most frames accepted. */
  public static final int MAX_FRAMES = 1000;

  /** Largest accepted frame width and height. */
  public static final int MAX_SIDE = 4096;

  /** Longest frame delay a GIF can store: 65535 hundredths of a second. */
  public static final int MAX_DELAY_MILLIS = 655_350;

  private static final String FORMAT = "javax_imageio_gif_image_1.0";

  private AnimatedGif() {}

  /**
   * Writes the animation to a file (any name; ".gif" is the convention), atomically.
   *
   * @param delayMillis time each frame shows, 0 to {@link #MAX_DELAY_MILLIS}; GIF stores hundredths
   *     of a second, so it is rounded to the nearest 10 ms
   * @throws IllegalArgumentException when there are no frames or more than {@link #MAX_FRAMES}, a
   *     frame is larger than {@link #MAX_SIDE} a side or differs in size from the first, or the
   *     delay is out of range
   */
  public static void write(List<BufferedImage> frames, int delayMillis, AiLabel label, Path file)
      throws IOException {
    Objects.requireNonNull(file, "file");
    AtomicFiles.write(file, encode(frames, delayMillis, label));
  }

  /** The labelled animation as GIF bytes, as {@link #write(List, int, AiLabel, Path)} writes it. */
  public static byte[] encode(List<BufferedImage> frames, int delayMillis, AiLabel label)
      throws IOException {
    check(frames, delayMillis);
    byte[] xmp = Objects.requireNonNull(label, "label").toXmp().getBytes(StandardCharsets.UTF_8);
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
    if (!writers.hasNext()) {
      throw new IOException("no GIF writer");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      writer.prepareWriteSequence(null);
      int centis = Math.round(delayMillis / 10f);
      for (int i = 0; i < frames.size(); i++) {
        BufferedImage frame = frames.get(i);
        if (frame.getColorModel().hasAlpha()) {
          frame = LabelledImageWriter.opaqueRgb(frame);
        }
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(frame), param);
        frameMetadata(metadata, centis, i == 0);
        writer.writeToSequence(new IIOImage(frame, null, metadata), param);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return withXmp(bytes.toByteArray(), xmp);
  }

  private static void check(List<BufferedImage> frames, int delayMillis) {
    Objects.requireNonNull(frames, "frames");
    if (frames.isEmpty() || frames.size() > MAX_FRAMES) {
      throw new IllegalArgumentException(
          "an animated GIF takes 1 to " + MAX_FRAMES + " frames, got " + frames.size());
    }
    if (delayMillis < 0 || delayMillis > MAX_DELAY_MILLIS) {
      throw new IllegalArgumentException(
          "frame delay must be 0 to " + MAX_DELAY_MILLIS + " ms, got " + delayMillis);
    }
    BufferedImage first = Objects.requireNonNull(frames.get(0), "frame 0");
    for (int i = 0; i < frames.size(); i++) {
      BufferedImage f = Objects.requireNonNull(frames.get(i), "frame " + i);
      if (f.getWidth() > MAX_SIDE || f.getHeight() > MAX_SIDE) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "frame %d is %dx%d, larger than %dx%d",
                i,
                f.getWidth(),
                f.getHeight(),
                MAX_SIDE,
                MAX_SIDE));
      }
      if (f.getWidth() != first.getWidth() || f.getHeight() != first.getHeight()) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "frame %d is %dx%d but frame 0 is %dx%d: frames must share a size",
                i,
                f.getWidth(),
                f.getHeight(),
                first.getWidth(),
                first.getHeight()));
      }
    }
  }

  /** Sets the frame's delay (keeping any transparency the writer chose) and, on the first, loop. */
  private static void frameMetadata(IIOMetadata metadata, int centis, boolean first)
      throws IIOInvalidTreeException {
    IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
    IIOMetadataNode gce = child(root, "GraphicControlExtension");
    gce.setAttribute("disposalMethod", "none");
    gce.setAttribute("userInputFlag", "FALSE");
    gce.setAttribute("delayTime", Integer.toString(centis));
    if (!gce.hasAttribute("transparentColorFlag")) {
      gce.setAttribute("transparentColorFlag", "FALSE");
    }
    if (!gce.hasAttribute("transparentColorIndex")) {
      gce.setAttribute("transparentColorIndex", "0");
    }
    if (first) {
      IIOMetadataNode netscape = new IIOMetadataNode("ApplicationExtension");
      netscape.setAttribute("applicationID", "NETSCAPE");
      netscape.setAttribute("authenticationCode", "2.0");
      netscape.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0, forever
      child(root, "ApplicationExtensions").appendChild(netscape);
    }
    metadata.setFromTree(FORMAT, root);
  }

  private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
    for (int i = 0; i < parent.getLength(); i++) {
      if (parent.item(i).getNodeName().equals(name)) {
        return (IIOMetadataNode) parent.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    parent.appendChild(node);
    return node;
  }

  /** The GIF with the XMP application extension and its magic trailer after the header. */
  private static byte[] withXmp(byte[] gif, byte[] xmp) throws IOException {
    if (gif.length < 14 || !new String(gif, 0, 3, StandardCharsets.US_ASCII).equals("GIF")) {
      throw new IOException("the GIF writer produced no GIF header");
    }
    for (byte b : xmp) {
      if (b == 0x01) {
        // Cannot happen for text AiLabel validates; a reader would take it for the trailer.
        throw new IllegalArgumentException("XMP with a 0x01 byte cannot go in a GIF");
      }
    }
    int flags = gif[10] & 0xFF;
    int at = 13 + ((flags & 0x80) != 0 ? 3 << ((flags & 7) + 1) : 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream(gif.length + xmp.length + 272);
    out.write(gif, 0, at);
    out.write(0x21); // extension
    out.write(0xFF); // application
    out.write(11);
    out.writeBytes("XMP DataXMP".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(xmp);
    out.write(0x01); // magic trailer: read as sub-blocks, it leads any reader back to the end
    for (int i = 0xFF; i >= 0; i--) {
      out.write(i);
    }
    out.write(0x00); // block terminator
    out.write(gif, at, gif.length - at);
    return out.toByteArray();
  }
}

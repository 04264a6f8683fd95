package dev.verisim.testkit;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the images under the repository's {@code examples/}: small synthetic pictures, each with
 * one known property a cue looks for. They are made by this class, never taken from shared data.
 *
 * <pre>
 * ./mvnw -q -pl verisim-testkit compile exec:java \
 *     -Dexec.mainClass=dev.verisim.testkit.ExampleImages -Dexec.args=examples
 * </pre>
 */
public final class ExampleImages {
  private ExampleImages() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "examples");
    write(dir);
    System.out.println("examples written to " + dir);
  }

  /** Writes every example into {@code dir}. */
  public static void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    int w = 384;
    int h = 256;
    BufferedImage photo =
        SyntheticImages.withNoise(SyntheticImages.naturalTexture(w, h, 11), 2.0, 12);

    // Photo-like: rendered at twice the size and downscaled, as photos shared online are; one JPEG
    // compression; camera EXIF.
    BufferedImage large =
        SyntheticImages.withNoise(SyntheticImages.naturalTexture(2 * w, 2 * h, 31), 3.0, 32);
    BufferedImage downscaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = downscaled.createGraphics();
    g.setRenderingHint(
        java.awt.RenderingHints.KEY_INTERPOLATION,
        java.awt.RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.drawImage(large, 0, 0, w, h, null);
    g.dispose();
    byte[] camera =
        MetadataFiles.insertAfterSoi(
            ImageFiles.jpeg(downscaled, 0.9f),
            MetadataFiles.exifApp1(
                MetadataFiles.exif().make("ExampleCam").model("EC-1").exposure().build()));
    Files.write(dir.resolve("photo-like.jpg"), camera);

    // Upsampled 2x from half size, as a generator's upsampling layers do; lossless PNG.
    BufferedImage small =
        SyntheticImages.withNoise(SyntheticImages.naturalTexture(w / 2, h / 2, 21), 2.0, 22);
    BufferedImage upsampled =
        SyntheticImages.upsampled(small, 2, SyntheticImages.Interpolation.BILINEAR);
    Files.write(dir.resolve("upsampled-2x.png"), ImageFiles.encode(upsampled, "png"));

    // Spliced: a block-aligned region whose sensor noise was smoothed away.
    BufferedImage spliced =
        SyntheticImages.paste(photo, SyntheticImages.blurred(photo, 2), 128, 64, 128, 96);
    Files.write(dir.resolve("spliced.jpg"), ImageFiles.jpeg(spliced, 0.92f));

    // Compressed at quality 60, then again at 90: two compression histories.
    byte[] once = ImageFiles.jpeg(photo, 0.6f);
    Files.write(
        dir.resolve("double-compressed.jpg"), ImageFiles.jpeg(ImageFiles.decode(once), 0.9f));

    // Declares itself AI-generated, as the EU AI Act asks: IPTC digitalSourceType in XMP.
    byte[] declared =
        MetadataFiles.insertAfterSoi(
            ImageFiles.jpeg(photo, 0.9f),
            MetadataFiles.xmpApp1(
                MetadataFiles.xmpPacket("trainedAlgorithmicMedia", "verisim examples")));
    Files.write(dir.resolve("declared-ai.jpg"), declared);

    // Another format: a lossy WebP (made with cwebp from a testkit pattern, see the testkit).
    Files.write(dir.resolve("pattern.webp"), ImageFiles.webpLossy());

    // Two drawn faces: the face finder boxes each, the network scores each (it learned from
    // photographs, so its opinion of a drawing means little: the boxes are the point).
    BufferedImage faces = SyntheticFaces.backdrop(480, 240);
    SyntheticFaces.drawFace(faces, 360, 120, 90);
    SyntheticFaces.drawFace(faces, 120, 120, 110);
    Files.write(dir.resolve("two-faces.jpg"), ImageFiles.jpeg(SyntheticFaces.soften(faces), 0.9f));
  }
}

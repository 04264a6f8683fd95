package dev.verisim.detect.face;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.FileNode;
import org.bytedeco.opencv.opencv_core.FileStorage;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Finds frontal faces with OpenCV's Haar cascade, which ships inside the bytedeco OpenCV jar:
 * nothing is downloaded, and no OpenCV type appears in this class's API.
 *
 * <p>The image is turned grey, shrunk so its longer side is at most {@link
 * Settings#maxDetectionSide()} (the cascade's cost grows with the pixel count, and faces a few
 * percent of a large photo are still found at that size), histogram-equalised, and searched; boxes
 * are mapped back to the coordinates of the image passed in.
 *
 * <p>Thread-safe. OpenCV's {@code CascadeClassifier} is not, so each call borrows one from a pool
 * and returns it afterwards; the pool grows to the number of threads that call at once (about 1 MB
 * of native memory each) and is freed by {@link #close()}. A pool rather than a {@code
 * ThreadLocal}, because classifiers held by a {@code ThreadLocal} of a long-lived worker could not
 * be freed on close.
 *
 * <pre>{@code
 * try (FaceFinder finder = FaceFinder.create()) {
 *   List<FaceBox> faces = finder.find(image); // largest first, empty if none
 * }
 * }</pre>
 */
public final class FaceFinder implements AutoCloseable {
  /**
   * Search settings.
   *
   * @param scaleFactor step between the scales searched, above 1; smaller finds more but is slower
   * @param minNeighbors overlapping hits a box needs to be kept; higher means fewer false faces
   * @param minFaceFraction smallest face searched for, as a fraction of the image's shorter side
   * @param maxDetectionSide larger images are shrunk to this longer side before the search
   */
  public record Settings(
      double scaleFactor, int minNeighbors, double minFaceFraction, int maxDetectionSide) {
    /** Values that find the faces of portraits and of small groups in about 10-40 ms. */
    public static final Settings DEFAULT = new Settings(1.1, 4, 0.06, 800);

    public Settings {
      if (!(scaleFactor > 1.0 && scaleFactor <= 2.0)) {
        throw new IllegalArgumentException("scaleFactor must be in (1, 2], got " + scaleFactor);
      }
      if (minNeighbors < 0) {
        throw new IllegalArgumentException("minNeighbors must be >= 0, got " + minNeighbors);
      }
      if (!(minFaceFraction >= 0.0 && minFaceFraction < 1.0)) {
        throw new IllegalArgumentException(
            "minFaceFraction must be in [0, 1), got " + minFaceFraction);
      }
      if (maxDetectionSide < 64) {
        throw new IllegalArgumentException(
            "maxDetectionSide must be >= 64, got " + maxDetectionSide);
      }
    }
  }

  /** The cascade every bytedeco OpenCV platform jar carries, below its platform folder. */
  static final String DEFAULT_CASCADE = "haarcascade_frontalface_alt2.xml";

  /** The cascade's detection window: no face smaller than this can be found. */
  private static final int MIN_WINDOW = 20;

  private final String cascadeXml;
  private final Settings settings;
  private final ConcurrentLinkedDeque<CascadeClassifier> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  private FaceFinder(String cascadeXml, Settings settings) {
    this.cascadeXml = cascadeXml;
    this.settings = Objects.requireNonNull(settings, "settings");
    // Fail now, not at the first image, if the cascade does not load.
    idle.push(newClassifier());
  }

  /** A finder with {@link Settings#DEFAULT}. */
  public static FaceFinder create() {
    return create(Settings.DEFAULT);
  }

  /** A finder with the given settings. */
  public static FaceFinder create(Settings settings) {
    return new FaceFinder(readCascade(DEFAULT_CASCADE), settings);
  }

  /** The settings this finder searches with. */
  public Settings settings() {
    return settings;
  }

  /**
   * Finds the frontal faces in an image.
   *
   * @return the faces, largest first, in the image's pixel coordinates; empty if none
   * @throws IllegalStateException if the finder is closed
   */
  public List<FaceBox> find(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    if (closed) {
      throw new IllegalStateException("FaceFinder is closed");
    }
    CascadeClassifier classifier = idle.poll();
    if (classifier == null) {
      classifier = newClassifier();
    }
    try {
      return find(classifier, image);
    } finally {
      idle.push(classifier);
      if (closed) {
        // close() ran while this call held a classifier: free what it missed.
        drain();
      }
    }
  }

  private List<FaceBox> find(CascadeClassifier classifier, BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    double shrink = Math.min(1.0, settings.maxDetectionSide() / (double) Math.max(width, height));
    int searchWidth = Math.max(1, (int) Math.round(width * shrink));
    int searchHeight = Math.max(1, (int) Math.round(height * shrink));
    int minFace =
        Math.max(
            MIN_WINDOW,
            (int) Math.round(settings.minFaceFraction() * Math.min(searchWidth, searchHeight)));
    if (Math.min(searchWidth, searchHeight) < minFace) {
      return List.of();
    }
    List<FaceBox> faces = new ArrayList<>();
    try (Mat grey = greyMat(image);
        Mat search = new Mat();
        RectVector rects = new RectVector();
        IntPointer neighbours = new IntPointer();
        Size minSize = new Size(minFace, minFace);
        Size maxSize = new Size()) {
      if (shrink < 1.0) {
        // INTER_AREA averages the pixels it drops, so shrinking does not alias edges the
        // cascade's features look at.
        try (Size size = new Size(searchWidth, searchHeight)) {
          resize(grey, search, size, 0, 0, INTER_AREA);
        }
      } else {
        grey.copyTo(search);
      }
      // Equalising spreads the grey levels, so dim or washed-out faces give the same feature
      // contrasts as well-lit ones.
      equalizeHist(search, search);
      classifier.detectMultiScale2(
          search,
          rects,
          neighbours,
          settings.scaleFactor(),
          settings.minNeighbors(),
          0,
          minSize,
          maxSize);
      double scaleX = width / (double) searchWidth;
      double scaleY = height / (double) searchHeight;
      for (long i = 0; i < rects.size(); i++) {
        Rect r = rects.get(i);
        int x = clamp((int) Math.round(r.x() * scaleX), 0, width - 1);
        int y = clamp((int) Math.round(r.y() * scaleY), 0, height - 1);
        int w = clamp((int) Math.round(r.width() * scaleX), 1, width - x);
        int h = clamp((int) Math.round(r.height() * scaleY), 1, height - y);
        // JavaCPP points neighbours at a copy of OpenCV's output vector, one count per rect.
        int n = i < neighbours.limit() ? Math.max(0, neighbours.get(i)) : 0;
        faces.add(new FaceBox(x, y, w, h, n));
      }
    }
    faces.sort(Comparator.comparingLong(FaceBox::area).reversed());
    return List.copyOf(faces);
  }

  /** Frees the classifiers. Calls that are running finish; later calls throw. */
  @Override
  public void close() {
    closed = true;
    drain();
  }

  private void drain() {
    CascadeClassifier c;
    while ((c = idle.poll()) != null) {
      c.close();
    }
  }

  private CascadeClassifier newClassifier() {
    // Read from memory: the cascade is a resource inside a jar, and CascadeClassifier.load
    // would need it extracted to a file first.
    CascadeClassifier classifier = new CascadeClassifier();
    try (FileStorage storage = new FileStorage(cascadeXml, FileStorage.READ | FileStorage.MEMORY);
        FileNode root = storage.getFirstTopLevelNode()) {
      if (!storage.isOpened() || !classifier.read(root)) {
        classifier.close();
        throw new IllegalStateException("OpenCV could not read the face cascade");
      }
    }
    if (classifier.empty()) {
      classifier.close();
      throw new IllegalStateException("the face cascade loaded empty");
    }
    return classifier;
  }

  static String readCascade(String name) {
    // The XMLs sit below the platform folder of the opencv natives jar, for example
    // org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/.
    String resource =
        "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/haarcascades/" + name;
    try (InputStream in = CascadeClassifier.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "face cascade "
                + resource
                + " is not on the classpath: is the opencv jar for "
                + Loader.getPlatform()
                + " a dependency?");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read face cascade " + resource, e);
    }
  }

  /** An 8-bit grey Mat with the luma of {@code image} (ITU-R BT.601 weights, as OpenCV uses). */
  private static Mat greyMat(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] grey = new byte[width * height];
    if (image.getType() == BufferedImage.TYPE_INT_RGB
        && image.getRaster().getDataBuffer() instanceof DataBufferInt buffer
        && buffer.getNumBanks() == 1
        && image.getRaster().getParent() == null) {
      // Fast path for the decoder's usual output: read the pixels in place.
      int[] rgb = buffer.getData();
      for (int i = 0; i < grey.length; i++) {
        grey[i] = luma(rgb[i]);
      }
    } else {
      int[] row = new int[width];
      for (int y = 0; y < height; y++) {
        image.getRGB(0, y, width, 1, row, 0, width);
        for (int x = 0; x < width; x++) {
          grey[y * width + x] = luma(row[x]);
        }
      }
    }
    Mat mat = new Mat(height, width, CV_8UC1);
    mat.data().put(grey);
    return mat;
  }

  private static byte luma(int rgb) {
    int r = (rgb >> 16) & 0xff;
    int g = (rgb >> 8) & 0xff;
    int b = rgb & 0xff;
    return (byte) ((r * 4899 + g * 9617 + b * 1868 + 8192) >> 14);
  }

  private static int clamp(int value, int min, int max) {
    return Math.max(min, Math.min(max, value));
  }
}

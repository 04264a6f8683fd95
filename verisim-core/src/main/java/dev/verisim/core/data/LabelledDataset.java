package dev.verisim.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Images labelled by folder: a file is fake when a folder on its path below the root is named
 * {@code fake} (or {@code spoof}), real when one is named {@code real} (or {@code bonafide}); files
 * under neither are ignored. The source of a file is the first folder below the root, for
 * per-source metrics. Files are listed in a stable order (sorted relative paths).
 *
 * <pre>
 * faces/lfw-faceswap/real/a.jpg   -> real, source lfw-faceswap
 * faces/gan-portraits/fake/b.jpg  -> fake, source gan-portraits
 * </pre>
 */
public record LabelledDataset(Path root, List<Item> items) {

  /** One labelled file. */
  public record Item(Path file, String relativePath, String source, int label) {
    public Item {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(relativePath, "relativePath");
      Objects.requireNonNull(source, "source");
      if (label != 0 && label != 1) {
        throw new IllegalArgumentException("label must be 0 (real) or 1 (fake), got " + label);
      }
    }
  }

  public LabelledDataset {
    Objects.requireNonNull(root, "root");
    items = List.copyOf(items);
  }

  /**
   * Scans a folder.
   *
   * @throws IOException when the folder cannot be read, naming it
   */
  public static LabelledDataset scan(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("dataset folder " + root + " does not exist or is not a folder");
    }
    List<Item> items = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        Path rel = root.relativize(file);
        if (isHidden(rel)) {
          continue;
        }
        Optional<Integer> label = label(rel);
        if (label.isPresent()) {
          String source =
              rel.getNameCount() > 2 ? rel.getName(0).toString() : root.getFileName().toString();
          items.add(new Item(file, rel.toString().replace('\\', '/'), source, label.get()));
        }
      }
    }
    return new LabelledDataset(root, items);
  }

  private static boolean isHidden(Path rel) {
    for (Path part : rel) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Integer> label(Path rel) {
    for (int i = rel.getNameCount() - 2; i >= 0; i--) {
      String dir = rel.getName(i).toString().toLowerCase(Locale.ROOT);
      if (dir.equals("fake") || dir.equals("spoof")) {
        return Optional.of(1);
      }
      if (dir.equals("real") || dir.equals("bonafide")) {
        return Optional.of(0);
      }
    }
    return Optional.empty();
  }

  /**
   * At most {@code n} items for a quick run that still sees every source and both labels: items are
   * taken in turn from each (source, label) group, each group in its stable order, and the result
   * keeps the dataset's order. The whole dataset when {@code n} covers it.
   */
  public LabelledDataset firstBalanced(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative, got " + n);
    }
    if (n >= items.size()) {
      return this;
    }
    Map<String, Deque<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      groups.computeIfAbsent(item.source() + "\0" + item.label(), k -> new ArrayDeque<>()).add(i);
    }
    boolean[] chosen = new boolean[items.size()];
    int taken = 0;
    while (taken < n) {
      for (Deque<Integer> group : groups.values()) {
        if (taken < n && !group.isEmpty()) {
          chosen[group.poll()] = true;
          taken++;
        }
      }
    }
    List<Item> subset = new ArrayList<>(n);
    for (int i = 0; i < items.size(); i++) {
      if (chosen[i]) {
        subset.add(items.get(i));
      }
    }
    return new LabelledDataset(root, subset);
  }

  /** The number of fake items. */
  public long fakes() {
    return items.stream().filter(i -> i.label() == 1).count();
  }

  /**
   * A SHA-256 over the sorted relative paths and the SHA-256 of each file's bytes: changes when any
   * file is added, removed, renamed or edited.
   */
  public String sha256() throws IOException {
    MessageDigest all = sha256Digest();
    for (Item item : items) {
      all.update(item.relativePath().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      all.update((byte) 0);
      all.update(fileSha256(item.file()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      all.update((byte) '\n');
    }
    return HexFormat.of().formatHex(all.digest());
  }

  /** SHA-256 of a file's bytes, hex. */
  public static String fileSha256(Path file) throws IOException {
    MessageDigest d = sha256Digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * The items named in a list file (one relative path per line, as in a training run's {@code
   * validation.txt}), in this dataset's order.
   *
   * @throws IOException when the list cannot be read, or names an image this dataset lacks (then
   *     the list belongs to other data)
   */
  public LabelledDataset restrictTo(Path listFile) throws IOException {
    Set<String> names = new HashSet<>();
    for (String line : Files.readAllLines(listFile, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        names.add(line.strip());
      }
    }
    List<Item> kept = items.stream().filter(i -> names.contains(i.relativePath())).toList();
    if (kept.size() != names.size()) {
      throw new IOException(
          "the image list "
              + listFile
              + " names "
              + names.size()
              + " images, of which only "
              + kept.size()
              + " are in "
              + root
              + ": it belongs to other data");
    }
    return new LabelledDataset(root, kept);
  }
}

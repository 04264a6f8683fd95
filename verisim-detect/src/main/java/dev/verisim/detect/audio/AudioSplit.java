package dev.verisim.detect.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A committed train/test split of a labelled audio folder, one file a line, tab-separated: {@code
 * split path label [why]}, where split is {@code train}, {@code test} or {@code unused}, path is
 * below the data folder and label is {@code bonafide} or {@code spoof}. Lines starting with '#' are
 * comments. The repository's split of the shared audio is {@code
 * bench/audio/shared-audio-split.tsv}.
 */
public record AudioSplit(List<Entry> entries) {
  /** Where a file goes. */
  public enum Part {
    TRAIN,
    TEST,
    UNUSED
  }

  /** One line. */
  public record Entry(Part part, String path, int label, String why) {
    public Entry {
      Objects.requireNonNull(part, "part");
      Objects.requireNonNull(path, "path");
      if (label != 0 && label != 1) {
        throw new IllegalArgumentException("label must be 0 or 1");
      }
    }

    /** The first folder of the path: the data source. */
    public String source() {
      int slash = path.indexOf('/');
      return slash < 0 ? "" : path.substring(0, slash);
    }
  }

  public AudioSplit {
    entries = List.copyOf(entries);
  }

  /**
   * Reads a split file.
   *
   * @throws IOException naming the line that is malformed
   */
  public static AudioSplit read(Path file) throws IOException {
    List<Entry> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length < 3) {
        throw new IOException(file + ":" + (i + 1) + ": expected 'split<TAB>path<TAB>label'");
      }
      Part part;
      try {
        part = Part.valueOf(f[0].toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IOException(
            file + ":" + (i + 1) + ": split must be train, test or unused, got " + f[0], e);
      }
      int label =
          switch (f[2]) {
            case "bonafide", "real" -> 0;
            case "spoof", "fake" -> 1;
            default ->
                throw new IOException(
                    file + ":" + (i + 1) + ": label must be bonafide or spoof, got " + f[2]);
          };
      out.add(new Entry(part, f[1], label, f.length > 3 ? f[3] : ""));
    }
    return new AudioSplit(out);
  }

  /** The entries of one part. */
  public List<Entry> part(Part part) {
    return entries.stream().filter(e -> e.part() == part).toList();
  }
}

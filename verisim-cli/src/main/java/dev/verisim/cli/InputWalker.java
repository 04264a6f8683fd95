package dev.verisim.cli;

import dev.verisim.core.media.MediaKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns command-line paths into the files to analyse, lazily and in a stable order.
 *
 * <ul>
 *   <li>A file named on the command line is always analysed, whatever its name; a missing path too
 *       (its verdict then says it was not found).
 *   <li>A directory is walked recursively in sorted order. Hidden entries (names starting with a
 *       dot) are skipped. Symbolic links are followed; a directory already visited (a link loop or
 *       a second link to it) is skipped with a warning.
 *   <li>Under a directory, a file is analysed when its name has the extension of a wanted kind of
 *       media (images by default; {@code detect} wants video and audio too) or its first bytes are
 *       one ({@link MediaKind#sniff}), so {@code fake.jpg} holding text is reported as an error
 *       while a {@code README.txt} is skipped. {@code allFiles} analyses every file.
 * </ul>
 *
 * Memory stays bounded by the depth of the tree times the size of one directory listing.
 */
public final class InputWalker implements Iterable<InputWalker.Input> {
  private static final Logger LOG = LoggerFactory.getLogger(InputWalker.class);
  private static final Map<MediaKind, Set<String>> EXTENSIONS =
      Map.of(
          MediaKind.IMAGE,
          Set.of("jpg", "jpeg", "jpe", "png", "webp", "bmp", "dib", "tif", "tiff", "gif"),
          MediaKind.VIDEO,
          Set.of("mp4", "mov", "mkv", "webm", "avi", "m4v"),
          MediaKind.AUDIO,
          Set.of("wav", "flac", "mp3", "ogg", "opus", "m4a"));

  /**
   * One file to analyse.
   *
   * @param file the file
   * @param name how it is reported: the argument as given, or the directory argument joined with
   *     the file's path below it
   */
  public record Input(Path file, String name) {}

  private final List<String> arguments;
  private final boolean allFiles;
  private final Set<MediaKind> kinds;

  /** A walk that finds images under directories. */
  public InputWalker(List<String> arguments, boolean allFiles) {
    this(arguments, allFiles, Set.of(MediaKind.IMAGE));
  }

  /**
   * A walk that finds the given kinds of media under directories.
   *
   * @param kinds the media a file under a directory must look like, by name or first bytes
   */
  public InputWalker(List<String> arguments, boolean allFiles, Set<MediaKind> kinds) {
    this.arguments = List.copyOf(arguments);
    this.allFiles = allFiles;
    this.kinds = Set.copyOf(kinds);
  }

  @Override
  public Iterator<Input> iterator() {
    return new Walk();
  }

  /** Counts the inputs with a separate walk (for a progress bar's total). */
  public long count() {
    long n = 0;
    for (Input ignored : this) {
      n++;
    }
    return n;
  }

  private boolean wanted(Path file) {
    if (allFiles) {
      return true;
    }
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot >= 0) {
      String extension = name.substring(dot + 1).toLowerCase(Locale.ROOT);
      for (MediaKind kind : kinds) {
        if (EXTENSIONS.get(kind).contains(extension)) {
          return true;
        }
      }
    }
    byte[] head = new byte[MediaKind.SNIFF_BYTES];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, head.length);
      return MediaKind.sniff(java.util.Arrays.copyOf(head, n)).filter(kinds::contains).isPresent();
    } catch (IOException e) {
      return true; // let the decoder report why it cannot be read
    }
  }

  /** Depth-first walk over sorted listings; one frame per open directory. */
  private final class Walk implements Iterator<Input> {
    private final Iterator<String> args = arguments.iterator();
    private final Deque<Iterator<Input>> stack = new ArrayDeque<>();
    private final Set<Path> visitedDirs = new HashSet<>();
    private Input next;

    @Override
    public boolean hasNext() {
      while (next == null) {
        if (!stack.isEmpty()) {
          Iterator<Input> top = stack.peek();
          if (!top.hasNext()) {
            stack.pop();
            continue;
          }
          Input candidate = top.next();
          if (Files.isDirectory(candidate.file())) {
            enter(candidate);
          } else if (Files.isRegularFile(candidate.file()) && wanted(candidate.file())) {
            next = candidate;
          }
        } else if (args.hasNext()) {
          String arg = args.next();
          Path path = Path.of(arg);
          if (Files.isDirectory(path)) {
            enter(new Input(path, arg));
          } else {
            next = new Input(path, arg);
          }
        } else {
          return false;
        }
      }
      return true;
    }

    @Override
    public Input next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Input result = next;
      next = null;
      return result;
    }

    private void enter(Input dir) {
      Path real;
      try {
        real = dir.file().toRealPath();
      } catch (IOException e) {
        LOG.warn("skipping directory {}: {}", dir.name(), e.toString());
        return;
      }
      if (!visitedDirs.add(real)) {
        LOG.warn("skipping directory {}: already visited (symbolic link loop?)", dir.name());
        return;
      }
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir.file())) {
        for (Path child : listing) {
          if (!child.getFileName().toString().startsWith(".")) {
            children.add(child);
          }
        }
      } catch (IOException e) {
        LOG.warn("skipping directory {}: cannot list it: {}", dir.name(), e.toString());
        return;
      }
      children.sort(null);
      List<Input> inputs = new ArrayList<>(children.size());
      for (Path child : children) {
        String base = dir.name().endsWith("/") ? dir.name() : dir.name() + "/";
        inputs.add(new Input(child, base + child.getFileName()));
      }
      stack.push(inputs.iterator());
    }
  }
}

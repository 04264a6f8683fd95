package dev.verisim.core.verdict;

import java.util.Locale;

/** The verdict's label; {@link #id()} is the JSON value. */
public enum Label {
  REAL,
  FAKE,
  UNCERTAIN,
  ERROR;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}

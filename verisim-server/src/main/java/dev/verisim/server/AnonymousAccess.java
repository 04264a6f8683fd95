package dev.verisim.server;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Anonymous use of the page, when the operator allows it: uploads without an API key, limited per
 * client address by a token bucket ({@code perMinute} uploads a minute, bursts up to the same).
 *
 * <p>An anonymous analysis belongs to no key: whoever holds its id (a random UUID, 122 bits) may
 * read or delete it, and no one can list anonymous analyses. Behind a reverse proxy every client
 * has the proxy's address and shares one bucket: the operator should then rate-limit at the proxy.
 */
final class AnonymousAccess {
  /** The {@code key_id} stored for analyses made without a key. */
  static final String OWNER = "anonymous";

  /** Client addresses remembered at once; the least recently seen is forgotten first. */
  private static final int MAX_CLIENTS = 10_000;

  private final int perMinute;
  private final Clock clock;
  private final Map<String, double[]> buckets =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
          return size() > MAX_CLIENTS;
        }
      };

  AnonymousAccess(int perMinute, Clock clock) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("anonymous uploads per minute must be >= 1: " + perMinute);
    }
    this.perMinute = perMinute;
    this.clock = clock;
  }

  int perMinute() {
    return perMinute;
  }

  /**
   * Takes one upload from {@code client}'s bucket.
   *
   * @return 0 when the upload may go ahead, else the whole seconds until it may
   */
  synchronized long acquire(String client) {
    double now = clock.millis() / 1000.0;
    double[] b = buckets.computeIfAbsent(client, c -> new double[] {perMinute, now});
    double perSecond = perMinute / 60.0;
    b[0] = Math.min(perMinute, b[0] + (now - b[1]) * perSecond);
    b[1] = now;
    if (b[0] >= 1) {
      b[0] -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - b[0]) / perSecond));
  }
}

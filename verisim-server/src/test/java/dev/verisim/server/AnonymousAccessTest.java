package dev.verisim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AnonymousAccessTest {
  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    Instant now = Instant.parse("2026-11-26T12:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aBurstIsAllowedThenUploadsRefillAtTheRate() {
    HandClock clock = new HandClock();
    AnonymousAccess a = new AnonymousAccess(3, clock);
    assertEquals(0, a.acquire("10.0.0.1"));
    assertEquals(0, a.acquire("10.0.0.1"));
    assertEquals(0, a.acquire("10.0.0.1"));
    long wait = a.acquire("10.0.0.1");
    assertEquals(20, wait, "3 a minute: one every 20 s");
    assertEquals(0, a.acquire("10.0.0.2"), "another client has its own bucket");
    clock.now = clock.now.plus(Duration.ofSeconds(10));
    assertTrue(a.acquire("10.0.0.1") > 0, "half a token is not enough");
    clock.now = clock.now.plus(Duration.ofSeconds(25));
    assertEquals(0, a.acquire("10.0.0.1"));
  }

  @Test
  void aRateBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new AnonymousAccess(0, Clock.systemUTC()));
  }
}

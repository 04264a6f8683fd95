package dev.verisim.provenance.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A chain is trusted only by its own root, and only inside its validity period. */
class TrustAnchorsTest {
  private static final Instant NOW = Instant.parse("2026-11-26T16:00:00Z");

  @Test
  void theOwnRootTrustsTheChainAnotherRootOrNoneDoNot() {
    DevChain chain = DevChain.generate(NOW, Duration.ofDays(30));
    DevChain other = DevChain.generate(NOW, Duration.ofDays(30));
    var signer = chain.identity().chain();
    assertEquals(TrustAnchors.Outcome.TRUSTED, chain.anchors().check(signer, NOW).outcome());
    assertEquals(TrustAnchors.Outcome.UNTRUSTED, other.anchors().check(signer, NOW).outcome());
    assertEquals(TrustAnchors.Outcome.UNTRUSTED, TrustAnchors.none().check(signer, NOW).outcome());
  }

  @Test
  void outsideTheValidityPeriodTheChainIsExpiredEvenWithItsRoot() {
    DevChain chain = DevChain.generate(NOW, Duration.ofDays(30));
    var signer = chain.identity().chain();
    assertEquals(
        TrustAnchors.Outcome.EXPIRED,
        chain.anchors().check(signer, NOW.plus(Duration.ofDays(31))).outcome());
    assertEquals(
        TrustAnchors.Outcome.EXPIRED,
        chain.anchors().check(signer, NOW.minus(Duration.ofDays(1))).outcome());
  }
}

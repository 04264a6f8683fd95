package dev.verisim.arena;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who is winning, in plain words, computed from the rounds' numbers only. The thresholds: an AUC of
 * at least {@value #CAUGHT} means the detector catches the fakes, at most {@value #FOOLED} that it
 * is fooled; a drop of more than {@value #FORGET} in AUC on older fakes counts as forgetting, a
 * laundering that lowers the AUC by more than {@value #HELPS} helps the creator.
 */
final class ArenaSummary {
  static final double CAUGHT = 0.9;
  static final double FOOLED = 0.7;
  static final double FORGET = 0.05;
  static final double HELPS = 0.05;

  private ArenaSummary() {}

  static List<String> of(List<RoundResult> rounds, ArenaConfig config) {
    List<String> out = new ArrayList<>();
    if (rounds.isEmpty()) {
      out.add("No round has been completed yet.");
      return out;
    }
    RoundResult last = rounds.get(rounds.size() - 1);
    int n = rounds.size();
    String after = auc(last.aucAfter());
    if (n == 1) {
      out.add(
          "After one round (the generator trained alone, with no detector to fool yet), the"
              + " detector tells the generator's fakes from held-out real images with AUC "
              + after
              + (last.aucAfter() >= CAUGHT
                  ? ": the detector is ahead."
                  : last.aucAfter() <= FOOLED ? ": the generator is ahead." : "."));
    } else {
      String before = auc(last.aucBefore());
      String verdict;
      if (last.aucBefore() >= CAUGHT && last.aucAfter() >= CAUGHT) {
        verdict =
            "The detector is winning: even before retraining, the previous round's detector"
                + " catches the newest fakes (AUC "
                + before
                + "), and after retraining AUC is "
                + after
                + ".";
      } else if (last.aucAfter() <= FOOLED) {
        verdict =
            "The generator is winning: even after retraining on them, the detector barely tells"
                + " the newest fakes from real images (AUC "
                + after
                + "; before retraining "
                + before
                + ").";
      } else if (last.aucBefore() <= FOOLED && last.aucAfter() >= CAUGHT) {
        verdict =
            "A stand-off: each round the new fakes slip past the old detector (AUC "
                + before
                + " in round "
                + n
                + "), and retraining catches them again (AUC "
                + after
                + "). Whoever moved last is ahead.";
      } else {
        verdict =
            "Neither side dominates: in round "
                + n
                + " the old detector scores AUC "
                + before
                + " on the new fakes, the retrained one "
                + after
                + ".";
      }
      out.add(verdict);
      int fooledRounds = 0;
      int measured = 0;
      for (RoundResult r : rounds) {
        if (Double.isFinite(r.aucBefore())) {
          measured++;
          fooledRounds += r.aucBefore() < CAUGHT ? 1 : 0;
        }
      }
      out.add(
          String.format(
              Locale.ROOT,
              "In %d of %d rounds the new fakes pushed the previous round's detector below AUC"
                  + " %.2f before it retrained.",
              fooledRounds,
              measured,
              CAUGHT));
    }
    if (n > 1) {
      double worstDrop = 0;
      int worstRound = 0;
      for (Map.Entry<Integer, Double> e : last.aucOlder().entrySet()) {
        double when = rounds.get(e.getKey() - 1).aucAfter();
        double drop = when - e.getValue();
        if (drop > worstDrop) {
          worstDrop = drop;
          worstRound = e.getKey();
        }
      }
      if (worstDrop > FORGET) {
        out.add(
            String.format(
                Locale.ROOT,
                "The detector forgets: on round %d's fakes its AUC fell from %.4f (when it had just"
                    + " trained on them) to %.4f now, although it still trains on them.",
                worstRound,
                rounds.get(worstRound - 1).aucAfter(),
                last.aucOlder().get(worstRound)));
      } else {
        out.add(
            String.format(
                Locale.ROOT,
                "The detector does not forget: on every earlier round's fakes its AUC now is at"
                    + " most %.4f below what it was when it had just trained on them (lowest now"
                    + " %.4f).",
                Math.max(0, worstDrop),
                last.worstOlderAuc()));
      }
    }
    for (Map.Entry<String, Double> e : last.aucLaundered().entrySet()) {
      double gain = last.aucAfter() - e.getValue();
      String what = describe(e.getKey());
      if (gain > HELPS) {
        out.add(
            String.format(
                Locale.ROOT,
                "Laundering helps the creator: %s lowers the detector's AUC from %.3f to %.3f.",
                what,
                last.aucAfter(),
                e.getValue()));
      } else if (gain < -HELPS) {
        out.add(
            String.format(
                Locale.ROOT,
                "Laundering backfires: %s makes the fakes easier to catch (AUC %.3f, against"
                    + " %.3f untouched), since the real images were not laundered.",
                what,
                e.getValue(),
                last.aucAfter()));
      } else {
        out.add(
            String.format(
                Locale.ROOT,
                "%s changes little (AUC %.3f, against %.3f untouched).",
                capitalise(what),
                e.getValue(),
                last.aucAfter()));
      }
    }
    RoundResult first = rounds.get(0);
    if (n > 1) {
      out.add(
          String.format(
              Locale.ROOT,
              "Image quality: SWD to held-out real images went from %.1f in round 1 to %.1f in"
                  + " round %d (lower is closer; two halves of the real images give %.1f).",
              first.swd(),
              last.swd(),
              n,
              last.swdRealHalves()));
    } else {
      out.add(
          String.format(
              Locale.ROOT,
              "Image quality: SWD to held-out real images is %.1f (lower is closer; two halves of"
                  + " the real images give %.1f).",
              last.swd(),
              last.swdRealHalves()));
    }
    if (config.adversaryWeight() == 0 && n > 1) {
      out.add("The generator was not trained against the detector (adversary weight 0).");
    }
    return out;
  }

  static String describe(String spec) {
    String[] p = spec.split(":", 2);
    return switch (p[0]) {
      case "jpeg" -> "JPEG at quality " + p[1];
      case "resize" -> "resizing by " + p[1] + " (and back)";
      case "blur" -> "a box blur of radius " + p[1];
      case "noise" -> "Gaussian noise of sigma " + p[1];
      default -> spec;
    };
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String auc(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
  }
}

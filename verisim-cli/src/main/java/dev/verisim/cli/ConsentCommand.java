package dev.verisim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.provenance.consent.ConsentCheck;
import dev.verisim.provenance.consent.ConsentRecord;
import dev.verisim.provenance.consent.ConsentStatus;
import dev.verisim.provenance.consent.ConsentUse;
import dev.verisim.provenance.consent.SignedConsent;
import dev.verisim.provenance.signing.SigningIdentity;
import dev.verisim.provenance.signing.TrustAnchors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verisim consent}: signed records of a person's consent to the use of their likeness. */
@Command(
    name = "consent",
    mixinStandardHelpOptions = true,
    description = {
      "Signed consent records: whose likeness, for which uses, until when, signed by whom."
          + " `gan sample --consent FILE` checks one before generating and carries it in the"
          + " images' Content Credentials."
    },
    subcommands = {ConsentCommand.Create.class, ConsentCommand.Verify.class})
public final class ConsentCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command: create or verify");
  }

  /** An instant from {@code 2027-12-31} (end of that day, UTC) or a full ISO-8601 instant. */
  static Instant instant(CommandSpec spec, String option, String value, boolean endOfDay) {
    try {
      if (value.length() == 10) {
        LocalDate d = LocalDate.parse(value);
        return (endOfDay ? d.plusDays(1) : d).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ParameterException(
          spec.commandLine(),
          option + " must be a date (2027-12-31) or an instant (2027-12-31T23:59:59Z): " + value);
    }
  }

  /** The JSON form of a check, as {@code consent verify --json} prints it. */
  static ObjectNode json(ObjectMapper mapper, ConsentCheck check) {
    ObjectNode o = mapper.createObjectNode();
    o.put("status", check.status().id());
    o.set("reasons", mapper.valueToTree(check.reasons()));
    o.put("signer", check.signer());
    o.put("issuer", check.issuer());
    ConsentRecord r = check.record();
    if (r == null) {
      o.putNull("record");
    } else {
      ObjectNode rec = o.putObject("record");
      rec.put("id", r.id());
      rec.put("subject", r.subject());
      rec.put("subject_id", r.subjectId());
      rec.set(
          "uses",
          mapper.valueToTree(EnumSet.copyOf(r.uses()).stream().map(ConsentUse::id).toList()));
      rec.put("granted_to", r.grantedTo());
      rec.put("issued", r.issued().toString());
      rec.put("valid_from", r.validFrom().toString());
      rec.put("expires", r.expires().toString());
      rec.put("note", r.note());
    }
    return o;
  }

  /** One line a person reads. */
  static String describe(ConsentCheck check) {
    ConsentRecord r = check.record();
    StringBuilder s = new StringBuilder(check.status().id());
    if (r != null) {
      s.append(": ")
          .append(r.subject())
          .append(" consents to ")
          .append(String.join(", ", EnumSet.copyOf(r.uses()).stream().map(ConsentUse::id).toList()))
          .append(r.grantedTo() != null ? " by " + r.grantedTo() : "")
          .append(" from ")
          .append(r.validFrom())
          .append(" until ")
          .append(r.expires());
    }
    if (check.signer() != null) {
      s.append("; signed by ").append(check.signer());
    }
    if (!check.reasons().isEmpty()) {
      s.append(" (").append(String.join("; ", check.reasons())).append(")");
    }
    return s.toString();
  }

  /** {@code verisim consent create}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Write a consent record signed with KEY (ES256) and its certificate chain: the signer is"
            + " whoever the certificate names. Exit codes: 0 written, 2 usage error."
      })
  public static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Option(names = "--subject", required = true, description = "Whose likeness (their name).")
    String subject;

    @Option(
        names = "--subject-id",
        description = "An optional reference to the person, e.g. a hash of an ID document.")
    String subjectId;

    @Option(
        names = "--uses",
        required = true,
        split = ",",
        description = "Comma-separated: training, generation, publication, commercial, research.")
    List<String> uses;

    @Option(names = "--granted-to", description = "Who may use the likeness (default: anyone).")
    String grantedTo;

    @Option(
        names = "--valid-from",
        description = "Date or instant the consent starts (default: now).")
    String validFrom;

    @Option(
        names = "--expires",
        required = true,
        description = "Date (the end of that day, UTC) or instant the consent ends.")
    String expires;

    @Option(names = "--note", description = "Free text: conditions, context.")
    String note;

    @Option(names = "--key", required = true, description = "The signer's PKCS#8 PEM EC key.")
    Path key;

    @Option(names = "--chain", required = true, description = "The signer's PEM chain.")
    Path chain;

    @Option(names = "--out", required = true, description = "The record to write (.jws).")
    Path out;

    @Override
    public Integer call() throws IOException {
      Set<ConsentUse> granted = EnumSet.noneOf(ConsentUse.class);
      for (String u : uses) {
        try {
          granted.add(ConsentUse.of(u));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--uses: " + e.getMessage(), e);
        }
      }
      SigningIdentity identity;
      try {
        identity = SigningIdentity.load(key, chain);
      } catch (IOException | IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--key/--chain: " + e.getMessage(), e);
      }
      ConsentRecord.Builder b =
          ConsentRecord.builder()
              .setSubject(subject)
              .setUses(granted)
              .setExpires(instant(spec, "--expires", expires, true))
              .optSubjectId(subjectId)
              .optGrantedTo(grantedTo)
              .optNote(note);
      if (validFrom != null) {
        b.optValidFrom(instant(spec, "--valid-from", validFrom, false));
      }
      ConsentRecord record;
      try {
        record = b.build();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      SignedConsent signed = SignedConsent.sign(record, identity);
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      signed.write(out);
      spec.commandLine()
          .getOut()
          .println(
              out
                  + ": consent "
                  + record.id()
                  + " signed by "
                  + identity.certificate().getSubjectX500Principal().getName());
      return ExitCodes.OK;
    }
  }

  /** {@code verisim consent verify}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Check consent records: signature, validity dates, the signer's chain against the trust"
            + " anchors. Status: valid, valid-untrusted, expired, not-yet-valid, invalid.",
        "Exit codes: 0 every record valid or valid-untrusted; 1 some record is not (or"
            + " unreadable); 2 usage error."
      })
  public static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Consent records (.jws).")
    List<Path> files;

    @Option(names = "--trust-anchors", paramLabel = "PEM", description = "Trusted roots (PEM).")
    Path trustAnchors;

    @Option(names = "--at", description = "Check at this date or instant (default: now).")
    String at;

    @Option(names = "--json", description = "One JSON object per record (JSON Lines).")
    boolean json;

    @Override
    public Integer call() throws IOException {
      TrustAnchors anchors = TrustOption.anchors(spec, "--trust-anchors", trustAnchors);
      Instant now = at == null ? Instant.now() : instant(spec, "--at", at, false);
      ObjectMapper mapper = new ObjectMapper();
      PrintWriter out = spec.commandLine().getOut();
      List<Path> failed = new ArrayList<>();
      for (Path file : files) {
        ConsentCheck check;
        try {
          check = SignedConsent.read(file).verify(anchors, now);
        } catch (IOException | IllegalArgumentException e) {
          check =
              new ConsentCheck(
                  ConsentStatus.INVALID,
                  List.of(e.getMessage() == null ? e.toString() : e.getMessage()),
                  null,
                  null,
                  null);
        }
        if (check.status() != ConsentStatus.VALID
            && check.status() != ConsentStatus.VALID_UNTRUSTED) {
          failed.add(file);
        }
        if (json) {
          ObjectNode o = mapper.createObjectNode();
          o.put("path", file.toString());
          o.setAll(json(mapper, check));
          out.println(mapper.writeValueAsString(o));
        } else {
          out.println(file + ": " + describe(check));
        }
      }
      out.flush();
      return failed.isEmpty() ? ExitCodes.OK : ExitCodes.INPUT_ERRORS;
    }
  }
}

package dev.verisim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.ErrorCode;
import dev.verisim.core.MediaException;
import dev.verisim.provenance.GeneratedImageLabeller;
import dev.verisim.provenance.c2pa.ContentCredentials;
import dev.verisim.provenance.c2pa.CredentialsReport;
import dev.verisim.provenance.c2pa.DigitalSourceType;
import dev.verisim.provenance.c2pa.ManifestSpec;
import dev.verisim.provenance.c2pa.ManifestSummary;
import dev.verisim.provenance.consent.ConsentCheck;
import dev.verisim.provenance.consent.ConsentStatus;
import dev.verisim.provenance.consent.SignedConsent;
import dev.verisim.provenance.signing.DevChain;
import dev.verisim.provenance.signing.SigningIdentity;
import dev.verisim.provenance.signing.TrustAnchors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verisim credentials}: C2PA Content Credentials, signed and verified by verisim. */
@Command(
    name = "credentials",
    mixinStandardHelpOptions = true,
    description = {
      "Sign JPEG and PNG files with C2PA Content Credentials and verify them (C2PA 2.x,"
          + " ES256). Files signed by other C2PA tools (c2pa-rs, c2patool, c2pa-node) are read"
          + " too."
    },
    subcommands = {
      CredentialsCommand.DevChainCommand.class,
      CredentialsCommand.SignCommand.class,
      CredentialsCommand.VerifyCommand.class,
      CredentialsCommand.ShowCommand.class
    },
    footer = {
      "",
      "Run 'verisim credentials COMMAND --help' for a command's options and exit codes."
    })
public final class CredentialsCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing a command: dev-chain, sign, verify or show");
  }

  /** {@code dev-chain}: a development root and signer. */
  @Command(
      name = "dev-chain",
      mixinStandardHelpOptions = true,
      description = {
        "Write a development certificate chain for trying Content Credentials: root.pem (the"
            + " trust anchor), chain.pem (the signer's certificate) and signer.key (its private"
            + " key, readable by the owner only). For development only: nothing trusts it unless"
            + " given root.pem with --trust-anchors; never use it for real content."
      },
      footer = {"", "Exit codes: 0 written; 1 a file exists or cannot be written; 2 usage error."})
  static final class DevChainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "DIR",
        description = "The folder to write into (created if needed; existing files are kept).")
    Path out;

    @Option(
        names = "--days",
        paramLabel = "N",
        defaultValue = "90",
        description = "Validity of the signer certificate in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() {
      if (days < 1 || days > 3650) {
        throw new ParameterException(spec.commandLine(), "--days must be 1 to 3650, got " + days);
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        DevChain.generate(Instant.now(), Duration.ofDays(days)).writeTo(this.out);
      } catch (FileAlreadyExistsException e) {
        err.println("verisim: " + e.getFile() + " exists; nothing was written");
        return ExitCodes.INPUT_ERRORS;
      } catch (IOException e) {
        err.println("verisim: cannot write the chain to " + this.out + ": " + e);
        return ExitCodes.INPUT_ERRORS;
      }
      out.println("wrote " + this.out.resolve(DevChain.ROOT_FILE) + " (trust anchor)");
      out.println("wrote " + this.out.resolve(DevChain.CHAIN_FILE) + " (signer certificate)");
      out.println("wrote " + this.out.resolve(DevChain.KEY_FILE) + " (private key, owner only)");
      err.println(
          "This chain is for development only. Keep signer.key out of version control; files"
              + " signed with it verify as valid-untrusted unless root.pem is a trust anchor.");
      return ExitCodes.OK;
    }
  }

  /** {@code sign}: embed a signed manifest. */
  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description = {
        "Embed signed Content Credentials in a JPEG or PNG: a c2pa.created action with the"
            + " digital source type (default trainedAlgorithmicMedia) and the software agent,"
            + " bound to the file's bytes. Other metadata (such as verisim's XMP label) is kept."
      },
      footer = {
        "",
        "Exit codes: 0 signed; 1 the input, key or chain could not be read, is not JPEG/PNG or"
            + " already has Content Credentials; 2 usage error."
      })
  static final class SignCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LoggingMixin logging;

    @Parameters(index = "0", paramLabel = "IN", description = "The JPEG or PNG to sign.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "The signed file.")
    Path out;

    @Option(
        names = "--key",
        required = true,
        paramLabel = "KEY",
        description = "The signer's EC P-256 private key (PEM).")
    Path key;

    @Option(
        names = "--chain",
        required = true,
        paramLabel = "CHAIN",
        description = "The signer's certificate chain (PEM, signer first).")
    Path chain;

    @Option(names = "--title", paramLabel = "T", description = "A title for the manifest.")
    String title;

    @Option(
        names = "--source-type",
        paramLabel = "TYPE",
        defaultValue = "trainedAlgorithmicMedia",
        description =
            "IPTC digital source type: a short name (trainedAlgorithmicMedia,"
                + " compositeWithTrainedAlgorithmicMedia, algorithmicMedia, digitalCapture, ...)"
                + " or a full IRI (default: ${DEFAULT-VALUE}).")
    String sourceType;

    @Option(
        names = "--software-agent",
        paramLabel = "NAME",
        defaultValue = "verisim",
        description = "The software that made the content (default: ${DEFAULT-VALUE}).")
    String softwareAgent;

    @Option(
        names = "--max-bytes",
        paramLabel = "N",
        defaultValue = "104857600",
        description = "Refuse inputs larger than N bytes (default: ${DEFAULT-VALUE}).")
    long maxBytes;

    @Override
    public Integer call() throws IOException {
      ManifestSpec manifest;
      try {
        ManifestSpec.Builder b =
            ManifestSpec.builder()
                // verisim's version belongs to verisim only, not to another named agent.
                .setSoftwareAgent(
                    softwareAgent,
                    softwareAgent.equals("verisim") ? VersionProvider.version() : null)
                .optClaimGenerator("verisim", VersionProvider.version())
                .optDigitalSourceType(sourceType)
                .optTitle(title);
        manifest = b.build();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      PrintWriter err = spec.commandLine().getErr();
      SigningIdentity signer;
      try {
        signer = SigningIdentity.load(key, chain);
      } catch (NoSuchFileException e) {
        err.println("verisim: " + e.getFile() + ": no such file");
        return ExitCodes.INPUT_ERRORS;
      } catch (IOException e) {
        err.println("verisim: cannot load the signing key and chain: " + e.getMessage());
        return ExitCodes.INPUT_ERRORS;
      }
      byte[] signed;
      try {
        signed = ContentCredentials.sign(readLimited(in, maxBytes), manifest, signer);
      } catch (MediaException e) {
        err.println("verisim: " + in + ": " + e.code().id() + ": " + e.getMessage());
        return ExitCodes.INPUT_ERRORS;
      }
      writeAtomically(out, signed);
      spec.commandLine()
          .getOut()
          .println(
              "signed "
                  + out
                  + " (c2pa.created, "
                  + manifest.digitalSourceType()
                  + ", signer "
                  + signer.certificate().getSubjectX500Principal().getName()
                  + ")");
      return ExitCodes.OK;
    }
  }

  /** Options shared by verify and show. */
  static final class ReadOptions {
    @Option(
        names = "--trust-anchors",
        paramLabel = "PEM",
        description =
            "Root certificates to trust (PEM bundle). Without it no signer is trusted and good"
                + " signatures are valid-untrusted.")
    Path trustAnchors;

    @Option(names = "--json", description = "JSON output (JSON Lines for verify).")
    boolean json;

    @Option(
        names = "--max-bytes",
        paramLabel = "N",
        defaultValue = "104857600",
        description = "Refuse files larger than N bytes (default: ${DEFAULT-VALUE}).")
    long maxBytes;

    TrustAnchors anchors(CommandSpec spec) {
      return TrustOption.anchors(spec, "--trust-anchors", trustAnchors);
    }
  }

  /** {@code verify}: a status per file. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verify the Content Credentials of JPEG and PNG files: the claim signature, the"
            + " signer's certificate and chain, every assertion's hash and the hash of the file's"
            + " bytes. Status per file: valid (trusted signer), valid-untrusted (good signature,"
            + " signer not trusted), invalid (with C2PA status codes as reasons), absent (no"
            + " credentials), or error (unreadable)."
      },
      footer = {
        "",
        "Exit codes: 0 every file valid or valid-untrusted; 1 some file invalid, absent or"
            + " unreadable (all are still reported); 2 usage error."
      })
  static final class VerifyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ReadOptions options;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "JPEG or PNG files.")
    List<Path> files;

    @Override
    public Integer call() {
      TrustAnchors anchors = options.anchors(spec);
      PrintWriter out = spec.commandLine().getOut();
      boolean allGood = true;
      for (Path f : files) {
        Outcome o = verify(f, anchors, options.maxBytes);
        allGood &= o.report() != null && o.report().passed();
        out.println(options.json ? JSON.valueToTree(o.toJson()).toString() : o.line());
        out.flush();
      }
      return allGood ? ExitCodes.OK : ExitCodes.INPUT_ERRORS;
    }
  }

  /** {@code show}: the manifest of one file. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Show what a file's Content Credentials say: status, claim generator, title, actions"
            + " with their digital source type and software agent, signer, assertions and the"
            + " content of non-C2PA assertions (such as a consent record)."
      },
      footer = {
        "",
        "Exit codes: 0 the credentials are valid or valid-untrusted; 1 they are invalid or"
            + " absent, or the file is unreadable (still shown); 2 usage error."
      })
  static final class ShowCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ReadOptions options;

    @Parameters(index = "0", paramLabel = "FILE", description = "A JPEG or PNG file.")
    Path file;

    @Override
    public Integer call() {
      Outcome o = verify(file, options.anchors(spec), options.maxBytes);
      PrintWriter out = spec.commandLine().getOut();
      if (options.json) {
        ObjectNode node = JSON.valueToTree(o.toJson());
        if (o.report() != null) {
          o.report()
              .summary()
              .ifPresent(
                  s -> node.set("custom_assertions", JSON.valueToTree(s.customAssertions())));
        }
        out.println(node.toPrettyString());
      } else {
        out.print(o.text());
      }
      out.flush();
      boolean good = o.report() != null && o.report().passed();
      return good ? ExitCodes.OK : ExitCodes.INPUT_ERRORS;
    }
  }

  // ---- shared ----

  /** One file's verification: a report, or the error that kept it from being read. */
  record Outcome(
      Path path, CredentialsReport report, ErrorCode error, String message, ConsentCheck consent) {
    String status() {
      return report == null ? "error" : report.status().id();
    }

    Map<String, Object> toJson() {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("path", path.toString());
      m.put("status", status());
      List<Map<String, Object>> reasons = new java.util.ArrayList<>();
      if (report != null) {
        for (CredentialsReport.Reason r : report.reasons()) {
          Map<String, Object> reason = new java.util.LinkedHashMap<>();
          reason.put("code", r.code());
          reason.put("url", r.url());
          reason.put("explanation", r.explanation());
          reasons.add(reason);
        }
      }
      m.put("reasons", reasons);
      ManifestSummary s = report == null ? null : report.summary().orElse(null);
      if (s != null && s.signerSubject() != null) {
        Map<String, Object> signer = new java.util.LinkedHashMap<>();
        signer.put("subject", s.signerSubject());
        signer.put("issuer", s.signerIssuer());
        signer.put("not_after", String.valueOf(s.signerNotAfter()));
        signer.put("algorithm", s.signatureAlgorithm());
        m.put("signer", signer);
      } else {
        m.put("signer", null);
      }
      m.put("digital_source_type", report == null ? null : report.digitalSourceType().orElse(null));
      m.put("claim_generator", s == null ? null : generator(s));
      m.put("title", s == null ? null : s.title());
      m.put("manifest", s == null ? null : s.manifestLabel());
      List<Map<String, Object>> actions = new java.util.ArrayList<>();
      if (s != null) {
        for (ManifestSummary.Action a : s.actions()) {
          Map<String, Object> action = new java.util.LinkedHashMap<>();
          action.put("action", a.action());
          action.put("digital_source_type", a.digitalSourceType());
          action.put("software_agent", a.softwareAgent());
          action.put("when", a.when());
          actions.add(action);
        }
      }
      m.put("actions", actions);
      m.put("assertions", s == null ? List.of() : s.assertionLabels());
      m.put("consent", consent == null ? null : ConsentCommand.json(JSON, consent));
      if (error != null) {
        m.put("error", Map.of("code", error.id(), "message", message));
      } else {
        m.put("error", null);
      }
      return m;
    }

    String line() {
      StringBuilder b = new StringBuilder();
      b.append(String.format(java.util.Locale.ROOT, "%-16s %s", status(), path));
      if (error != null) {
        b.append("  (").append(error.id()).append(": ").append(message).append(')');
      } else {
        report
            .summary()
            .ifPresent(
                s -> {
                  if (s.signerSubject() != null) {
                    b.append("  signer: ").append(s.signerSubject());
                  }
                });
        report.digitalSourceType().ifPresent(t -> b.append("  ").append(shortType(t)));
        if (consent != null) {
          b.append(System.lineSeparator())
              .append("    consent: ")
              .append(ConsentCommand.describe(consent));
        }
        for (CredentialsReport.Reason r : report.reasons()) {
          b.append(System.lineSeparator())
              .append("    ")
              .append(r.code())
              .append(": ")
              .append(r.explanation());
        }
      }
      return b.toString();
    }

    String text() {
      String nl = System.lineSeparator();
      StringBuilder b = new StringBuilder();
      b.append("file:            ").append(path).append(nl);
      b.append("status:          ").append(status()).append(nl);
      if (error != null) {
        b.append("error:           ").append(error.id()).append(": ").append(message).append(nl);
        return b.toString();
      }
      for (CredentialsReport.Reason r : report.reasons()) {
        b.append("reason:          ")
            .append(r.code())
            .append(": ")
            .append(r.explanation())
            .append(nl);
      }
      report
          .summary()
          .ifPresent(
              s -> {
                b.append("manifest:        ")
                    .append(s.manifestLabel())
                    .append(" (claim v")
                    .append(s.claimVersion())
                    .append(')')
                    .append(nl);
                b.append("claim generator: ").append(generator(s)).append(nl);
                if (s.title() != null) {
                  b.append("title:           ").append(s.title()).append(nl);
                }
                for (ManifestSummary.Action a : s.actions()) {
                  b.append("action:          ").append(a.action());
                  if (a.digitalSourceType() != null) {
                    b.append(", ").append(shortType(a.digitalSourceType()));
                  }
                  if (a.softwareAgent() != null) {
                    b.append(", by ").append(a.softwareAgent());
                  }
                  if (a.when() != null) {
                    b.append(", at ").append(a.when());
                  }
                  b.append(nl);
                }
                if (s.signerSubject() != null) {
                  b.append("signer:          ").append(s.signerSubject()).append(nl);
                  b.append("issuer:          ").append(s.signerIssuer()).append(nl);
                  b.append("valid until:     ").append(s.signerNotAfter()).append(nl);
                }
                b.append("assertions:      ")
                    .append(String.join(", ", s.assertionLabels()))
                    .append(nl);
                if (consent != null) {
                  b.append("consent:         ").append(ConsentCommand.describe(consent)).append(nl);
                }
                for (Map.Entry<String, Object> e : s.customAssertions().entrySet()) {
                  b.append("  ")
                      .append(e.getKey())
                      .append(": ")
                      .append(JSON.valueToTree(e.getValue()).toString())
                      .append(nl);
                }
              });
      return b.toString();
    }

    private static String generator(ManifestSummary s) {
      if (s.claimGenerator() == null) {
        return null;
      }
      return s.claimGeneratorVersion() == null
          ? s.claimGenerator()
          : s.claimGenerator() + " " + s.claimGeneratorVersion();
    }

    private static String shortType(String iri) {
      return iri.startsWith(DigitalSourceType.PREFIX)
          ? iri.substring(DigitalSourceType.PREFIX.length())
          : iri;
    }
  }

  static Outcome verify(Path file, TrustAnchors anchors, long maxBytes) {
    try {
      byte[] bytes = readLimited(file, maxBytes);
      CredentialsReport report = ContentCredentials.verify(bytes, anchors, Instant.now());
      return new Outcome(file, report, null, null, consent(report, anchors));
    } catch (MediaException e) {
      return new Outcome(file, null, e.code(), e.getMessage(), null);
    }
  }

  /**
   * The consent record a manifest carries ({@value GeneratedImageLabeller#CONSENT_ASSERTION}),
   * checked as it stood when the media was made (the created action's time, else now), or null when
   * there is none. Only assertions whose hash matched are read, so the record is the one signed
   * into the manifest.
   */
  static ConsentCheck consent(CredentialsReport report, TrustAnchors anchors) {
    ManifestSummary s = report.summary().orElse(null);
    if (s == null) {
      return null;
    }
    Object assertion = s.customAssertion(GeneratedImageLabeller.CONSENT_ASSERTION).orElse(null);
    if (assertion == null) {
      return null;
    }
    if (!(assertion instanceof Map<?, ?> map) || !(map.get("jws") instanceof String jws)) {
      return new ConsentCheck(
          ConsentStatus.INVALID,
          List.of("the consent assertion holds no 'jws' text"),
          null,
          null,
          null);
    }
    Instant made = Instant.now();
    for (ManifestSummary.Action a : s.actions()) {
      if (a.when() != null) {
        try {
          made = Instant.parse(a.when());
          break;
        } catch (java.time.format.DateTimeParseException e) {
          // an unreadable time: check against now
        }
      }
    }
    try {
      return SignedConsent.parse(jws).verify(anchors, made);
    } catch (IllegalArgumentException e) {
      return new ConsentCheck(ConsentStatus.INVALID, List.of(e.getMessage()), null, null, null);
    }
  }

  static byte[] readLimited(Path file, long maxBytes) throws MediaException {
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new MediaException(
            ErrorCode.TOO_MANY_BYTES, file + " has " + size + " bytes; the limit is " + maxBytes);
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new MediaException(ErrorCode.NOT_FOUND, file + ": no such file", e);
    } catch (IOException e) {
      throw new MediaException(ErrorCode.IO_ERROR, file + ": " + e.getMessage(), e);
    }
  }

  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path abs = target.toAbsolutePath();
    Path temp = abs.resolveSibling("." + abs.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.write(temp, bytes);
      try {
        Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}

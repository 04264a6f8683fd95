package dev.verisim.server;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One uploaded file and what became of it. Immutable: the store hands out a new one per read.
 *
 * @param id the server-generated id, also the blob's file name
 * @param keyId the API key that created it; only that key may read it
 * @param filename the name the client gave, reported in the verdict's {@code path} and never used
 *     to name a file
 * @param mediaType the type sniffed from the bytes, for example {@code image/jpeg}
 * @param sizeBytes the upload's size
 * @param status where it is
 * @param attempts how often a worker started it (more than one after a crash)
 * @param created when it was accepted
 * @param updated when its status last changed
 * @param verdictJson the verdict as {@code VerdictJson} writes it, once done
 * @param problemJson the problem (RFC 9457 JSON) when it failed
 */
public record Analysis(
    UUID id,
    String keyId,
    String filename,
    String mediaType,
    long sizeBytes,
    AnalysisStatus status,
    int attempts,
    Instant created,
    Instant updated,
    Optional<String> verdictJson,
    Optional<String> problemJson) {

  public Analysis {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(verdictJson, "verdictJson");
    Objects.requireNonNull(problemJson, "problemJson");
  }
}

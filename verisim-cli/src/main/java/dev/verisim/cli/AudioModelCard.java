package dev.verisim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The model card {@code train-audio} writes beside the model: data, command, seed, metrics. */
final class AudioModelCard {
  private AudioModelCard() {}

  static String render(ObjectNode prov, String table, String id, String version) {
    StringBuilder s = new StringBuilder();
    s.append("# Model card: ").append(id).append(' ').append(version).append("\n\n");
    s.append(
        """
        **What it is.** A synthetic-speech (spoofing) countermeasure for `verisim detect` on audio:
        the classic ASVspoof LFCC-GMM baseline (two diagonal-covariance Gaussian mixtures over 20
        LFCC + deltas + delta-deltas, 25 ms / 10 ms frames) and a small CNN over 60 log
        linear-filterbank bands (2 s windows), each calibrated by Platt scaling and fused by a
        logistic regression into one `p_fake`. Audio is decoded to 16 kHz mono and scored per 4 s
        segment and for the whole clip. Written by `verisim detector train-audio`; every file here
        was made by that command (this card included, from its measurements).

        **Intended use.** Research, teaching and triage of short English speech clips: is this
        recording likely text-to-speech, voice conversion or a vocoder copy? Not for decisions about
        people; never treat one verdict as proof.

        """);
    s.append("## How it was made\n\n```\n")
        .append(prov.path("command").asText())
        .append("\n```\n\n");
    s.append("Seed ").append(prov.path("config").path("seed").asText());
    s.append("; CNN best epoch ").append(prov.path("cnn_best_epoch").asText());
    s.append("; training time ")
        .append(prov.path("training_seconds").asText())
        .append(" s on 2 CPU cores");
    s.append("; data SHA-256 `").append(prov.path("data").path("sha256").asText()).append("`.\n");
    s.append("Full config, per-file hashes' digest and versions: `provenance.json`.\n\n");
    s.append("## Data\n\n| role, source | bona fide | spoof |\n|---|---|---|\n");
    JsonNode counts = prov.path("data").path("files_by_role_and_source");
    for (Map.Entry<String, JsonNode> e : counts.properties()) {
      s.append("| ")
          .append(e.getKey())
          .append(" | ")
          .append(e.getValue().path("bonafide").asInt())
          .append(" | ")
          .append(e.getValue().path("spoof").asInt())
          .append(" |\n");
    }
    s.append(
        """

        - `debian-speech`, `vctk-voice-conversion`, `wavefake-tests`: the shared audio set, split
          speaker- and sentence-disjointly by `bench/audio/shared-audio-split.tsv` (its header says
          which speakers, transcripts and systems go where; WaveFake/LJSpeech is test only).
        - `tts-speech` (if listed): speech verisim synthesised itself with Debian's espeak-ng, flite
          and festival from 214 sentences written for verisim (`bench/make-tts-speech.sh`,
          `bench/audio/tts-sentences.txt`); training only. Its voices overlap the shared
          debian-speech voices except festival_slt_hts, which no training file uses.
        - Calibration: a seeded 20% of the training files (grouped by file name).

        ## Measured on the held-out test files

        EER and AUC per score (GMM = the baseline's log-likelihood ratio, CNN = the network's
        logit, FUSED = the calibrated `p_fake`); EER is at the best threshold in hindsight.

        ```
        """);
    s.append(table);
    s.append("```\n\n");
    s.append("Uncertain band (chosen on the calibration files): ")
        .append(prov.path("metrics").path("uncertain_band").asText())
        .append(".\n\n");
    s.append(
        """
        ## Limits

        - Tiny data: a few dozen recorded (bona fide) clips from a handful of speakers and rooms,
          a few hundred synthetic ones, mostly from the same TTS engine families. Test sets of 10 to
          60 files give EERs with wide error bars (one file is several percent).
        - Seen vs unseen: the local TTS voices share engines with the debian-speech fakes; the VC
          systems in test are partly unseen (blow, autovc s2s, lvc_vc_xl s2s); WaveFake's vocoder
          and speaker are unseen. Expect far worse on modern neural TTS and voice cloning.
        - Channel: all training audio is clean 16 kHz WAV. Phone lines, heavy compression, music or
          noise are outside what it has seen; the decoder accepts them, the scores may not mean much.
        - English only. Clips shorter than about a second give little evidence.

        ## Terms of the data it inherits

        - VCTK corpus: CC BY 4.0 (attribution: CSTR, University of Edinburgh); the voice-conversion
          outputs come from a public VC demo page of those speakers.
        - WaveFake test files: MIT; LJSpeech: public domain.
        - Debian pocketsphinx-testdata (BSD-2-Clause) and alsa-utils prompts; the Debian TTS voices
          (espeak-ng GPL-3, flite and festival voices under their free licences) made the fakes.
        - verisim's own sentences: CC0.
        Attribute VCTK when redistributing this model. Everything the model flags is a guess.
        """);
    return s.toString();
  }
}

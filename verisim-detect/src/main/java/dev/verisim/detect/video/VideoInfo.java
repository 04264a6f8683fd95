package dev.verisim.detect.video;

/**
 * What a video's container declares, read before any frame is decoded.
 *
 * @param container the container format as FFmpeg names it, for example "mov,mp4,m4a,3gp,3g2,mj2"
 * @param codec the video codec, for example "h264"
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param frameRate frames per second (0 when not declared)
 * @param durationSeconds duration (0 when not declared)
 * @param frames the declared or estimated number of video frames (0 when unknown)
 * @param hasAudio whether there is an audio stream too
 */
public record VideoInfo(
    String container,
    String codec,
    int width,
    int height,
    double frameRate,
    double durationSeconds,
    long frames,
    boolean hasAudio) {}

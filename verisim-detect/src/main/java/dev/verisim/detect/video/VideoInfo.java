package dev.verisim.detect.video;

/**
 * What a video's container declares, read before any frame is decoded.
 *
 * @param container the container format as FFmpeg names it, for example "mov,mp4,m4a,3gp,3g2,mj2"
 * @param codec the video codec, for example "h264"
 * @param width frame width in pixels, as displayed (after the rotation)
 * @param height frame height in pixels, as displayed
 * @param rotation the clockwise turn applied to the coded frames to show them upright (0, 90, 180
 *     or 270), from the stream's display matrix
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
    int rotation,
    double frameRate,
    double durationSeconds,
    long frames,
    boolean hasAudio) {}

/**
 * The HTML page of a training run: {@link dev.verisim.gan.report.GanReport} reads a run folder
 * (settings, training log, sample grids) and writes a self-contained {@code report.html} beside
 * them.
 */
package dev.verisim.gan.report;

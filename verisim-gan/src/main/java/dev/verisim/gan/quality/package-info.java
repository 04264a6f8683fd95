/**
 * Quality metrics for generated images that need no downloaded network: the sliced Wasserstein
 * distance on Laplacian-pyramid patches (Karras et al. 2018), multi-scale SSIM (Wang, Simoncelli
 * and Bovik 2003) and the MS-SSIM diversity of a set (Odena, Olah and Shlens 2017).
 *
 * <p>All are pure Java, deterministic for a seed, and take 8-bit sRGB {@link
 * java.awt.image.BufferedImage}s of one square size.
 */
package dev.verisim.gan.quality;

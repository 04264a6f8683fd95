/**
 * The GAN studio: generators and discriminators written as explicit functions of named weights,
 * their training with exact resume, sampling, and quality metrics that need no downloaded network.
 */
package dev.verisim.gan;

/**
 * Provenance of media: an invisible watermark ({@code watermark}), C2PA Content Credentials ({@code
 * c2pa}) and signed consent records for a likeness ({@code consent}).
 */
package dev.verisim.provenance;

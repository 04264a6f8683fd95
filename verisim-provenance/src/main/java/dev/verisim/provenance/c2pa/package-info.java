/**
 * C2PA Content Credentials: {@link dev.verisim.provenance.c2pa.ContentCredentials} signs JPEG and
 * PNG files with a C2PA 2.x manifest and verifies manifests written by verisim or by other C2PA
 * tools, reporting C2PA status codes in a {@link dev.verisim.provenance.c2pa.CredentialsReport}.
 */
package dev.verisim.provenance.c2pa;

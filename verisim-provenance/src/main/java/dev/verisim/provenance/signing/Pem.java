package dev.verisim.provenance.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** PEM reading and writing of certificates and private keys. */
final class Pem {
  /** PEM files verisim reads are small; a larger one is not a key or a chain. */
  static final long MAX_PEM_BYTES = 1 << 20;

  private Pem() {}

  static String read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_PEM_BYTES) {
      throw new IOException(file + ": " + size + " bytes is too large for a PEM file");
    }
    return Files.readString(file, StandardCharsets.US_ASCII);
  }

  /** Every CERTIFICATE block of the text, in order. */
  static List<X509Certificate> certificates(String pem, String source) throws IOException {
    List<X509Certificate> certs = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      Object o;
      while ((o = parser.readObject()) != null) {
        if (o instanceof org.bouncycastle.cert.X509CertificateHolder holder) {
          certs.add(
              (X509Certificate)
                  factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded())));
        }
      }
    } catch (CertificateException | RuntimeException e) {
      throw new IOException(source + ": not a PEM certificate list: " + e.getMessage(), e);
    }
    return certs;
  }

  /** The first private key of the text: PKCS#8 "PRIVATE KEY" or SEC1 "EC PRIVATE KEY". */
  static PrivateKey privateKey(String pem, String source) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      Object o;
      while ((o = parser.readObject()) != null) {
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      }
    } catch (RuntimeException e) {
      throw new IOException(source + ": not a PEM private key: " + e.getMessage(), e);
    }
    throw new IOException(source + ": no unencrypted PEM private key found");
  }

  static String encode(Object... objects) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (Object o : objects) {
        writer.writeObject(o);
      }
    }
    return text.toString();
  }

  /** PKCS#8 PEM ("BEGIN PRIVATE KEY"), the form openssl and c2pa tools read. */
  static String encodePrivateKey(PrivateKey key) {
    String base64 =
        java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
  }
}

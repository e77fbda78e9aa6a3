package io.github.fleetprov.core.pki;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.internal.DerShape;
import io.github.fleetprov.core.pki.internal.KdfLimits;
import io.github.fleetprov.core.pki.internal.KeyMath;
import io.github.fleetprov.core.pki.internal.Providers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMDecryptor;
import org.bouncycastle.openssl.PEMDecryptorProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptor;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.Streams;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes keys and certificates in PEM (RFC 7468) and DER.
 *
 * <p>Private keys are always written as PKCS#8 ({@code BEGIN PRIVATE KEY}), or as encrypted PKCS#8
 * ({@code BEGIN ENCRYPTED PRIVATE KEY}, PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC) when a
 * password is given: aws-crt and OpenSSL refuse SEC1 EC keys without curve parameters. Reading
 * accepts PKCS#8, encrypted PKCS#8, PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC1
 * ({@code BEGIN EC PRIVATE KEY}, with or without a preceding {@code EC PARAMETERS} block), as
 * written by {@code openssl genpkey}, {@code openssl genrsa -traditional} and
 * {@code openssl ecparam -genkey}.
 *
 * <p>Every reader throws {@link InvalidInputException} naming the parameter and the fix for input that
 * is not what it expects; messages never contain key material. Thread-safe.
 *
 * <p>Readers take untrusted input and bound their work before any parser runs:
 * <ul>
 *   <li>PEM text longer than {@value #MAX_PEM_LENGTH} characters is refused (a bundle of every
 *       public root CA is about 220,000);</li>
 *   <li>every DER object (a certificate, a key, a CSR, the plaintext of an encrypted key) must be
 *       at most 65,536 bytes, nest at most 32 levels and use no indefinite lengths (DER, X.690
 *       §10.1), so that no parser recurses without bound;</li>
 *   <li>an encrypted PKCS#8 key may ask for at most {@value #MAX_KDF_ITERATIONS} PBKDF2 iterations
 *       (OpenSSL 3 writes 2,048, the JDK 10,000, fleetprov 100,000), and for scrypt at most
 *       N = 2^20, 32 MiB of memory (128·N·r) and N·r·p = 2^22, checked before the key is derived,
 *       so that a wrong password costs at most about a second;</li>
 *   <li>EC private keys must be on P-256, P-384 or P-521 with a scalar in [1, n-1]; RSA private
 *       keys must have a modulus of at most 16,384 bits.</li>
 * </ul>
 */
public final class Pem {

    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
    private static final int PBKDF2_ITERATIONS = 100_000;

    /** The longest PEM text the readers accept, in characters (1 MiB). */
    public static final int MAX_PEM_LENGTH = 1 << 20;
    /**
     * The most PBKDF2 iterations an encrypted private key may ask for (also for PBES1 and PKCS#12
     * PBE): 1,000,000, above the OWASP guidance of 600,000 for PBKDF2-HMAC-SHA256.
     */
    public static final int MAX_KDF_ITERATIONS = KdfLimits.MAX_ITERATIONS;

    private Pem() {
    }

    // ------------------------------------------------------------------ private keys

    /**
     * Writes a private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}).
     *
     * @param key the key
     * @return the PEM text, ending with a newline
     */
    public static String privateKeyToPem(PrivateKey key) {
        Objects.requireNonNull(key, "key");
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"PKCS#8".equals(key.getFormat())) {
            throw new InvalidInputException("key", "the private key cannot be exported (format "
                    + key.getFormat() + ")", "Use a software key, e.g. from KeyPairs.generate().");
        }
        return write(new PemObject("PRIVATE KEY", encoded));
    }

    /**
     * Writes a private key as encrypted PKCS#8 PEM ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}),
     * PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, which {@code openssl pkey -passin} reads.
     *
     * @param key the key
     * @param password the password, not empty; the array is not kept
     * @return the PEM text, ending with a newline
     */
    public static String privateKeyToPem(PrivateKey key, char[] password) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new InvalidInputException("password", "the password is empty",
                    "Give a non-empty password, or use privateKeyToPem(key) for an unencrypted key.");
        }
        try {
            OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(Providers.bouncyCastle())
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(PBKDF2_ITERATIONS)
                    .setRandom(Providers.random())
                    .setPassword(password)
                    .build();
            PKCS8Generator generator = new PKCS8Generator(PrivateKeyInfo.getInstance(key.getEncoded()), encryptor);
            return write(generator.generate());
        } catch (OperatorCreationException | IOException e) {
            throw new FleetProvisioningException("Cannot encrypt the private key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an unencrypted private key (PKCS#8, PKCS#1 or SEC1 PEM).
     *
     * @param pem the PEM text; other PEM blocks (e.g. {@code EC PARAMETERS}) may surround the key
     * @return the key
     * @throws InvalidInputException if the text holds no private key, is damaged, or is encrypted
     */
    public static PrivateKey readPrivateKey(String pem) {
        return readKeyPair(pem, null, "pem").getPrivate();
    }

    /**
     * Reads a private key that may be encrypted (encrypted PKCS#8, or a legacy OpenSSL encrypted
     * PKCS#1/SEC1 key); unencrypted keys are read as well and the password is ignored.
     *
     * @param pem the PEM text
     * @param password the password; the array is not kept
     * @return the key
     * @throws InvalidInputException if the text holds no private key, is damaged, or the password is wrong
     */
    public static PrivateKey readPrivateKey(String pem, char[] password) {
        Objects.requireNonNull(password, "password");
        return readKeyPair(pem, password, "pem").getPrivate();
    }

    /**
     * Reads an unencrypted private key and derives its public key.
     *
     * @param pem the PEM text (PKCS#8, PKCS#1 or SEC1)
     * @return the key pair
     * @throws InvalidInputException if the text holds no private key, is damaged, or is encrypted
     */
    public static KeyPair readKeyPair(String pem) {
        return readKeyPair(pem, null, "pem");
    }

    /**
     * Reads a private key, decrypting it if needed, and derives its public key.
     *
     * @param pem the PEM text
     * @param password the password; the array is not kept
     * @return the key pair
     * @throws InvalidInputException if the text holds no private key, is damaged, or the password is wrong
     */
    public static KeyPair readKeyPair(String pem, char[] password) {
        Objects.requireNonNull(password, "password");
        return readKeyPair(pem, password, "pem");
    }

    /**
     * Reads a private key for a named input (a file path, a field), so that errors name it.
     *
     * @param pem the PEM text
     * @param password the password, or {@code null} for an unencrypted key
     * @param field the name errors use for this input
     * @return the key pair
     */
    static KeyPair readKeyPair(String pem, char @Nullable [] password, String field) {
        Objects.requireNonNull(pem, field);
        checkLength(pem, field);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        boolean sawEncrypted = false;
        List<String> seen = new ArrayList<>();
        try (PEMParser parser = new CheckedPemParser(pem, field)) {
            Object o;
            while ((o = readObject(parser, field)) != null) {
                if (o instanceof ASN1ObjectIdentifier) {
                    continue; // EC PARAMETERS before a SEC1 key
                }
                if (o instanceof PEMKeyPair plain) {
                    return withPublic(convert(() -> converter.getKeyPair(plain), field), field);
                }
                if (o instanceof PrivateKeyInfo plain) {
                    return withPublic(convert(() -> new KeyPair(null, converter.getPrivateKey(plain)), field), field);
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    sawEncrypted = true;
                    if (password == null) {
                        continue;
                    }
                    return withPublic(decrypt(o, password, converter, field), field);
                }
                seen.add(describe(o));
            }
        } catch (IOException e) {
            throw damaged(field, e);
        }
        if (sawEncrypted) {
            throw new InvalidInputException(field, "the private key is encrypted",
                    "Give its password (readPrivateKey(pem, password)), or decrypt it first with openssl pkey.");
        }
        if (!seen.isEmpty()) {
            throw new InvalidInputException(field, "expected a private key but found " + String.join(", ", seen),
                    "Pass the PEM of a private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY).");
        }
        throw new InvalidInputException(field, "no PEM private key found",
                "Pass the PEM text of a private key, including its -----BEGIN ...----- line.");
    }

    private static KeyPair decrypt(Object o, char[] password, JcaPEMKeyConverter converter, String field) {
        if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            // Bound the key derivation before any iteration runs.
            KdfLimits.check(encrypted.getEncryptionAlgorithm(), field);
        }
        PrivateKeyInfo info;
        PEMKeyPair pair;
        try {
            if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                InputDecryptor decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(Providers.bouncyCastle()).build(password).get(encrypted.getEncryptionAlgorithm());
                byte[] plain = Streams.readAll(decryptor.getInputStream(
                        new ByteArrayInputStream(encrypted.getEncryptedData())));
                DerShape.check(plain, field, "decrypted private key");
                info = PrivateKeyInfo.getInstance(plain);
                pair = null;
            } else {
                PEMDecryptorProvider jce = new JcePEMDecryptorProviderBuilder()
                        .setProvider(Providers.bouncyCastle()).build(password);
                PEMDecryptorProvider checked = algorithm -> {
                    PEMDecryptor decryptor = jce.get(algorithm);
                    return (data, iv) -> {
                        byte[] plain = decryptor.decrypt(data, iv);
                        DerShape.check(plain, field, "decrypted private key");
                        return plain;
                    };
                };
                pair = ((PEMEncryptedKeyPair) o).decryptKeyPair(checked);
                info = null;
            }
        } catch (OperatorCreationException | IOException | RuntimeException e) {
            String why = shapeProblem(e);
            throw new InvalidInputException("password", "cannot decrypt the private key in " + field
                    + (why == null ? " (wrong password or unsupported encryption)"
                            : " (wrong password, or the decrypted key is damaged: " + why + ")"),
                    "Check the password; fleetprov reads PBES2 (PBKDF2 or scrypt with AES or 3DES) encrypted PKCS#8"
                            + " and OpenSSL's legacy encrypted PEM.", e);
        }
        PrivateKeyInfo plainInfo = info;
        PEMKeyPair plainPair = pair;
        return plainInfo != null
                ? convert(() -> new KeyPair(null, converter.getPrivateKey(plainInfo)), field)
                : convert(() -> converter.getKeyPair(plainPair), field);
    }

    private static String shapeProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException bad) {
                return bad.problem();
            }
        }
        return null;
    }

    /** A conversion by the JCA key converter, whose failures name the field. */
    @FunctionalInterface
    private interface Conversion {
        KeyPair run() throws IOException;
    }

    private static KeyPair convert(Conversion conversion, String field) {
        try {
            return conversion.run();
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(field, "the private key cannot be decoded (" + safeMessage(e) + ")",
                    "Use an EC key on P-256, P-384 or P-521, or an RSA key, as openssl writes them.", e);
        }
    }

    private static void checkLength(String text, String field) {
        if (text.length() > MAX_PEM_LENGTH) {
            throw new InvalidInputException(field, "the text is " + text.length() + " characters, more than the "
                    + MAX_PEM_LENGTH + " a PEM reader accepts", "Pass only the PEM blocks this call needs.");
        }
    }

    /** A PEM parser that checks each block's bytes before Bouncy Castle decodes them. */
    private static final class CheckedPemParser extends PEMParser {
        private final String field;

        CheckedPemParser(String pem, String field) {
            super(new StringReader(pem));
            this.field = field;
        }

        @Override
        public PemObject readPemObject() throws IOException {
            PemObject o = super.readPemObject();
            if (o != null) {
                String what = o.getType() + " PEM block";
                if (legacyEncrypted(o)) {
                    DerShape.checkSize(o.getContent(), field, what);
                } else {
                    DerShape.check(o.getContent(), field, what);
                }
            }
            return o;
        }

        private static boolean legacyEncrypted(PemObject o) {
            for (Object h : o.getHeaders()) {
                PemHeader header = (PemHeader) h;
                if ("Proc-Type".equalsIgnoreCase(header.getName()) && header.getValue() != null
                        && header.getValue().contains("ENCRYPTED")) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Object readObject(PEMParser parser, String field) {
        try {
            return parser.readObject();
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw damaged(field, e);
        }
    }

    private static KeyPair withPublic(KeyPair pair, String field) {
        String problem = KeyMath.problemOf(pair.getPrivate());
        if (problem != null) {
            throw new InvalidInputException(field, problem,
                    "Use an EC key on P-256, P-384 or P-521 or an RSA key of at most 16384 bits, unmodified.");
        }
        if (pair.getPublic() != null) {
            if (!KeyMath.matches(pair.getPublic(), pair.getPrivate())) {
                throw new InvalidInputException(field, "the public key stored with the private key does not match it",
                        "The key file is corrupt: restore it or generate a new key.");
            }
            return pair;
        }
        PublicKey pub = KeyMath.publicKeyOf(pair.getPrivate()).orElseThrow(() -> new InvalidInputException(field,
                "cannot derive the public key of this " + pair.getPrivate().getAlgorithm() + " private key",
                "Use an EC key or an RSA key in CRT form (as openssl writes them)."));
        return new KeyPair(pub, pair.getPrivate());
    }

    private static InvalidInputException damaged(String field, Exception e) {
        return new InvalidInputException(field, "the PEM text is damaged or truncated (" + safeMessage(e) + ")",
                "Pass the complete PEM text, from -----BEGIN to -----END, unmodified.", e);
    }

    private static String safeMessage(Exception e) {
        // BC messages describe structure, never content; keep them short.
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() > 120 ? m.substring(0, 120) + "..." : m;
    }

    private static String describe(Object o) {
        String name = o.getClass().getSimpleName();
        if (name.contains("Certificate") && !name.contains("Request")) {
            return "a certificate";
        }
        if (name.contains("CertificationRequest")) {
            return "a certificate signing request";
        }
        if (name.contains("SubjectPublicKeyInfo")) {
            return "a public key";
        }
        return "a " + name;
    }

    // ------------------------------------------------------------------ public keys and CSRs

    /**
     * Writes a public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, SubjectPublicKeyInfo).
     *
     * @param key the key
     * @return the PEM text, ending with a newline
     */
    public static String publicKeyToPem(PublicKey key) {
        Objects.requireNonNull(key, "key");
        return write(new PemObject("PUBLIC KEY", key.getEncoded()));
    }

    // ------------------------------------------------------------------ certificates

    /**
     * Writes a certificate as PEM ({@code -----BEGIN CERTIFICATE-----}).
     *
     * @param certificate the certificate
     * @return the PEM text, ending with a newline
     */
    public static String certificateToPem(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        try {
            return write(new PemObject("CERTIFICATE", certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new InvalidInputException("certificate", "the certificate cannot be encoded", "Pass a valid X.509 certificate.", e);
        }
    }

    /**
     * Writes certificates as concatenated PEM blocks (a chain, leaf first, as given).
     *
     * @param certificates the certificates
     * @return the PEM text
     */
    public static String certificatesToPem(List<X509Certificate> certificates) {
        Objects.requireNonNull(certificates, "certificates");
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certificates) {
            sb.append(certificateToPem(c));
        }
        return sb.toString();
    }

    /**
     * Reads the first certificate of a PEM text, or a certificate given as bare Base64 DER (as some
     * APIs return it).
     *
     * @param pemOrBase64Der PEM text or Base64 of the DER encoding
     * @return the certificate
     * @throws InvalidInputException if there is no readable certificate
     */
    public static X509Certificate readCertificate(String pemOrBase64Der) {
        return readCertificate(pemOrBase64Der, "pem");
    }

    static X509Certificate readCertificate(String pemOrBase64Der, String field) {
        Objects.requireNonNull(pemOrBase64Der, field);
        checkLength(pemOrBase64Der, field);
        if (!pemOrBase64Der.contains("-----BEGIN")) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(pemOrBase64Der.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(field, "no PEM certificate found and the text is not Base64",
                        "Pass the PEM text of a certificate, including its -----BEGIN CERTIFICATE----- line.", e);
            }
            if (der.length == 0) {
                throw new InvalidInputException(field, "no certificate found (the text is empty)",
                        "Pass the PEM text of a certificate.");
            }
            return readCertificate(der, field);
        }
        return readCertificates(pemOrBase64Der, field).get(0);
    }

    /**
     * Reads every certificate of a PEM text (a chain or a bundle), in order. Other PEM blocks are
     * refused, so that a key pasted into a certificate field is noticed.
     *
     * @param pem the PEM text
     * @return the certificates, at least one
     * @throws InvalidInputException if there is no certificate, or a block is damaged or of another type
     */
    public static List<X509Certificate> readCertificates(String pem) {
        return readCertificates(pem, "pem");
    }

    static List<X509Certificate> readCertificates(String pem, String field) {
        Objects.requireNonNull(pem, field);
        List<X509Certificate> result = new ArrayList<>();
        List<PemObject> blocks = blocks(pem, field);
        for (PemObject block : blocks) {
            String type = block.getType();
            if (!type.equals("CERTIFICATE") && !type.equals("X509 CERTIFICATE") && !type.equals("TRUSTED CERTIFICATE")) {
                throw new InvalidInputException(field, "expected a certificate but found a " + type + " PEM block",
                        "Pass only -----BEGIN CERTIFICATE----- blocks here.");
            }
            result.add(readCertificate(block.getContent(), field));
        }
        if (result.isEmpty()) {
            throw new InvalidInputException(field, "no PEM certificate found",
                    "Pass the PEM text of a certificate, including its -----BEGIN CERTIFICATE----- line.");
        }
        return List.copyOf(result);
    }

    /**
     * Reads a DER-encoded certificate.
     *
     * @param der the DER bytes
     * @return the certificate
     * @throws InvalidInputException if the bytes are not one X.509 certificate
     */
    public static X509Certificate readCertificate(byte[] der) {
        Objects.requireNonNull(der, "der");
        return readCertificate(der, "der");
    }

    static X509Certificate readCertificate(byte[] der, String field) {
        DerShape.check(der, field, "X.509 certificate");
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate c = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
            if (c == null) {
                throw new CertificateException("empty input");
            }
            return c;
        } catch (CertificateException | RuntimeException e) {
            throw new InvalidInputException(field, "not a valid X.509 certificate (" + safeMessage(e) + ")",
                    "Pass an unmodified certificate as PEM or DER.", e);
        }
    }

    /**
     * Splits PEM text into its blocks with strict Base64 checking.
     *
     * @param pem the text
     * @param field the name errors use
     * @return the blocks
     */
    static List<PemObject> blocks(String pem, String field) {
        checkLength(pem, field);
        List<PemObject> blocks = new ArrayList<>();
        Matcher m = BEGIN.matcher(pem);
        int from = 0;
        while (m.find(from)) {
            String type = m.group(1);
            String end = "-----END " + type + "-----";
            int endAt = pem.indexOf(end, m.end());
            if (endAt < 0) {
                throw new InvalidInputException(field, "the " + type + " PEM block has no END line (truncated?)",
                        "Pass the complete PEM text, ending with " + end + ".");
            }
            String body = pem.substring(m.end(), endAt);
            if (body.contains(":")) {
                // Headers (e.g. legacy encrypted keys): only BC's parser handles those.
                throw new InvalidInputException(field, "the " + type + " PEM block has headers",
                        "Pass a block without headers.");
            }
            byte[] content;
            try {
                content = Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(field, "the " + type + " PEM block is not valid Base64",
                        "Pass the PEM text unmodified.", e);
            }
            blocks.add(new PemObject(type.toUpperCase(Locale.ROOT), content));
            from = endAt + end.length();
        }
        return blocks;
    }

    static String write(PemObject pemObject) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(pemObject);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}

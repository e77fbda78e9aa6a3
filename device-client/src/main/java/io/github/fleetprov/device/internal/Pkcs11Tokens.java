package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.device.Pkcs11Key;
import io.github.fleetprov.device.Pkcs11KeyException;
import io.github.fleetprov.device.Pkcs11KeyException.Problem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.Security;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.login.LoginException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import software.amazon.awssdk.crt.io.Pkcs11Lib;
import software.amazon.awssdk.crt.io.TlsContextPkcs11Options;

/**
 * PKCS#11 tokens through the JDK's SunPKCS11 provider (key store, key generation, signing) and aws-crt's
 * {@link Pkcs11Lib} (TLS). One SunPKCS11 provider per library and slot, configured with the module
 * library path and the slot id (JDK "PKCS#11 Reference Guide": {@code library}, {@code slot},
 * {@code attributes}) and added to the installed providers, so that JSSE finds it for the token's keys; one
 * aws-crt {@code Pkcs11Lib} per library. Both live as long as the process (PKCS#11 libraries are initialized
 * once per process; aws-crt's default behaviour accepts a library SunPKCS11 already initialized).
 *
 * <p>Generated private keys are token objects, sensitive and not extractable ({@code CKA_TOKEN},
 * {@code CKA_SENSITIVE}, {@code CKA_EXTRACTABLE=false}) with their label as {@code CKA_LABEL} and
 * {@code CKA_ID} (aws-crt selects the key by {@code CKA_LABEL}); each is stored with a self-signed certificate
 * of the same {@code CKA_ID} at once, because SunPKCS11's key store lists a private key only with a
 * certificate.
 */
public final class Pkcs11Tokens {

    private static final Map<String, Provider> PROVIDERS = new ConcurrentHashMap<>();
    private static final Map<String, Pkcs11Lib> CRT_LIBRARIES = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicInteger COUNTER = new java.util.concurrent.atomic.AtomicInteger();

    private Pkcs11Tokens() {
    }

    private static String where(Pkcs11Key key) {
        return "slot " + key.slot() + " of " + key.library();
    }

    /**
     * The SunPKCS11 provider of a key's library and slot, made and installed on first use.
     *
     * @param key the key settings
     * @return the provider
     * @throws Pkcs11KeyException if the library cannot be loaded or the slot has no token
     */
    public static Provider provider(Pkcs11Key key) {
        String id = key.library().toAbsolutePath() + "#" + key.slot();
        Provider existing = PROVIDERS.get(id);
        if (existing != null) {
            return existing;
        }
        synchronized (PROVIDERS) {
            return PROVIDERS.computeIfAbsent(id, k -> create(key));
        }
    }

    private static Provider create(Pkcs11Key key) {
        if (!Files.isReadable(key.library())) {
            throw new Pkcs11KeyException(Problem.LIBRARY_NOT_LOADABLE, "the PKCS#11 library " + key.library()
                    + " does not exist or is not readable; check Pkcs11Key.library (SoftHSM2's is"
                    + " /usr/lib/softhsm/libsofthsm2.so, from the Debian package softhsm2)", null);
        }
        Provider provider = configure(key, "", "");
        Security.addProvider(provider);
        return provider;
    }

    /** A new SunPKCS11 provider for the key's library and slot, with extra configuration lines. */
    private static Provider configure(Pkcs11Key key, String extra, String suffix) {
        String name = "fleetprov-" + Long.toUnsignedString(key.slot(), 16) + "-" + COUNTER.incrementAndGet() + suffix;
        String config = "--name = " + name + "\n"
                + "library = \"" + key.library().toAbsolutePath() + "\"\n"
                + "slot = " + key.slot() + "\n" + extra;
        Provider provider;
        try {
            provider = Security.getProvider("SunPKCS11").configure(config);
            KeyStore.getInstance("PKCS11", provider);
        } catch (ProviderException | IllegalArgumentException | GeneralSecurityException e) {
            String detail = chain(e);
            if (detail.contains("does not exist") || detail.contains("load") && !detail.contains("SLOT")) {
                throw new Pkcs11KeyException(Problem.LIBRARY_NOT_LOADABLE, "the PKCS#11 library " + key.library()
                        + " could not be loaded (" + detail + "); check Pkcs11Key.library", e);
            }
            throw new Pkcs11KeyException(Problem.TOKEN_NOT_FOUND, "no token in " + where(key) + " (" + detail
                    + "); check Pkcs11Key.slot against softhsm2-util --show-slots or pkcs11-tool -L", e);
        }
        return provider;
    }

    /** A byte-array attribute value in SunPKCS11's configuration syntax. */
    private static String hex(String text) {
        return "0h" + java.util.HexFormat.of().formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The messages of an exception and its causes, which name the PKCS#11 return code (never a PIN). */
    private static String chain(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 300; t = t.getCause()) {
            if (b.length() > 0) {
                b.append(": ");
            }
            b.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        return b.toString();
    }

    private static KeyStore keyStore(Pkcs11Key key) {
        Provider provider = provider(key);
        char[] pin = key.pin().pin();
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
            return store;
        } catch (IOException e) {
            if (hasCause(e, UnrecoverableKeyException.class) || hasCause(e, LoginException.class)
                    || chain(e).contains("CKR_PIN")) {
                throw new Pkcs11KeyException(Problem.WRONG_PIN, "the token in " + where(key) + " refused the user"
                        + " PIN from " + key.pin() + "; check the PIN source (a token locked after too many wrong"
                        + " PINs needs its security officer to reset the PIN)", e);
            }
            throw new Pkcs11KeyException(Problem.TOKEN_FAILURE, "cannot open the token in " + where(key) + " ("
                    + chain(e) + ")", e);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new Pkcs11KeyException(Problem.TOKEN_FAILURE, "cannot open the token in " + where(key) + " ("
                    + chain(e) + ")", e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The token's private key object with the key's label.
     *
     * @param key the key settings
     * @return the SunPKCS11 key
     * @throws Pkcs11KeyException if the token has no such private key
     */
    public static PrivateKey privateKey(Pkcs11Key key) {
        KeyStore store = keyStore(key);
        PrivateKey found = find(store, key, key.keyLabel());
        if (found == null) {
            throw notFound(key, key.keyLabel());
        }
        return found;
    }

    private static Pkcs11KeyException notFound(Pkcs11Key key, String label) {
        return new Pkcs11KeyException(Problem.KEY_NOT_FOUND, "the token in " + where(key) + " holds no private key"
                + " labelled '" + label + "' (with a certificate of the same CKA_ID, which SunPKCS11 needs to list"
                + " it); check Pkcs11Key.keyLabel, or allow generateIfMissing", null);
    }

    /** The private key under a label, {@code null} if there is no object with that label. */
    private static PrivateKey find(KeyStore store, Pkcs11Key key, String label) {
        try {
            if (!store.containsAlias(label)) {
                return null;
            }
            if (!store.isKeyEntry(label)) {
                throw notPrivate(key, label, "a certificate");
            }
            Key k = store.getKey(label, null);
            if (k instanceof PrivateKey privateKey) {
                return privateKey;
            }
            throw notPrivate(key, label, k == null ? "no key" : "a " + k.getAlgorithm() + " secret key");
        } catch (GeneralSecurityException | ProviderException e) {
            throw new Pkcs11KeyException(Problem.TOKEN_FAILURE, "cannot read the object labelled '" + label + "' in "
                    + where(key) + " (" + chain(e) + ")", e);
        }
    }

    private static Pkcs11KeyException notPrivate(Pkcs11Key key, String label, String what) {
        return new Pkcs11KeyException(Problem.NOT_A_PRIVATE_KEY, "the object labelled '" + label + "' in "
                + where(key) + " is " + what + ", not a private key; check Pkcs11Key.keyLabel", null);
    }

    /**
     * The private key under a label: the one the token holds, or one generated there when missing and the
     * settings allow it.
     *
     * @param key the key settings (PIN, algorithm, whether to generate)
     * @param label the label of the key object
     * @return the key
     */
    public static synchronized Pkcs11PrivateKey obtain(Pkcs11Key key, String label) {
        Pkcs11Key labelled = key.keyLabel().equals(label) ? key : key.copy(b -> b.keyLabel(label));
        KeyStore store = keyStore(labelled);
        PrivateKey found = find(store, labelled, label);
        try {
            if (found != null) {
                PublicKey publicKey = store.getCertificate(label).getPublicKey();
                return new Pkcs11PrivateKey(labelled, publicKey, found);
            }
            if (!key.generateIfMissing()) {
                throw notFound(labelled, label);
            }
            KeyAlgorithm algorithm = key.keyAlgorithm();
            // A provider of its own whose generated private key carries the label (CKA_LABEL), which aws-crt
            // selects the key by; SunPKCS11's key store sets only CKA_ID on a private key.
            Provider generating = configure(labelled, "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
                    + "  CKA_TOKEN = true\n  CKA_PRIVATE = true\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n"
                    + "  CKA_LABEL = " + hex(label) + "\n  CKA_ID = " + hex(label) + "\n}\n"
                    + "attributes(generate, CKO_PUBLIC_KEY, *) = {\n  CKA_TOKEN = false\n}\n", "-generate");
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.family(), generating);
            if (algorithm.isEc()) {
                generator.initialize(new ECGenParameterSpec(algorithm.curveName()));
            } else {
                generator.initialize(algorithm.keySize());
            }
            KeyPair pair = generator.generateKeyPair();
            X509Certificate placeholder = selfSigned(pair, label, algorithm.signatureAlgorithm(), generating);
            KeyStore generatingStore = KeyStore.getInstance("PKCS11", generating);
            char[] pin = key.pin().pin();
            try {
                generatingStore.load(null, pin);
            } finally {
                Arrays.fill(pin, '\0');
            }
            generatingStore.setKeyEntry(label, pair.getPrivate(), null, new Certificate[] {placeholder});
            // The key object is looked up again through the token's own provider when first used.
            return new Pkcs11PrivateKey(labelled, pair.getPublic(), null);
        } catch (GeneralSecurityException | ProviderException | OperatorCreationException | IOException e) {
            throw new Pkcs11KeyException(Problem.TOKEN_FAILURE, "cannot generate or store a " + key.keyAlgorithm()
                    + " key labelled '" + label + "' in " + where(labelled) + " (" + chain(e) + ")", e);
        }
    }

    private static X509Certificate selfSigned(KeyPair pair, String label, String signatureAlgorithm, Provider provider)
            throws GeneralSecurityException, OperatorCreationException {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, label).build();
        Instant now = Instant.now();
        ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm).setProvider(provider)
                .build(pair.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic()).build(signer));
    }

    /**
     * A CSR for the key, signed by the token: Bouncy Castle's PKCS#10 builder with a content signer over the
     * token's {@code Signature}.
     *
     * @param key the key
     * @param commonName the subject's common name
     * @return the CSR, its signature checked
     */
    public static CertificateSigningRequest csr(Pkcs11PrivateKey key, String commonName) {
        try {
            String algorithm = KeyAlgorithm.of(key.publicKey()).signatureAlgorithm();
            ContentSigner signer = new JcaContentSignerBuilder(algorithm).setProvider(key.provider())
                    .build(key.tokenKey());
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            byte[] der = new JcaPKCS10CertificationRequestBuilder(subject, key.publicKey()).build(signer).getEncoded();
            return CertificateSigningRequest.fromDer(der).requireValidSignature();
        } catch (OperatorCreationException | IOException | ProviderException e) {
            throw new Pkcs11KeyException(Problem.TOKEN_FAILURE, "the token in " + where(key.key()) + " could not sign"
                    + " the CSR with the key labelled '" + key.key().keyLabel() + "' (" + chain(e) + ")", e);
        }
    }

    /**
     * aws-crt's TLS options for a connection whose private key operations the token does: the library,
     * the user PIN, the slot and the key's label, and the certificate.
     *
     * @param key the key
     * @param certificatePem the client certificate
     * @return options; the caller closes them once the client is built
     */
    public static TlsContextPkcs11Options tlsOptions(Pkcs11PrivateKey key, String certificatePem) {
        Pkcs11Key settings = key.key();
        // Opening the token here first gives typed errors (library, slot, PIN, label) before aws-crt's codes.
        key.tokenKey();
        Pkcs11Lib library = CRT_LIBRARIES.computeIfAbsent(settings.library().toAbsolutePath().toString(),
                path -> new Pkcs11Lib(path, Pkcs11Lib.InitializeFinalizeBehavior.DEFAULT));
        char[] pin = settings.pin().pin();
        try {
            return new TlsContextPkcs11Options(library).withUserPin(new String(pin)).withSlotId(settings.slot())
                    .withPrivateKeyObjectLabel(settings.keyLabel()).withCertificateFileContents(certificatePem);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /**
     * aws-crt's refusal to make a TLS context from a token key, as a typed error naming what to check.
     *
     * @param key the key
     * @param failure aws-crt's exception
     * @return the exception to throw
     */
    public static Pkcs11KeyException tlsFailure(Pkcs11PrivateKey key, RuntimeException failure) {
        Pkcs11Key settings = key.key();
        String detail = chain(failure);
        if (detail.contains("KEY_NOT_FOUND")) {
            return new Pkcs11KeyException(Problem.KEY_NOT_FOUND, "aws-crt found no single private key object with"
                    + " CKA_LABEL '" + settings.keyLabel() + "' in " + where(settings) + "; it selects the key by"
                    + " CKA_LABEL, so check Pkcs11Key.keyLabel and that the key object carries that label (keytool"
                    + " sets only CKA_ID on private keys; pkcs11-tool --label sets it) (" + detail + ")", failure);
        }
        return new Pkcs11KeyException(Problem.TOKEN_FAILURE, "aws-crt could not use the key labelled '"
                + settings.keyLabel() + "' in " + where(settings) + " for TLS (" + detail + ")", failure);
    }
}

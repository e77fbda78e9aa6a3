package io.github.fleetprov.core.pki.internal;

import io.github.fleetprov.core.FleetProvisioningException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Builds X.509 v3 certificates with the extensions TLS stacks (JSSE, OpenSSL, aws-crt) check.
 * One instance builds one certificate.
 */
public final class CertificateBuilder {

    /** What a certificate is for. */
    public enum Profile {
        /** A CA that signs end-entity certificates (basicConstraints CA, keyCertSign, cRLSign). */
        CA,
        /** A TLS client: digitalSignature, extendedKeyUsage clientAuth. */
        CLIENT,
        /** A TLS server: digitalSignature (+ keyEncipherment for RSA), extendedKeyUsage serverAuth. */
        SERVER,
        /** A self-signed device certificate: digitalSignature, clientAuth, not a CA. */
        SELF_SIGNED_DEVICE
    }

    /** Clock skew tolerated between the machine that issues and the one that checks. */
    public static final Duration BACKDATE = Duration.ofMinutes(5);

    private final X500Principal subject;
    private final PublicKey publicKey;
    private final Profile profile;
    private X500Principal issuer;
    private X509Certificate issuerCertificate;
    private Instant notBefore;
    private Duration validity;
    private final List<GeneralName> sans = new ArrayList<>();

    /**
     * Starts a certificate.
     *
     * @param subject the subject name
     * @param publicKey the certified key
     * @param profile what the certificate is for
     */
    public CertificateBuilder(X500Principal subject, PublicKey publicKey, Profile profile) {
        this.subject = subject;
        this.publicKey = publicKey;
        this.profile = profile;
        this.issuer = subject;
        this.notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
        this.validity = Duration.ofDays(365);
    }

    /**
     * Sets the issuing CA (absent: self-signed).
     *
     * @param ca the CA certificate
     * @return this builder
     */
    public CertificateBuilder issuer(X509Certificate ca) {
        this.issuerCertificate = ca;
        this.issuer = ca.getSubjectX500Principal();
        return this;
    }

    /**
     * Sets the validity: from {@code now - BACKDATE} to {@code now + validity}.
     *
     * @param validity the validity from now
     * @return this builder
     */
    public CertificateBuilder validity(Duration validity) {
        this.validity = validity.plus(BACKDATE);
        return this;
    }

    /**
     * Adds a DNS name or IP address (v4 or v6 literal) subject alternative name.
     *
     * @param hostOrIp a host name or an IP literal
     * @return this builder
     */
    public CertificateBuilder addSan(String hostOrIp) {
        sans.add(isIpLiteral(hostOrIp) ? new GeneralName(GeneralName.iPAddress, hostOrIp)
                : new GeneralName(GeneralName.dNSName, hostOrIp));
        return this;
    }

    /**
     * Whether a text is an IPv4 or IPv6 literal (no name lookup is made).
     *
     * @param s the text
     * @return {@code true} for an IP literal
     */
    public static boolean isIpLiteral(String s) {
        if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (s.contains(":") && s.matches("[0-9A-Fa-f:.]+")) {
            try {
                InetAddress.getByName(s); // a literal: no lookup
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * Signs the certificate.
     *
     * @param signingKey the issuer's private key (the subject's own key if self-signed)
     * @return the certificate
     */
    public X509Certificate sign(PrivateKey signingKey) {
        try {
            BigInteger serial = new BigInteger(159, Providers.random()).setBit(158);
            Date from = Date.from(notBefore);
            Date to = Date.from(notBefore.plus(validity));
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, from, to, subject, publicKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            if (issuerCertificate != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false,
                        ext.createAuthorityKeyIdentifier(issuerCertificate));
            } else {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(publicKey));
            }
            boolean rsa = "RSA".equals(publicKey.getAlgorithm());
            switch (profile) {
                case CA:
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    b.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                    break;
                case SERVER:
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(
                            rsa ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature));
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    break;
                case CLIENT:
                case SELF_SIGNED_DEVICE:
                default:
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(
                            rsa ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature));
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                    break;
            }
            if (!sans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            X509CertificateHolder holder = b.build(Providers.signer(signingKey));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (IOException | OperatorCreationException | CertificateException
                 | java.security.NoSuchAlgorithmException e) {
            throw new FleetProvisioningException("Cannot build the certificate: " + e.getMessage(), e);
        }
    }
}

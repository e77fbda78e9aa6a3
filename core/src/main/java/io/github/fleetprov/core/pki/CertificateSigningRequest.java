package io.github.fleetprov.core.pki;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.internal.DerShape;
import io.github.fleetprov.core.pki.internal.Names;
import io.github.fleetprov.core.pki.internal.Providers;
import java.io.IOException;
import java.net.IDN;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A PKCS#10 certificate signing request, as AWS IoT's CreateCertificateFromCsr takes it.
 *
 * <p>Immutable. {@link #create(KeyPair, Subject)} signs a new request with the key pair's private
 * key (SHA-256 with ECDSA or RSA, SHA-384 for P-384); {@link #parse(String)} reads one. Two requests
 * are equal when their DER encodings are equal.
 */
public final class CertificateSigningRequest {

    private final PKCS10CertificationRequest request;
    private final byte[] der;

    private CertificateSigningRequest(PKCS10CertificationRequest request) {
        this.request = request;
        try {
            this.der = request.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates and signs a request without subject alternative names.
     *
     * @param keyPair the device's key pair; the private key signs, the public key is requested
     * @param subject the requested subject
     * @return the request
     */
    public static CertificateSigningRequest create(KeyPair keyPair, Subject subject) {
        return create(keyPair, subject, List.of());
    }

    /**
     * Creates and signs a request with DNS subject alternative names (an extension request).
     *
     * @param keyPair the device's key pair
     * @param subject the requested subject
     * @param dnsSans DNS names for the subjectAltName extension, may be empty
     * @return the request
     * @throws InvalidInputException if a DNS name is blank or not a host name
     */
    public static CertificateSigningRequest create(KeyPair keyPair, Subject subject, List<String> dnsSans) {
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(dnsSans, "dnsSans");
        Objects.requireNonNull(keyPair.getPublic(), "keyPair.public");
        Objects.requireNonNull(keyPair.getPrivate(), "keyPair.private");
        try {
            JcaPKCS10CertificationRequestBuilder builder =
                    new JcaPKCS10CertificationRequestBuilder(subject.toX500Name(), keyPair.getPublic());
            if (!dnsSans.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (int i = 0; i < dnsSans.size(); i++) {
                    names.add(new GeneralName(GeneralName.dNSName, checkDnsName(dnsSans.get(i), "dnsSans[" + i + "]")));
                }
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(new GeneralName[0])));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            ContentSigner signer = Providers.signer(keyPair.getPrivate());
            return new CertificateSigningRequest(builder.build(signer));
        } catch (OperatorCreationException | IOException e) {
            throw new FleetProvisioningException("Cannot sign the CSR: " + e.getMessage(), e);
        }
    }

    static String checkDnsName(String name, String field) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException(field, "the DNS name is empty", "Give a host name such as device-1.example.com.");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            ascii = null;
        }
        String check = ascii != null && ascii.startsWith("*.") ? ascii.substring(2) : ascii;
        if (check == null || check.isEmpty() || !check.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
            throw new InvalidInputException(field, "'" + name + "' is not a DNS host name",
                    "Use letters, digits, hyphens and dots, e.g. device-1.example.com.");
        }
        return ascii;
    }

    /**
     * Parses a PEM request ({@code -----BEGIN CERTIFICATE REQUEST-----}, or {@code NEW CERTIFICATE REQUEST}).
     * The signature is not checked here: call {@link #verifySignature()}. The text may be at most
     * {@link Pem#MAX_PEM_LENGTH} characters, and the request at most 65,536 bytes of DER nesting at
     * most 32 levels without indefinite lengths, as every real CSR is; anything else is refused
     * before it is decoded.
     *
     * @param pem the PEM text
     * @return the request
     * @throws InvalidInputException if the text holds no request or it is damaged
     */
    public static CertificateSigningRequest parse(String pem) {
        Objects.requireNonNull(pem, "pem");
        List<PemObject> blocks = Pem.blocks(pem, "pem");
        for (PemObject block : blocks) {
            if (block.getType().equals("CERTIFICATE REQUEST") || block.getType().equals("NEW CERTIFICATE REQUEST")) {
                return fromDer(block.getContent(), "pem");
            }
        }
        if (!blocks.isEmpty()) {
            throw new InvalidInputException("pem", "expected a certificate request but found a "
                    + blocks.get(0).getType() + " PEM block", "Pass the PEM text of a CSR (BEGIN CERTIFICATE REQUEST).");
        }
        throw new InvalidInputException("pem", "no PEM certificate request found",
                "Pass the PEM text of a CSR, including its -----BEGIN CERTIFICATE REQUEST----- line.");
    }

    /**
     * Reads a DER-encoded request (at most 65,536 bytes, nesting at most 32 levels, no indefinite
     * lengths).
     *
     * @param der the DER bytes
     * @return the request
     * @throws InvalidInputException if the bytes are not a PKCS#10 request
     */
    public static CertificateSigningRequest fromDer(byte[] der) {
        Objects.requireNonNull(der, "der");
        return fromDer(der, "der");
    }

    private static CertificateSigningRequest fromDer(byte[] der, String field) {
        DerShape.check(der, field, "PKCS#10 certificate request");
        try {
            PKCS10CertificationRequest request = new PKCS10CertificationRequest(der);
            new JcaPKCS10CertificationRequest(request).getPublicKey();
            CertificateSigningRequest csr = new CertificateSigningRequest(request);
            // Decode now what the accessors decode later, so that a request that parses is usable.
            Subject.requireTextValues(request.getSubject());
            csr.subjectPrincipal();
            csr.dnsSans();
            return csr;
        } catch (IOException | RuntimeException | java.security.GeneralSecurityException e) {
            throw new InvalidInputException(field, "not a valid PKCS#10 certificate request",
                    "Pass an unmodified CSR, e.g. from openssl req -new or CertificateSigningRequest.create.", e);
        }
    }

    /**
     * The request as PEM ({@code -----BEGIN CERTIFICATE REQUEST-----}).
     *
     * @return the PEM text, ending with a newline
     */
    public String toPem() {
        return Pem.write(new PemObject("CERTIFICATE REQUEST", der));
    }

    /**
     * The DER encoding.
     *
     * @return a copy of the encoded request
     */
    public byte[] toDer() {
        return der.clone();
    }

    /**
     * The requested subject (its supported attributes).
     *
     * @return the subject
     */
    public Subject subject() {
        return Subject.of(request.getSubject());
    }

    /**
     * The requested subject as a JDK principal, with every attribute.
     *
     * @return the subject name
     */
    public javax.security.auth.x500.X500Principal subjectPrincipal() {
        try {
            return new javax.security.auth.x500.X500Principal(request.getSubject().getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The public key the request asks a certificate for.
     *
     * @return the public key
     */
    public PublicKey publicKey() {
        try {
            return new JcaPKCS10CertificationRequest(request).getPublicKey();
        } catch (java.security.GeneralSecurityException e) {
            throw new InvalidInputException("csr", "the public key of the request cannot be read", "Create a new CSR.", e);
        }
    }

    /**
     * The DNS names of the request's subjectAltName extension request.
     *
     * @return the DNS names, possibly empty
     */
    public List<String> dnsSans() {
        Extensions extensions = request.getRequestedExtensions();
        if (extensions == null) {
            return List.of();
        }
        GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        if (names == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (GeneralName n : names.getNames()) {
            if (n.getTagNo() == GeneralName.dNSName) {
                result.add(n.getName().toString());
            }
        }
        return List.copyOf(result);
    }

    /**
     * Checks the request's self-signature with its own public key (proof of possession).
     *
     * @return {@code true} if the signature is valid
     */
    public boolean verifySignature() {
        try {
            return request.isSignatureValid(
                    Providers.verifier(request.getSubjectPublicKeyInfo(), request.getSignatureAlgorithm()));
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Throws unless the request's signature is valid.
     *
     * @return this request
     * @throws InvalidInputException if the signature does not verify
     */
    public CertificateSigningRequest requireValidSignature() {
        if (!verifySignature()) {
            throw new InvalidInputException("csr", "the CSR's signature does not verify with its public key",
                    "Sign the CSR with the private key of the public key it contains.");
        }
        return this;
    }

    PKCS10CertificationRequest bcRequest() {
        return request;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof CertificateSigningRequest other && Arrays.equals(der, other.der));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    /** @return the subject and key algorithm, e.g. {@code CertificateSigningRequest[CN=my-device, EC]} */
    @Override
    public String toString() {
        String algorithm;
        try {
            algorithm = publicKey().getAlgorithm();
        } catch (InvalidInputException e) {
            algorithm = request.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm().getId();
        }
        return "CertificateSigningRequest[" + Names.rfc2253(subjectPrincipal()) + ", " + algorithm + "]";
    }
}

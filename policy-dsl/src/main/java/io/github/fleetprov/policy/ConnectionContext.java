package io.github.fleetprov.policy;

import io.github.fleetprov.core.InvalidInputException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * What AWS IoT knows about a connection when it authorizes a request: the client id, the thing
 * attached to the certificate, the certificate's subject, issuer and alternative names, the source
 * IP and the CONNECT attributes. The {@link PolicyEvaluator} substitutes policy variables and
 * evaluates conditions from it.
 *
 * <p>Thing variables ({@code iot:Connection.Thing.*}) are only available when a thing is attached to
 * the certificate and its name equals the client id, as in AWS IoT. Immutable.
 */
public final class ConnectionContext {

    private static final Map<String, String> OID_NAMES = Map.of(
            "2.5.4.46", "DNQUALIFIER", "2.5.4.5", "SERIALNUMBER", "2.5.4.12", "TITLE", "2.5.4.4", "SURNAME",
            "2.5.4.42", "GIVENNAME", "2.5.4.43", "INITIALS", "2.5.4.65", "PSEUDONYM", "2.5.4.44", "GENERATION");
    private static final Map<String, String> RDN_TO_ATTRIBUTE = Map.ofEntries(
            Map.entry("DNQUALIFIER", "DistinguishedNameQualifier"), Map.entry("C", "Country"),
            Map.entry("O", "Organization"), Map.entry("OU", "OrganizationalUnit"), Map.entry("ST", "State"),
            Map.entry("CN", "CommonName"), Map.entry("SERIALNUMBER", "SerialNumber"), Map.entry("TITLE", "Title"),
            Map.entry("SURNAME", "Surname"), Map.entry("GIVENNAME", "GivenName"), Map.entry("INITIALS", "Initials"),
            Map.entry("PSEUDONYM", "Pseudonym"), Map.entry("GENERATION", "GenerationQualifier"));
    private static final Map<Integer, String> SAN_TYPES = Map.of(
            1, "RFC822Name", 2, "DNSName", 4, "DirectoryName", 6, "UniformResourceIdentifier", 7, "IPAddress");

    private final String clientId;
    private final String thingName;
    private final boolean thingAttached;
    private final String thingTypeName;
    private final Map<String, String> thingAttributes;
    private final Map<String, List<String>> certificateFields;
    private final String certificateSerialNumber;
    private final String sourceIp;
    private final String domainName;
    private final List<String> connectAttributes;
    private final Map<String, List<String>> conditionKeys;

    private ConnectionContext(Builder b) {
        this.clientId = b.clientId;
        this.thingName = b.thingName;
        this.thingAttached = b.thingAttached;
        this.thingTypeName = b.thingTypeName;
        this.thingAttributes = Map.copyOf(b.thingAttributes);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        b.certificateFields.forEach((k, v) -> fields.put(k, List.copyOf(v)));
        this.certificateFields = Collections.unmodifiableMap(fields);
        this.certificateSerialNumber = b.certificateSerialNumber;
        this.sourceIp = b.sourceIp;
        this.domainName = b.domainName;
        this.connectAttributes = List.copyOf(b.connectAttributes);
        Map<String, List<String>> keys = new LinkedHashMap<>();
        b.conditionKeys.forEach((k, v) -> keys.put(k, List.copyOf(v)));
        this.conditionKeys = Collections.unmodifiableMap(keys);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A context with only a client id and no thing or certificate details.
     *
     * @param clientId the MQTT client id
     * @return the context
     */
    public static ConnectionContext ofClientId(String clientId) {
        return builder().clientId(clientId).build();
    }

    /** @return the MQTT client id, if known */
    public Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    /** @return the name of the thing attached to the certificate, if any */
    public Optional<String> thingName() {
        return Optional.ofNullable(thingName);
    }

    /** @return whether a thing is attached to the certificate */
    public boolean thingAttached() {
        return thingAttached;
    }

    /** @return the thing type of the attached thing, if any */
    public Optional<String> thingTypeName() {
        return Optional.ofNullable(thingTypeName);
    }

    /** @return the registry attributes of the attached thing */
    public Map<String, String> thingAttributes() {
        return thingAttributes;
    }

    /**
     * Whether AWS IoT can substitute thing variables: a thing is attached and its name is the client id.
     *
     * @return {@code true} if thing variables are available
     */
    public boolean thingVariablesAvailable() {
        return thingAttached && thingName != null && thingName.equals(clientId);
    }

    /**
     * The certificate fields, keyed like the policy variables without prefix and index:
     * {@code Subject.CommonName}, {@code Issuer.Organization}, {@code Subject.AlternativeName.DNSName}.
     *
     * @return the values of each field, in certificate order
     */
    public Map<String, List<String>> certificateFields() {
        return certificateFields;
    }

    /** @return the certificate serial number (decimal), if known */
    public Optional<String> certificateSerialNumber() {
        return Optional.ofNullable(certificateSerialNumber);
    }

    /** @return the client's source IP address, if known */
    public Optional<String> sourceIp() {
        return Optional.ofNullable(sourceIp);
    }

    /** @return the domain name the client connected to, if known */
    public Optional<String> domainName() {
        return Optional.ofNullable(domainName);
    }

    /** @return the CONNECT features in use ({@code PersistentConnect}, {@code LastWill}, ...) for {@code iot:ConnectAttributes} */
    public List<String> connectAttributes() {
        return connectAttributes;
    }

    /** @return further condition keys and their values, e.g. {@code iot:LastWillTopic} */
    public Map<String, List<String>> conditionKeys() {
        return conditionKeys;
    }

    /**
     * A builder with this context's values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.clientId = clientId;
        b.thingName = thingName;
        b.thingAttached = thingAttached;
        b.thingTypeName = thingTypeName;
        b.thingAttributes.putAll(thingAttributes);
        certificateFields.forEach((k, v) -> b.certificateFields.put(k, new ArrayList<>(v)));
        b.certificateSerialNumber = certificateSerialNumber;
        b.sourceIp = sourceIp;
        b.domainName = domainName;
        b.connectAttributes.addAll(connectAttributes);
        conditionKeys.forEach((k, v) -> b.conditionKeys.put(k, new ArrayList<>(v)));
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConnectionContext c)) {
            return false;
        }
        return thingAttached == c.thingAttached && Objects.equals(clientId, c.clientId)
                && Objects.equals(thingName, c.thingName) && Objects.equals(thingTypeName, c.thingTypeName)
                && thingAttributes.equals(c.thingAttributes) && certificateFields.equals(c.certificateFields)
                && Objects.equals(certificateSerialNumber, c.certificateSerialNumber)
                && Objects.equals(sourceIp, c.sourceIp) && Objects.equals(domainName, c.domainName)
                && connectAttributes.equals(c.connectAttributes) && conditionKeys.equals(c.conditionKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, thingName, thingAttached, thingTypeName, thingAttributes, certificateFields,
                certificateSerialNumber, sourceIp, domainName, connectAttributes, conditionKeys);
    }

    @Override
    public String toString() {
        return "ConnectionContext{clientId=" + clientId + ", thingName=" + thingName + ", thingAttached="
                + thingAttached + ", thingTypeName=" + thingTypeName + ", certificateFields=" + certificateFields
                + ", sourceIp=" + sourceIp + "}";
    }

    /** Builds a {@link ConnectionContext}. Not thread-safe. */
    public static final class Builder {
        private String clientId;
        private String thingName;
        private boolean thingAttached;
        private String thingTypeName;
        private final Map<String, String> thingAttributes = new LinkedHashMap<>();
        private final Map<String, List<String>> certificateFields = new LinkedHashMap<>();
        private String certificateSerialNumber;
        private String sourceIp;
        private String domainName;
        private final List<String> connectAttributes = new ArrayList<>();
        private final Map<String, List<String>> conditionKeys = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the MQTT client id.
         *
         * @param clientId the client id, or {@code null} if unknown
         * @return this builder
         */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets the name of the thing attached to the certificate; also sets {@code thingAttached} to
         * whether a name is given.
         *
         * @param thingName the thing name, or {@code null} for none
         * @return this builder
         */
        public Builder thingName(@Nullable String thingName) {
            this.thingName = thingName;
            this.thingAttached = thingName != null;
            return this;
        }

        /**
         * Sets whether the thing is attached to the certificate.
         *
         * @param thingAttached whether it is attached
         * @return this builder
         */
        public Builder thingAttached(boolean thingAttached) {
            this.thingAttached = thingAttached;
            return this;
        }

        /**
         * Sets the thing type of the attached thing.
         *
         * @param thingTypeName the type, or {@code null}
         * @return this builder
         */
        public Builder thingTypeName(@Nullable String thingTypeName) {
            this.thingTypeName = thingTypeName;
            return this;
        }

        /**
         * Replaces the registry attributes of the attached thing.
         *
         * @param attributes the attributes
         * @return this builder
         */
        public Builder attributes(Map<String, String> attributes) {
            Objects.requireNonNull(attributes, "attributes");
            thingAttributes.clear();
            thingAttributes.putAll(attributes);
            return this;
        }

        /**
         * Reads subject, issuer, alternative names and serial number from the client certificate.
         *
         * @param certificate the client certificate
         * @return this builder
         * @throws InvalidInputException if the certificate's names cannot be read
         */
        public Builder certificate(X509Certificate certificate) {
            Objects.requireNonNull(certificate, "certificate");
            addNames("Subject", certificate.getSubjectX500Principal());
            addNames("Issuer", certificate.getIssuerX500Principal());
            try {
                addAlternativeNames("Subject", certificate.getSubjectAlternativeNames());
                addAlternativeNames("Issuer", certificate.getIssuerAlternativeNames());
            } catch (CertificateParsingException e) {
                throw new InvalidInputException("certificate", "the alternative names cannot be read",
                        "Use a well-formed X.509 certificate.", e);
            }
            certificateSerialNumber = certificate.getSerialNumber().toString();
            return this;
        }

        /**
         * Adds values of a certificate field, as {@link #certificate(X509Certificate)} does.
         *
         * @param field e.g. {@code Subject.Organization} or {@code Subject.AlternativeName.DNSName}
         * @param values the values in certificate order
         * @return this builder
         */
        public Builder certificateField(String field, String... values) {
            Objects.requireNonNull(field, "field");
            certificateFields.computeIfAbsent(field, k -> new ArrayList<>()).addAll(List.of(values));
            return this;
        }

        /**
         * Sets the client's source IP address.
         *
         * @param sourceIp the IPv4 or IPv6 address
         * @return this builder
         */
        public Builder sourceIp(String sourceIp) {
            this.sourceIp = sourceIp;
            return this;
        }

        /**
         * Sets the domain name the client connected to ({@code iot:DomainName}).
         *
         * @param domainName the domain name
         * @return this builder
         */
        public Builder domainName(String domainName) {
            this.domainName = domainName;
            return this;
        }

        /**
         * Replaces the CONNECT features in use, for {@code iot:ConnectAttributes} conditions.
         *
         * @param attributes e.g. {@code PersistentConnect}, {@code LastWill}
         * @return this builder
         */
        public Builder connectAttributes(Collection<String> attributes) {
            Objects.requireNonNull(attributes, "attributes");
            connectAttributes.clear();
            connectAttributes.addAll(attributes);
            return this;
        }

        /**
         * Sets a further condition key, e.g. {@code iot:LastWillTopic}.
         *
         * @param key the condition key
         * @param values its values
         * @return this builder
         */
        public Builder conditionKey(String key, String... values) {
            Objects.requireNonNull(key, "key");
            conditionKeys.put(key, new ArrayList<>(List.of(values)));
            return this;
        }

        /**
         * Builds the context.
         *
         * @return the context
         */
        public ConnectionContext build() {
            return new ConnectionContext(this);
        }

        private void addNames(String side, X500Principal principal) {
            try {
                LdapName name = new LdapName(principal.getName(X500Principal.RFC2253, OID_NAMES));
                // LdapName lists RDNs in the order of the DER encoding (the reverse of the RFC 2253 text).
                for (Rdn rdn : name.getRdns()) {
                    for (Enumeration<? extends Attribute> e = rdn.toAttributes().getAll(); e.hasMoreElements();) {
                        Attribute a = e.nextElement();
                        String attribute = RDN_TO_ATTRIBUTE.get(a.getID().toUpperCase(Locale.ROOT));
                        if (attribute != null) {
                            for (int i = 0; i < a.size(); i++) {
                                certificateField(side + "." + attribute, String.valueOf(a.get(i)));
                            }
                        }
                    }
                }
            } catch (NamingException e) {
                throw new InvalidInputException("certificate", "the " + side.toLowerCase(Locale.ROOT)
                        + " name cannot be read", "Use a well-formed X.509 certificate.", e);
            }
        }

        private void addAlternativeNames(String side, Collection<List<?>> names) {
            if (names == null) {
                return;
            }
            for (List<?> entry : names) {
                String type = SAN_TYPES.get((Integer) entry.get(0));
                if (type != null && entry.get(1) instanceof String name) {
                    certificateField(side + ".AlternativeName." + type, name);
                }
            }
        }
    }
}

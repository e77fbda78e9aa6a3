package io.github.fleetprov.core.pki;

import io.github.fleetprov.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The distinguished name of a certificate or CSR, limited to the attributes device certificates use:
 * common name (CN), organization (O), organizational unit (OU), country (C), state (ST), locality (L)
 * and serial number.
 *
 * <p>Immutable; build with {@link #builder()} or {@link #ofCommonName(String)}. Attributes are encoded
 * in the order C, ST, L, O, OU, CN, serialNumber, as {@code openssl req} does; {@link #toString()}
 * shows them most specific first ({@code CN=my-device, O=Thin Edge, OU=Test Device}).
 */
public final class Subject {

    private final String commonName;
    private final String organization;
    private final String organizationalUnit;
    private final String country;
    private final String state;
    private final String locality;
    private final String serialNumber;

    private Subject(Builder b) {
        this.commonName = b.commonName;
        this.organization = b.organization;
        this.organizationalUnit = b.organizationalUnit;
        this.country = b.country;
        this.state = b.state;
        this.locality = b.locality;
        this.serialNumber = b.serialNumber;
    }

    /**
     * A builder with no attributes set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A subject with only a common name, e.g. a device id.
     *
     * @param commonName the CN, not blank
     * @return the subject
     */
    public static Subject ofCommonName(String commonName) {
        return builder().commonName(commonName).build();
    }

    /**
     * Reads the supported attributes of an X.500 name. Attributes of other types are ignored; if an
     * attribute occurs more than once, the first occurrence in encoding order is kept.
     *
     * @param principal the name, e.g. {@link java.security.cert.X509Certificate#getSubjectX500Principal()}
     * @return the subject
     * @throws InvalidInputException if the name has none of the supported attributes
     */
    public static Subject of(X500Principal principal) {
        Objects.requireNonNull(principal, "principal");
        return of(X500Name.getInstance(principal.getEncoded()));
    }

    /** Every attribute value of a name as text; refuses values that are not valid in their string type. */
    static void requireTextValues(X500Name name) {
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                text(atv.getValue(), atv.getType());
            }
        }
    }

    private static String text(ASN1Encodable raw, ASN1ObjectIdentifier type) {
        try {
            return raw instanceof ASN1String text ? text.getString() : IETFUtils.valueToString(raw);
        } catch (RuntimeException e) {
            // e.g. a UTF8String whose bytes are not UTF-8
            throw new InvalidInputException("subject", "the value of name attribute " + type.getId()
                    + " is not valid text in its string type", "Use a certificate or CSR with a well-formed subject.", e);
        }
    }

    static Subject of(X500Name name) {
        Builder b = new Builder();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                ASN1ObjectIdentifier type = atv.getType();
                ASN1Encodable raw = atv.getValue();
                String value = text(raw, type);
                if (type.equals(BCStyle.CN) && b.commonName == null) {
                    b.commonName = value;
                } else if (type.equals(BCStyle.O) && b.organization == null) {
                    b.organization = value;
                } else if (type.equals(BCStyle.OU) && b.organizationalUnit == null) {
                    b.organizationalUnit = value;
                } else if (type.equals(BCStyle.C) && b.country == null) {
                    b.country = value;
                } else if (type.equals(BCStyle.ST) && b.state == null) {
                    b.state = value;
                } else if (type.equals(BCStyle.L) && b.locality == null) {
                    b.locality = value;
                } else if (type.equals(BCStyle.SERIALNUMBER) && b.serialNumber == null) {
                    b.serialNumber = value;
                }
            }
        }
        return b.build();
    }

    /**
     * A copy with some values changed.
     *
     * @param edit changes to apply to a builder holding this value's fields
     * @return the changed copy, validated like {@link Builder#build()}
     */
    public Subject copy(Consumer<Builder> edit) {
        Objects.requireNonNull(edit, "edit");
        Builder b = toBuilder();
        edit.accept(b);
        return b.build();
    }

    /**
     * A builder holding this subject's attributes.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.commonName = commonName;
        b.organization = organization;
        b.organizationalUnit = organizationalUnit;
        b.country = country;
        b.state = state;
        b.locality = locality;
        b.serialNumber = serialNumber;
        return b;
    }

    /** @return the common name (CN), if set */
    public Optional<String> commonName() {
        return Optional.ofNullable(commonName);
    }

    /** @return the organization (O), if set */
    public Optional<String> organization() {
        return Optional.ofNullable(organization);
    }

    /** @return the organizational unit (OU), if set */
    public Optional<String> organizationalUnit() {
        return Optional.ofNullable(organizationalUnit);
    }

    /** @return the two-letter country code (C), if set */
    public Optional<String> country() {
        return Optional.ofNullable(country);
    }

    /** @return the state or province (ST), if set */
    public Optional<String> state() {
        return Optional.ofNullable(state);
    }

    /** @return the locality (L), if set */
    public Optional<String> locality() {
        return Optional.ofNullable(locality);
    }

    /** @return the serial number attribute (not the certificate serial), if set */
    public Optional<String> serialNumber() {
        return Optional.ofNullable(serialNumber);
    }

    /**
     * This subject as a JDK X.500 principal.
     *
     * @return the principal
     */
    public X500Principal toX500Principal() {
        try {
            return new X500Principal(toX500Name().getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * This subject as a Bouncy Castle name, in encoding order.
     *
     * @return the name
     */
    X500Name toX500Name() {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        add(b, BCStyle.C, country);
        add(b, BCStyle.ST, state);
        add(b, BCStyle.L, locality);
        add(b, BCStyle.O, organization);
        add(b, BCStyle.OU, organizationalUnit);
        add(b, BCStyle.CN, commonName);
        add(b, BCStyle.SERIALNUMBER, serialNumber);
        return b.build();
    }

    private static void add(X500NameBuilder b, ASN1ObjectIdentifier type, String value) {
        if (value != null) {
            b.addRDN(type, value);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Subject s)) {
            return false;
        }
        return Objects.equals(commonName, s.commonName) && Objects.equals(organization, s.organization)
                && Objects.equals(organizationalUnit, s.organizationalUnit) && Objects.equals(country, s.country)
                && Objects.equals(state, s.state) && Objects.equals(locality, s.locality)
                && Objects.equals(serialNumber, s.serialNumber);
    }

    @Override
    public int hashCode() {
        return Objects.hash(commonName, organization, organizationalUnit, country, state, locality, serialNumber);
    }

    /**
     * The attributes, most specific first: {@code CN=..., O=..., OU=..., L=..., ST=..., C=..., SERIALNUMBER=...}.
     * Commas and other special characters in values are escaped as in RFC 4514.
     *
     * @return the display form
     */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        part(parts, "CN", commonName);
        part(parts, "O", organization);
        part(parts, "OU", organizationalUnit);
        part(parts, "L", locality);
        part(parts, "ST", state);
        part(parts, "C", country);
        part(parts, "SERIALNUMBER", serialNumber);
        return String.join(", ", parts);
    }

    private static void part(List<String> parts, String key, String value) {
        if (value != null) {
            parts.add(key + "=" + IETFUtils.valueToString(new DERUTF8String(value)));
        }
    }

    /** Builds a {@link Subject}. Unset attributes are left out of the name. */
    public static final class Builder {
        private String commonName;
        private String organization;
        private String organizationalUnit;
        private String country;
        private String state;
        private String locality;
        private String serialNumber;

        private Builder() {
        }

        /**
         * @param commonName the common name (CN), up to 64 characters
         * @return this builder
         */
        public Builder commonName(String commonName) {
            this.commonName = commonName;
            return this;
        }

        /**
         * @param organization the organization (O), up to 64 characters
         * @return this builder
         */
        public Builder organization(String organization) {
            this.organization = organization;
            return this;
        }

        /**
         * @param organizationalUnit the organizational unit (OU), up to 64 characters
         * @return this builder
         */
        public Builder organizationalUnit(String organizationalUnit) {
            this.organizationalUnit = organizationalUnit;
            return this;
        }

        /**
         * @param country the ISO 3166 two-letter country code (C), e.g. {@code DE}
         * @return this builder
         */
        public Builder country(String country) {
            this.country = country;
            return this;
        }

        /**
         * @param state the state or province (ST), up to 128 characters
         * @return this builder
         */
        public Builder state(String state) {
            this.state = state;
            return this;
        }

        /**
         * @param locality the locality (L), up to 128 characters
         * @return this builder
         */
        public Builder locality(String locality) {
            this.locality = locality;
            return this;
        }

        /**
         * @param serialNumber the serialNumber attribute (a device serial, printable characters, up to 64)
         * @return this builder
         */
        public Builder serialNumber(String serialNumber) {
            this.serialNumber = serialNumber;
            return this;
        }

        /**
         * Validates the attributes (RFC 5280 upper bounds) and builds the subject.
         *
         * @return the subject
         * @throws InvalidInputException naming the attribute that is blank, too long or malformed
         */
        public Subject build() {
            check("commonName", commonName, 64);
            check("organization", organization, 64);
            check("organizationalUnit", organizationalUnit, 64);
            check("state", state, 128);
            check("locality", locality, 128);
            check("serialNumber", serialNumber, 64);
            if (country != null && !country.matches("[A-Z]{2}")) {
                throw new InvalidInputException("country", "'" + country + "' is not a two-letter country code",
                        "Use an upper-case ISO 3166 code such as US or DE.");
            }
            if (serialNumber != null && !serialNumber.matches("[A-Za-z0-9 '()+,\\-./:=?]*")) {
                throw new InvalidInputException("serialNumber", "'" + serialNumber
                        + "' has characters a PrintableString cannot hold",
                        "Use letters, digits, space and ' ( ) + , - . / : = ?");
            }
            if (commonName == null && organization == null && organizationalUnit == null && country == null
                    && state == null && locality == null && serialNumber == null) {
                throw new InvalidInputException("subject", "no attribute is set",
                        "Set at least the commonName, e.g. the device id.");
            }
            return new Subject(this);
        }

        private static void check(String field, String value, int max) {
            if (value == null) {
                return;
            }
            if (value.isBlank()) {
                throw new InvalidInputException(field, "the value is blank", "Give a value or leave " + field + " unset.");
            }
            if (value.length() > max) {
                throw new InvalidInputException(field, "the value has " + value.length()
                        + " characters, more than the " + max + " X.509 allows", "Shorten it.");
            }
        }
    }
}

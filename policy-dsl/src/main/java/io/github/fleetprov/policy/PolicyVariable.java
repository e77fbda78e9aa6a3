package io.github.fleetprov.policy;

import io.github.fleetprov.core.InvalidInputException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy variable that AWS IoT substitutes when it evaluates a policy, such as
 * {@code ${iot:Connection.Thing.ThingName}}.
 *
 * <p>{@link #toString()} gives the placeholder to concatenate into resource ids and condition values:
 * {@code IotResource.topic("devices/" + PolicyVariable.THING_NAME + "/telemetry")}. {@link #parse(String)}
 * knows the variables AWS IoT documents: {@code iot:ClientId}, the thing variables (which work only
 * when the certificate is attached to a thing whose name is the client id), the X.509 certificate
 * subject, issuer and alternative-name variables with an optional one-based index {@code .N} or
 * {@code .List}, {@code iot:Certificate.SerialNumber}, the special characters {@code ${*}},
 * {@code ${?}} and {@code ${$}}, and the Amazon Cognito identity keys.
 *
 * <p>Immutable; equal when the names are equal.
 */
public final class PolicyVariable {

    /** The families of policy variables; they differ in when AWS IoT can substitute them. */
    public enum Kind {
        /** {@code iot:ClientId}, {@code aws:SourceIp}, {@code iot:DomainName}: always available on MQTT. */
        BASIC,
        /** {@code iot:Connection.Thing.*}: only with an attached thing whose name equals the client id. */
        THING,
        /** {@code iot:Certificate.*}: from the client certificate; not substituted if the value holds wildcards. */
        CERTIFICATE,
        /** {@code ${*}}, {@code ${?}}, {@code ${$}}: the literal character. */
        SPECIAL_CHARACTER,
        /** {@code cognito-identity.amazonaws.com:*}: only for Amazon Cognito identities. */
        COGNITO
    }

    /** {@code ${iot:ClientId}}: the MQTT client id. Substituted even when it is {@code +} or {@code #}. */
    public static final PolicyVariable CLIENT_ID = new PolicyVariable("iot:ClientId", Kind.BASIC);
    /** {@code ${aws:SourceIp}}: the client's IP address. */
    public static final PolicyVariable SOURCE_IP = new PolicyVariable("aws:SourceIp", Kind.BASIC);
    /** {@code ${iot:DomainName}}: the domain name the client connected to. */
    public static final PolicyVariable DOMAIN_NAME = new PolicyVariable("iot:DomainName", Kind.BASIC);
    /** {@code ${iot:Connection.Thing.ThingName}}: the attached thing, whose name must be the client id. */
    public static final PolicyVariable THING_NAME = new PolicyVariable("iot:Connection.Thing.ThingName", Kind.THING);
    /** {@code ${iot:Connection.Thing.ThingTypeName}}. */
    public static final PolicyVariable THING_TYPE_NAME =
            new PolicyVariable("iot:Connection.Thing.ThingTypeName", Kind.THING);
    /** {@code iot:Connection.Thing.IsAttached}: {@code "true"} if the thing named by the client id is attached. */
    public static final PolicyVariable IS_ATTACHED = new PolicyVariable("iot:Connection.Thing.IsAttached", Kind.THING);
    /** {@code ${iot:Certificate.SerialNumber}}: the certificate's serial number. */
    public static final PolicyVariable CERTIFICATE_SERIAL_NUMBER =
            new PolicyVariable("iot:Certificate.SerialNumber", Kind.CERTIFICATE);
    /** {@code ${iot:Certificate.AvailableKeys}}: the certificate variables that have values. */
    public static final PolicyVariable CERTIFICATE_AVAILABLE_KEYS =
            new PolicyVariable("iot:Certificate.AvailableKeys", Kind.CERTIFICATE);

    /** The distinguished-name attributes AWS IoT exposes for certificate subject and issuer. */
    public static final List<String> CERTIFICATE_NAME_ATTRIBUTES = List.of(
            "DistinguishedNameQualifier", "Country", "Organization", "OrganizationalUnit", "State",
            "CommonName", "SerialNumber", "Title", "Surname", "GivenName", "Initials", "Pseudonym",
            "GenerationQualifier");

    /** The alternative-name types AWS IoT exposes for certificate subject and issuer. */
    public static final List<String> ALTERNATIVE_NAME_TYPES = List.of(
            "RFC822Name", "DNSName", "DirectoryName", "UniformResourceIdentifier", "IPAddress");

    private static final Pattern CERT_NAME = Pattern.compile(
            "iot:Certificate\\.(Subject|Issuer)\\.(" + String.join("|", CERTIFICATE_NAME_ATTRIBUTES)
                    + ")(?:\\.(\\d+|List))?");
    private static final Pattern CERT_SAN = Pattern.compile(
            "iot:Certificate\\.(Subject|Issuer)\\.AlternativeName\\.(" + String.join("|", ALTERNATIVE_NAME_TYPES)
                    + ")(?:\\.(\\d+|List))?");
    private static final Pattern THING_ATTRIBUTE = Pattern.compile("iot:Connection\\.Thing\\.Attributes\\[([^\\]]+)\\]");
    private static final Pattern COGNITO = Pattern.compile("cognito-identity\\.amazonaws\\.com:(sub|aud|amr)");

    private final String name;
    private final Kind kind;

    private PolicyVariable(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    /**
     * {@code ${iot:Connection.Thing.Attributes[<name>]}}: a registry attribute of the attached thing.
     *
     * @param attributeName the attribute name
     * @return the variable
     */
    public static PolicyVariable thingAttribute(String attributeName) {
        Objects.requireNonNull(attributeName, "attributeName");
        return parse("iot:Connection.Thing.Attributes[" + attributeName + "]");
    }

    /**
     * {@code ${iot:Certificate.Subject.<attribute>}}: the first value of a subject attribute.
     *
     * @param attribute one of {@link #CERTIFICATE_NAME_ATTRIBUTES}, e.g. {@code CommonName}
     * @return the variable
     */
    public static PolicyVariable certificateSubject(String attribute) {
        Objects.requireNonNull(attribute, "attribute");
        return parse("iot:Certificate.Subject." + attribute);
    }

    /**
     * {@code ${iot:Certificate.Subject.<attribute>.<index>}}: a further value of a multi-valued attribute
     * (one-based: index 1 is the second value).
     *
     * @param attribute one of {@link #CERTIFICATE_NAME_ATTRIBUTES}
     * @param index the one-based index
     * @return the variable
     */
    public static PolicyVariable certificateSubject(String attribute, int index) {
        Objects.requireNonNull(attribute, "attribute");
        return parse("iot:Certificate.Subject." + attribute + "." + index);
    }

    /**
     * {@code ${iot:Certificate.Issuer.<attribute>}}: the first value of an issuer attribute.
     *
     * @param attribute one of {@link #CERTIFICATE_NAME_ATTRIBUTES}
     * @return the variable
     */
    public static PolicyVariable certificateIssuer(String attribute) {
        Objects.requireNonNull(attribute, "attribute");
        return parse("iot:Certificate.Issuer." + attribute);
    }

    /**
     * {@code ${iot:Certificate.Subject.AlternativeName.<type>}}: the first subject alternative name of a type.
     *
     * @param type one of {@link #ALTERNATIVE_NAME_TYPES}, e.g. {@code DNSName}
     * @return the variable
     */
    public static PolicyVariable subjectAlternativeName(String type) {
        Objects.requireNonNull(type, "type");
        return parse("iot:Certificate.Subject.AlternativeName." + type);
    }

    /**
     * Looks a variable up by name, the text between <code>${</code> and <code>}</code>.
     *
     * @param name the variable name, e.g. {@code iot:ClientId}
     * @return the variable
     * @throws InvalidInputException if AWS IoT does not define the variable; {@code credentials-iot:}
     *     variables (IAM policies of the credentials provider) and {@code iot:Thing.ThingName} are
     *     refused with the correct alternative
     */
    public static PolicyVariable parse(String name) {
        Objects.requireNonNull(name, "name");
        Optional<PolicyVariable> known = tryParse(name);
        if (known.isPresent()) {
            return known.get();
        }
        String field = "${" + name + "}";
        if (name.startsWith("credentials-iot:")) {
            throw new InvalidInputException(field,
                    "credentials-iot: variables exist only in IAM policies of roles assumed through the credentials "
                            + "provider, not in AWS IoT policies",
                    "Use ${iot:Connection.Thing.ThingName} in an IoT policy, or move this statement to the IAM role policy.");
        }
        if (name.equals("iot:Thing.ThingName") || name.equals("iot:ThingName")) {
            throw new InvalidInputException(field, "AWS IoT defines no such policy variable",
                    "Write ${iot:Connection.Thing.ThingName}.");
        }
        if (name.startsWith("iot:Certificate.")) {
            throw new InvalidInputException(field, "AWS IoT defines no such certificate variable",
                    "Use iot:Certificate.Subject.<attribute> or iot:Certificate.Issuer.<attribute> with one of "
                            + CERTIFICATE_NAME_ATTRIBUTES + ", optionally followed by .N or .List.");
        }
        throw new InvalidInputException(field, "AWS IoT defines no such policy variable",
                "Use ${iot:ClientId}, ${iot:Connection.Thing.ThingName}, ${iot:Connection.Thing.ThingTypeName}, "
                        + "${iot:Connection.Thing.Attributes[name]} or an iot:Certificate.* variable.");
    }

    /**
     * Looks a variable up by name without throwing.
     *
     * @param name the variable name
     * @return the variable, or empty if AWS IoT does not define it
     */
    public static Optional<PolicyVariable> tryParse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (PolicyVariable v : new PolicyVariable[] {CLIENT_ID, SOURCE_IP, DOMAIN_NAME, THING_NAME,
                THING_TYPE_NAME, IS_ATTACHED, CERTIFICATE_SERIAL_NUMBER, CERTIFICATE_AVAILABLE_KEYS}) {
            if (v.name.equals(name)) {
                return Optional.of(v);
            }
        }
        if (name.equals("*") || name.equals("?") || name.equals("$")) {
            return Optional.of(new PolicyVariable(name, Kind.SPECIAL_CHARACTER));
        }
        if (THING_ATTRIBUTE.matcher(name).matches()) {
            return Optional.of(new PolicyVariable(name, Kind.THING));
        }
        if (CERT_NAME.matcher(name).matches() || CERT_SAN.matcher(name).matches()) {
            return Optional.of(new PolicyVariable(name, Kind.CERTIFICATE));
        }
        if (COGNITO.matcher(name).matches()) {
            return Optional.of(new PolicyVariable(name, Kind.COGNITO));
        }
        return Optional.empty();
    }

    /** @return the variable name, e.g. {@code iot:ClientId} */
    public String name() {
        return name;
    }

    /** @return the family of the variable */
    public Kind kind() {
        return kind;
    }

    /**
     * For a thing attribute variable, the attribute name.
     *
     * @return the attribute name, or empty
     */
    public Optional<String> thingAttributeName() {
        Matcher m = THING_ATTRIBUTE.matcher(name);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * For a certificate subject/issuer variable, the zero-based position of the value it stands for
     * ({@code .N} is position N; no suffix is position 0).
     *
     * @return the position, or empty for {@code .List} and other variables
     */
    public OptionalInt certificateValueIndex() {
        String suffix = certificateGroup(3);
        if (suffix == null) {
            return kind == Kind.CERTIFICATE && certificateGroup(1) != null ? OptionalInt.of(0) : OptionalInt.empty();
        }
        return suffix.equals("List") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(suffix));
    }

    /**
     * Whether this is a {@code .List} certificate variable (all values; for multi-valued conditions).
     *
     * @return {@code true} for {@code .List}
     */
    public boolean isList() {
        return "List".equals(certificateGroup(3));
    }

    /**
     * For a certificate subject/issuer variable, the field it reads, without index: e.g.
     * {@code Subject.Organization} or {@code Subject.AlternativeName.DNSName}.
     *
     * @return the field, or empty
     */
    public Optional<String> certificateField() {
        Matcher m = CERT_NAME.matcher(name);
        if (m.matches()) {
            return Optional.of(m.group(1) + "." + m.group(2));
        }
        m = CERT_SAN.matcher(name);
        if (m.matches()) {
            return Optional.of(m.group(1) + ".AlternativeName." + m.group(2));
        }
        return Optional.empty();
    }

    private String certificateGroup(int group) {
        Matcher m = CERT_NAME.matcher(name);
        if (m.matches()) {
            return m.group(group);
        }
        m = CERT_SAN.matcher(name);
        return m.matches() ? m.group(group) : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyVariable other && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** @return the placeholder as written in a policy, e.g. {@code ${iot:ClientId}} */
    @Override
    public String toString() {
        return "${" + name + "}";
    }
}

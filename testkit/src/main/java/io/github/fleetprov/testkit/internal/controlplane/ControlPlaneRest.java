package io.github.fleetprov.testkit.internal.controlplane;

import io.github.fleetprov.core.json.FleetJson;
import java.util.Map;
import java.util.LinkedHashMap;
import io.github.fleetprov.testkit.internal.http.AwsApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.TemplateType;
import io.github.fleetprov.testkit.registry.RegistryException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Validation, paging and answer helpers shared by the control-plane operation families. */
final class ControlPlaneRest {

    /** How long a claim from CreateProvisioningClaim may be used, as in AWS IoT. */
    public static final Duration CLAIM_LIFETIME = Duration.ofMinutes(5);
    /** The largest IoT policy document, counted without white space. */
    public static final int MAX_POLICY_CHARACTERS = 2048;
    /** The largest template body. */
    public static final int MAX_TEMPLATE_BODY = 10_240;

    static final ObjectMapper JSON = FleetJson.lenientMapper();
    static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    static final Pattern ROLE_ALIAS = Pattern.compile("[\\w=,@-]{1,128}");
    static final Pattern TEMPLATE_NAME = Pattern.compile("[0-9A-Za-z_-]{1,36}");
    static final Pattern CERTIFICATE_ID = Pattern.compile("(0x)?[a-fA-F0-9]{64}");
    static final Pattern VERSION_ID = Pattern.compile("[0-9]+");
    static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-zA-Z0-9_.,@/:#-]{1,128}");
    static final Pattern ATTRIBUTE_VALUE = Pattern.compile("[a-zA-Z0-9_.,@/:#=\\[\\]-]{0,800}");
    static final Pattern WHITE_SPACE = Pattern.compile("\\s");
    /** AWS IoT's own certificates are valid until the end of 2049. */
    static final Instant AWS_ISSUED_NOT_AFTER = ZonedDateTime.of(2049, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC).toInstant();

    private ControlPlaneRest() {
    }

    static String checkRoleArn(String roleArn) {
        if (roleArn.length() < 20 || roleArn.length() > 2048) {
            throw constraint("roleArn", "Member must have length between 20 and 2048");
        }
        if (!roleArn.matches("arn:[a-z-]+:iam::\\d{12}:role/.+")) {
            throw AwsApiException.invalidRequest("roleArn " + roleArn + " is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).");
        }
        return roleArn;
    }

    static Integer credentialDuration(RestRequest req) {
        JsonNode d = req.body().get("credentialDurationSeconds");
        if (d == null || d.isNull()) {
            return null;
        }
        if (!d.canConvertToInt()) {
            throw constraint("credentialDurationSeconds", "Member must be an integer");
        }
        int duration = d.asInt();
        if (duration < 900 || duration > 43_200) {
            throw constraint("credentialDurationSeconds", "Member must have value between 900 and 43200");
        }
        return duration;
    }

    static String resourceName(String arn, String marker, String member) {
        int at = arn.indexOf(marker);
        if (!arn.startsWith("arn:") || at < 0) {
            throw AwsApiException.invalidRequest(member + " " + arn + " is not an AWS IoT ARN with " + marker.substring(1) + "<name>.");
        }
        return arn.substring(at + marker.length());
    }

    static String checkPolicyDocument(String document) {
        int length = WHITE_SPACE.matcher(document).replaceAll("").length();
        if (length > MAX_POLICY_CHARACTERS) {
            throw new AwsApiException(400, "MalformedPolicyException", "The policy document has " + length
                    + " characters without white space; AWS IoT allows at most " + MAX_POLICY_CHARACTERS + ".");
        }
        try {
            IotPolicy.fromJson(document);
        } catch (InvalidInputException e) {
            throw new AwsApiException(400, "MalformedPolicyException", "The policy document is not valid: " + e.getMessage());
        }
        return document;
    }

    static String checkTemplateBody(String body, String type) {
        if (body.length() > MAX_TEMPLATE_BODY) {
            throw constraint("templateBody", "Member must have length less than or equal to " + MAX_TEMPLATE_BODY);
        }
        try {
            ProvisioningTemplate.fromJson(body, TemplateType.valueOf(type));
        } catch (InvalidInputException e) {
            throw AwsApiException.invalidRequest("The template body is not valid: " + e.getMessage());
        }
        return body;
    }

    static String certificateId(RestRequest req) {
        return requireName(req.path("certificateId"), "certificateId", CERTIFICATE_ID);
    }

    static String requirePem(String pem, String member) {
        if (pem.isEmpty() || pem.length() > 65_536) {
            throw constraint(member, "Member must have length between 1 and 65536");
        }
        return pem;
    }

    static X509Certificate readCertificate(String pem, String member) {
        try {
            return Pem.readCertificate(pem);
        } catch (InvalidInputException e) {
            throw new AwsApiException(400, "CertificateValidationException", member + " is not a PEM X.509 certificate.");
        }
    }

    static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String requireName(String value, String member, Pattern pattern) {
        if (value == null) {
            throw constraint(member, "Member must not be null");
        }
        if (!pattern.matcher(value).matches()) {
            throw AwsApiException.invalidRequest("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return value;
    }

    static long parseLong(String value, String member) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw constraint(member, "Member must be a number");
        }
    }

    static AwsApiException constraint(String member, String constraint) {
        return AwsApiException.invalidRequest("1 validation error detected: Value at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }

    static void timestamp(ObjectNode node, String member, Instant instant) {
        node.put(member, instant.toEpochMilli() / 1000.0);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static void add(List<ControlPlaneServer.Route> routes, String method, String template, String operation,
            Function<RestRequest, JsonNode> handler) {
        routes.add(new ControlPlaneServer.Route(method, template, operation, request -> {
            try {
                return handler.apply(request);
            } catch (RegistryException e) {
                throw new AwsApiException(e.httpStatus(), e.errorCode(), e.getMessage());
            } catch (InvalidInputException e) {
                throw AwsApiException.invalidRequest(e.getMessage());
            }
        }));
    }

    /**
     * The {@code attributes} map of an {@code AttributePayload}: names and values as the service
     * model's {@code AttributeName}/{@code AttributeValue} allow, each value a JSON string (null counts
     * as empty, which removes the attribute in a merge).
     *
     * @param payload the attribute payload object (may be missing)
     * @param member the payload's member path, for messages
     * @return the attributes in order
     */
    static Map<String, String> attributes(JsonNode payload, String member) {
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode attrs = payload.path("attributes");
        if (attrs.isMissingNode() || attrs.isNull()) {
            return attributes;
        }
        if (!attrs.isObject()) {
            throw AwsApiException.invalidRequest(member + ".attributes must be a JSON object of string values.");
        }
        attrs.properties().forEach(e -> {
            requireName(e.getKey(), member + ".attributes.key", ATTRIBUTE_NAME);
            JsonNode v = e.getValue();
            if (!v.isNull() && !v.isTextual()) {
                throw AwsApiException.invalidRequest("1 validation error detected: Value at '" + member + ".attributes."
                        + e.getKey() + "' failed to satisfy constraint: Member must be a string. Give the value as a"
                        + " JSON string, e.g. \"" + v.toString().replace("\"", "") + "\".");
            }
            String value = v.isNull() ? "" : v.asText();
            requireName(value, member + ".attributes.value", ATTRIBUTE_VALUE);
            attributes.put(e.getKey(), value);
        });
        return attributes;
    }

    /**
     * Issues a certificate whose notAfter is {@link #AWS_ISSUED_NOT_AFTER}, as AWS IoT's own are. The
     * CA counts validity from the current second; should the second change between the count and the
     * signature, the certificate is issued again.
     *
     * @param issue issues a certificate valid for the given time from now
     * @param certificate the X.509 certificate of what was issued
     * @param <T> what is issued
     * @return what was issued
     */
    static <T> T issueUntilEndOf2049(java.util.function.Function<Duration, T> issue,
            java.util.function.Function<T, java.security.cert.X509Certificate> certificate) {
        T issued = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Duration validity = Duration.between(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    AWS_ISSUED_NOT_AFTER);
            issued = issue.apply(validity);
            if (certificate.apply(issued).getNotAfter().toInstant().equals(AWS_ISSUED_NOT_AFTER)) {
                return issued;
            }
        }
        return issued;
    }
}

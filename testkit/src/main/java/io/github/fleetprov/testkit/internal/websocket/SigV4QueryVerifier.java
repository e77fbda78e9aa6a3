package io.github.fleetprov.testkit.internal.websocket;

import io.github.fleetprov.testkit.internal.iam.IamSession;
import io.github.fleetprov.testkit.internal.iam.IamState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the Signature Version 4 of a WebSocket upgrade signed in its query string, the way AWS IoT
 * Core's {@code /mqtt} endpoint expects it, against the temporary credentials the emulator issued.
 *
 * <p>AWS sources: AWS IoT Core developer guide, "MQTT over the WebSocket protocol" (the query
 * parameters {@code X-Amz-Algorithm}, {@code X-Amz-Credential}, {@code X-Amz-Date},
 * {@code X-Amz-SignedHeaders=host}, {@code X-Amz-Signature}; the service name
 * {@code iotdevicegateway}; the session token appended as {@code X-Amz-Security-Token} after signing);
 * AWS General Reference, "Create a signed AWS API request" and "Authentication methods: query
 * parameters" (canonical request, string to sign, signing key); the AWS IoT Device SDK's websocket
 * signing config (aws-crt {@code AwsSigningConfig} with {@code HTTP_REQUEST_VIA_QUERY_PARAMS} and
 * {@code omitSessionToken}). A request signed with the token among the signed parameters, as a generic
 * SigV4 presigner does, is accepted too; so is an unsigned ({@code UNSIGNED-PAYLOAD}) or empty-body
 * payload hash.
 *
 * <p>Refused, each with the reason AWS gives in its 403 answer: another algorithm, a credential scope
 * for another service or region or date, a date more than 15 minutes away from the emulator's clock
 * and from the machine's (a moved {@code TestClock} cannot move the clock clients sign with), or past
 * {@code X-Amz-Expires}, {@code host} not signed, an access key the emulator did not issue or
 * whose session expired, a missing or wrong session token, and a signature that does not match.
 */
public final class SigV4QueryVerifier {

    /** The SigV4 service name of AWS IoT's MQTT endpoint. */
    public static final String SERVICE = "iotdevicegateway";
    /** The only algorithm AWS IoT accepts. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** How far a request's time may be from the server's, as AWS allows. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String SIGNATURE = "X-Amz-Signature";
    private static final String TOKEN = "X-Amz-Security-Token";

    /** Why an upgrade was refused; the message is safe to send and log (it holds no secret). */
    public static final class SignatureRefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        SignatureRefusedException(String message) {
            super(message, null, false, false);
        }
    }

    private final IamState iam;
    private final String region;
    private final Clock clock;

    /**
     * Creates a verifier.
     *
     * @param iam the emulator's IAM, which knows the sessions it issued
     * @param region the region the credential scope must name
     * @param clock the emulator's clock
     */
    public SigV4QueryVerifier(IamState iam, String region, Clock clock) {
        this.iam = Objects.requireNonNull(iam, "iam");
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies a signed request.
     *
     * @param method the HTTP method ({@code GET})
     * @param rawPath the path as sent, e.g. {@code /mqtt}
     * @param rawQuery the query string as sent (without {@code ?}), or {@code null}
     * @param header the request's header values by lower-case name (the first value of each)
     * @return the session whose credentials signed the request
     * @throws SignatureRefusedException if the signature is missing, malformed, expired or wrong
     */
    public IamSession verify(String method, String rawPath, String rawQuery, Function<String, String> header)
            throws SignatureRefusedException {
        List<String[]> params = parse(rawQuery);
        Map<String, String> first = new LinkedHashMap<>();
        for (String[] p : params) {
            first.putIfAbsent(p[0], p[1]);
        }
        String algorithm = first.get("X-Amz-Algorithm");
        if (algorithm == null || first.get("X-Amz-Credential") == null || first.get("X-Amz-Date") == null
                || first.get("X-Amz-SignedHeaders") == null || first.get(SIGNATURE) == null) {
            throw new SignatureRefusedException("the upgrade request is not signed: the query string needs"
                    + " X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders and X-Amz-Signature"
                    + " (SigV4 for service " + SERVICE + ")");
        }
        if (!ALGORITHM.equals(algorithm)) {
            throw new SignatureRefusedException("X-Amz-Algorithm " + algorithm + " is not supported; use " + ALGORITHM);
        }
        String[] scope = first.get("X-Amz-Credential").split("/", -1);
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            throw new SignatureRefusedException("X-Amz-Credential must be <access key>/<yyyyMMdd>/<region>/"
                    + SERVICE + "/aws4_request");
        }
        String accessKeyId = scope[0];
        String amzDate = first.get("X-Amz-Date");
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new SignatureRefusedException("X-Amz-Date " + amzDate + " is not in the form yyyyMMdd'T'HHmmss'Z'");
        }
        if (!scope[1].equals(amzDate.substring(0, 8))) {
            throw new SignatureRefusedException("the credential scope's date " + scope[1] + " is not the date of"
                    + " X-Amz-Date " + amzDate);
        }
        if (!SERVICE.equals(scope[3])) {
            throw new SignatureRefusedException("the credential scope names service " + scope[3] + "; AWS IoT's"
                    + " MQTT endpoint is signed for service " + SERVICE);
        }
        if (!region.equals(scope[2])) {
            throw new SignatureRefusedException("the credential scope names region " + scope[2] + "; this endpoint"
                    + " is in " + region + ": sign for " + region);
        }
        Instant now = clock.instant();
        // A test that moves the emulator's clock forward (TestClock) to expire what the emulator issued
        // cannot move the clock that aws-crt signs with: a signature current by the machine's own clock
        // is current too, so that a moved emulator clock does not refuse every later real client.
        Instant machine = Instant.now();
        if (!within(signedAt, now) && within(signedAt, machine)) {
            now = machine;
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw new SignatureRefusedException("Signature not yet current: " + amzDate + " is more than 15 minutes"
                    + " after the server's time " + AMZ_DATE.format(now.atOffset(ZoneOffset.UTC)));
        }
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw new SignatureRefusedException("Signature expired: " + amzDate + " is more than 15 minutes before"
                    + " the server's time " + AMZ_DATE.format(now.atOffset(ZoneOffset.UTC)));
        }
        String expires = first.get("X-Amz-Expires");
        if (expires != null) {
            long seconds;
            try {
                seconds = Long.parseLong(expires);
            } catch (NumberFormatException e) {
                throw new SignatureRefusedException("X-Amz-Expires " + expires + " is not a number of seconds");
            }
            if (now.isAfter(signedAt.plusSeconds(seconds))) {
                throw new SignatureRefusedException("Signature expired: signed at " + amzDate + " for " + seconds
                        + " seconds");
            }
        }
        List<String> signedHeaders = List.of(first.get("X-Amz-SignedHeaders").split(";", -1));
        if (!signedHeaders.contains("host")) {
            throw new SignatureRefusedException("X-Amz-SignedHeaders must include host");
        }
        Optional<IamSession> session = iam.findSession(accessKeyId);
        if (session.isEmpty()) {
            throw new SignatureRefusedException("The security token included in the request is invalid: access key "
                    + accessKeyId + " was not issued by this endpoint's credentials provider, or its session expired");
        }
        String token = first.get(TOKEN);
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                session.get().sessionToken().getBytes(StandardCharsets.UTF_8))) {
            throw new SignatureRefusedException("The security token included in the request is invalid: "
                    + (token == null ? "X-Amz-Security-Token is missing (temporary credentials need it)"
                            : "X-Amz-Security-Token is not the session token of access key " + accessKeyId));
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders) {
            String value = header.apply(name);
            if (value == null) {
                throw new SignatureRefusedException("signed header " + name + " is missing from the request");
            }
            canonicalHeaders.append(name).append(':').append(value.trim().replaceAll(" +", " ")).append('\n');
        }
        String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/aws4_request";
        byte[] key = signingKey(session.get().secretAccessKey(), scope[1], scope[2], scope[3]);
        byte[] expected = HexFormat.of().parseHex(hexOrEmpty(first.get(SIGNATURE)));
        for (boolean tokenSigned : new boolean[] {false, true}) {
            String query = canonicalQuery(params, tokenSigned);
            for (String payloadHash : new String[] {EMPTY_SHA256, "UNSIGNED-PAYLOAD"}) {
                String canonicalRequest = method + "\n" + rawPath + "\n" + query + "\n" + canonicalHeaders + "\n"
                        + String.join(";", signedHeaders) + "\n" + payloadHash;
                String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + credentialScope + "\n"
                        + HexFormat.of().formatHex(sha256(canonicalRequest));
                if (MessageDigest.isEqual(hmac(key, stringToSign), expected)) {
                    return session.get();
                }
            }
        }
        throw new SignatureRefusedException("The request signature we calculated does not match the signature you"
                + " provided. Check your AWS Secret Access Key and signing method.");
    }

    private static String hexOrEmpty(String signature) {
        return signature.matches("[0-9a-fA-F]{64}") ? signature : "";
    }

    private static List<String[]> parse(String rawQuery) {
        List<String[]> params = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.add(new String[] {decode(name), decode(value)});
        }
        return params;
    }

    private static String decode(String text) {
        try {
            // '+' is a literal plus in SigV4-encoded query strings, not a space
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String canonicalQuery(List<String[]> params, boolean tokenSigned) {
        List<String[]> encoded = new ArrayList<>();
        for (String[] p : params) {
            if (SIGNATURE.equals(p[0]) || (!tokenSigned && TOKEN.equals(p[0]))) {
                continue;
            }
            encoded.add(new String[] {encode(p[0]), encode(p[1])});
        }
        encoded.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : encoded) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** URI encoding as SigV4 defines it: every byte but A-Z a-z 0-9 - _ . ~ as %XY, upper-case hex. */
    static String encode(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }

    private static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, "aws4_request");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] sha256(String data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static boolean within(Instant signedAt, Instant now) {
        return !signedAt.isAfter(now.plus(MAX_SKEW)) && !signedAt.isBefore(now.minus(MAX_SKEW));
    }
}

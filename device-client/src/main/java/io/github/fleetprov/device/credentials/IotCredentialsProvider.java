package io.github.fleetprov.device.credentials;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.HttpProxy;
import io.github.fleetprov.device.internal.CredentialsFetcher;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * An AWS SDK for Java v2 {@link AwsCredentialsProvider} that gets temporary credentials from the AWS
 * IoT credentials provider with the device's certificate: {@code GET
 * https://<endpoint>/role-aliases/<alias>/credentials} over mutual TLS with the
 * {@code x-amzn-iot-thingname} header.
 *
 * <pre>{@code
 * IotCredentialsProvider credentials = IotCredentialsProvider.builder()
 *         .device(device)
 *         .endpoint("abc123.credentials.iot.eu-west-1.amazonaws.com")
 *         .roleAlias("DeviceRoleAlias")
 *         .build();
 * S3Client s3 = S3Client.builder().credentialsProvider(credentials).build();
 * }</pre>
 *
 * <p>Credentials are cached and fetched again {@link Builder#refreshBefore(Duration) shortly before}
 * they expire; while still valid, a failed refresh keeps the cached credentials. Thread-safe: at most
 * one request is in flight, concurrent callers wait for it. Errors are typed:
 * {@link CredentialsAccessDeniedException} (403), {@link RoleAliasNotFoundException} (404),
 * {@link InvalidCredentialsRequestException} (400), otherwise {@link IotCredentialsException}.
 */
public final class IotCredentialsProvider implements AwsCredentialsProvider, SdkAutoCloseable {

    private static final Pattern ROLE_ALIAS = Pattern.compile("[\\w=,@-]{1,128}");

    private final CredentialsFetcher fetcher;
    private final Duration refreshBefore;
    private final Clock clock;
    private final String roleAlias;
    private final String thingName;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile AwsSessionCredentials cached;

    private IotCredentialsProvider(Builder b) {
        this.fetcher = new CredentialsFetcher(b.endpoint, b.roleAlias, b.thingName, b.certificate, b.privateKey,
                b.caPem, b.caFile, b.proxy, b.requestTimeout);
        this.refreshBefore = b.refreshBefore;
        this.clock = b.clock;
        this.roleAlias = b.roleAlias;
        this.thingName = b.thingName;
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns cached credentials, or fetches new ones if there are none or they expire within the
     * refresh window.
     *
     * @return session credentials with their expiration time
     * @throws IotCredentialsException if no valid credentials could be obtained
     */
    @Override
    public AwsCredentials resolveCredentials() {
        AwsSessionCredentials current = cached;
        Instant now = clock.instant();
        if (current != null && !needsRefresh(current, now)) {
            return current;
        }
        lock.lock();
        try {
            current = cached;
            now = clock.instant();
            if (current != null && !needsRefresh(current, now)) {
                return current;
            }
            try {
                AwsSessionCredentials fresh = fetcher.fetch();
                cached = fresh;
                return fresh;
            } catch (IotCredentialsException e) {
                if (current != null && current.expirationTime().map(now::isBefore).orElse(false)) {
                    return current;
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean needsRefresh(AwsSessionCredentials credentials, Instant now) {
        Instant expiration = credentials.expirationTime().orElse(Instant.MIN);
        return !now.isBefore(expiration.minus(refreshBefore));
    }

    /** Forgets the cached credentials. */
    @Override
    public void close() {
        cached = null;
    }

    @Override
    public String toString() {
        return "IotCredentialsProvider[roleAlias=" + roleAlias + ", thingName=" + thingName + "]";
    }

    /** Builds an {@link IotCredentialsProvider}. */
    public static final class Builder {
        private String endpoint;
        private String roleAlias;
        private String thingName;
        private X509Certificate certificate;
        private PrivateKey privateKey;
        private String caPem;
        private Path caFile;
        private HttpProxy proxy;
        private Duration refreshBefore = Duration.ofMinutes(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The credentials endpoint (required): a host name, or {@code host:port}, as
         * {@code aws iot describe-endpoint --endpoint-type iot:CredentialProvider} prints it.
         *
         * @param endpoint the endpoint
         * @return this builder
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * The role alias (required).
         *
         * @param roleAlias the alias
         * @return this builder
         */
        public Builder roleAlias(String roleAlias) {
            this.roleAlias = Objects.requireNonNull(roleAlias, "roleAlias");
            return this;
        }

        /**
         * The thing name sent in {@code x-amzn-iot-thingname} (set by {@link #device}).
         *
         * @param thingName the thing name
         * @return this builder
         */
        public Builder thingName(String thingName) {
            this.thingName = Objects.requireNonNull(thingName, "thingName");
            return this;
        }

        /**
         * The certificate and key for mutual TLS.
         *
         * @param certificate the device certificate
         * @param privateKey its key
         * @return this builder
         */
        public Builder identity(X509Certificate certificate, PrivateKey privateKey) {
            this.certificate = Objects.requireNonNull(certificate, "certificate");
            this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /**
         * The device identity: certificate, key and thing name.
         *
         * @param device the device
         * @return this builder
         */
        public Builder device(DeviceIdentity device) {
            Objects.requireNonNull(device, "device");
            return identity(device.certificate(), device.privateKey()).thingName(device.thingName());
        }

        /**
         * The CA certificates the endpoint must chain to, PEM (default Amazon Root CA 1 and 3).
         *
         * @param pem PEM certificates
         * @return this builder
         */
        public Builder certificateAuthorityPem(String pem) {
            this.caPem = Objects.requireNonNull(pem, "pem");
            return this;
        }

        /**
         * The CA certificates from a PEM file.
         *
         * @param file the file
         * @return this builder
         */
        public Builder certificateAuthority(Path file) {
            this.caFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * An HTTP proxy.
         *
         * @param proxy the proxy
         * @return this builder
         */
        public Builder httpProxy(HttpProxy proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /**
         * How long before expiry cached credentials are replaced (default 5 minutes).
         *
         * @param refreshBefore zero or positive
         * @return this builder
         */
        public Builder refreshBefore(Duration refreshBefore) {
            this.refreshBefore = Objects.requireNonNull(refreshBefore, "refreshBefore");
            return this;
        }

        /**
         * The time limit of one request (default 10 s).
         *
         * @param requestTimeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * The clock that decides when credentials are stale (default the system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Validates and builds the provider. No request is made until the first
         * {@link #resolveCredentials()}.
         *
         * @return the provider
         * @throws InvalidInputException naming the missing or invalid setting
         */
        public IotCredentialsProvider build() {
            if (endpoint == null || endpoint.isBlank()) {
                throw new InvalidInputException("endpoint", "is required", "Set the credentials endpoint (aws iot"
                        + " describe-endpoint --endpoint-type iot:CredentialProvider).");
            }
            if (endpoint.contains("/")) {
                throw new InvalidInputException("endpoint", "must be a host or host:port, without scheme or path",
                        "Pass for example abc123.credentials.iot.eu-west-1.amazonaws.com.");
            }
            if (roleAlias == null || !ROLE_ALIAS.matcher(roleAlias).matches()) {
                throw new InvalidInputException("roleAlias", roleAlias == null ? "is required"
                        : "'" + roleAlias + "' is not a valid role alias",
                        "Use 1 to 128 characters of letters, digits and =,@-.");
            }
            if (certificate == null || privateKey == null) {
                throw new InvalidInputException("identity", "is required",
                        "Set device(provisionedDevice) or identity(certificate, privateKey).");
            }
            if (thingName == null || thingName.isBlank()) {
                throw new InvalidInputException("thingName", "is required",
                        "Set the thing the certificate is attached to; it is sent as x-amzn-iot-thingname.");
            }
            if (refreshBefore.isNegative()) {
                throw new InvalidInputException("refreshBefore", "must not be negative", "Use for example 5 minutes.");
            }
            if (requestTimeout.isZero() || requestTimeout.isNegative()) {
                throw new InvalidInputException("requestTimeout", "must be positive", "Use for example 10 seconds.");
            }
            return new IotCredentialsProvider(this);
        }
    }
}

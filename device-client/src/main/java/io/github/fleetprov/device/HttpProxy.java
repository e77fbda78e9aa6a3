package io.github.fleetprov.device;

import io.github.fleetprov.core.InvalidInputException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP proxy that MQTT connections (HTTP CONNECT tunnel) and credentials requests go through.
 *
 * <p>Immutable. The password never appears in {@link #toString()}.
 */
public final class HttpProxy {

    private final String host;
    private final int port;
    private final String username;
    private final char[] password;

    private HttpProxy(String host, int port, String username, char[] password) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    /**
     * A proxy without authentication.
     *
     * @param host the proxy's host name or address
     * @param port the proxy's port, 1 to 65535
     * @return the proxy
     * @throws InvalidInputException if the host is blank or the port out of range
     */
    public static HttpProxy of(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new InvalidInputException("httpProxy.host", "is blank", "Give the proxy's host name or address.");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidInputException("httpProxy.port", "must be between 1 and 65535, was " + port,
                    "Give the proxy's TCP port.");
        }
        return new HttpProxy(host, port, null, null);
    }

    /**
     * The same proxy with basic authentication.
     *
     * @param username the user name
     * @param password the password (copied)
     * @return a new proxy value
     */
    public HttpProxy withBasicAuth(String username, char[] password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        return new HttpProxy(host, port, username, password.clone());
    }

    /**
     * The proxy's host.
     *
     * @return the host
     */
    public String host() {
        return host;
    }

    /**
     * The proxy's port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The user name for basic authentication.
     *
     * @return the user name, empty without authentication
     */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /**
     * The password for basic authentication.
     *
     * @return a copy of the password, empty without authentication
     */
    public Optional<char[]> password() {
        return Optional.ofNullable(password).map(char[]::clone);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HttpProxy other)) {
            return false;
        }
        return port == other.port && host.equals(other.host) && Objects.equals(username, other.username)
                && Arrays.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, username) * 31 + Arrays.hashCode(password);
    }

    @Override
    public String toString() {
        return "HttpProxy[" + host + ":" + port + (username == null ? "" : ", user=" + username + ", password=***") + "]";
    }
}

package io.github.fleetprov.testkit.server;

import io.github.fleetprov.testkit.internal.server.ServerRunner;

/**
 * The {@code local-iot-core} command: runs {@link io.github.fleetprov.testkit.LocalIotCore} as a
 * server on fixed ports, for clients in any language. Run {@code local-iot-core --help} for the
 * options and their defaults.
 *
 * <p>On start it prints the endpoints and example commands, and with {@code --env-file FILE} writes
 * the AWS SDKs' service-specific endpoint variables ({@code AWS_ENDPOINT_URL_IOT},
 * {@code AWS_ENDPOINT_URL_IAM}, {@code AWS_ENDPOINT_URL_STS}, see the AWS SDKs and Tools reference
 * guide, "Service-specific endpoints") and the MQTT, CA and credentials-provider settings. It stops
 * cleanly on SIGTERM or SIGINT (exit status 0); bad input prints one line and exits with status 2.
 */
public final class LocalIotCoreServer {

    private LocalIotCoreServer() {
    }

    /**
     * Runs the server until SIGTERM or SIGINT.
     *
     * @param args the command line; see {@code --help}
     */
    public static void main(String[] args) {
        // Before any logger exists: the server's own output is its banner; libraries log warnings only.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int status = new ServerRunner(System.out, System.err).run(args);
        System.exit(status);
    }
}

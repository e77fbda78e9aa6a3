package io.github.fleetprov.testkit.internal.server;

import io.github.fleetprov.testkit.LocalIotCore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of {@code local-iot-core}, parsed. Options take their value as the next argument
 * or after {@code =} ({@code --mqtt-port 1883} or {@code --mqtt-port=1883}).
 */
public final class ServerOptions {

    /** The default MQTT port: AWS IoT Core's MQTT over TLS port, which the Device SDKs assume. */
    public static final int DEFAULT_MQTT_PORT = 8883;
    /**
     * The default control-plane port. 4580–4582 are clear of moto_server (5000) and LocalStack (4566,
     * and its 4510–4559 service range), so the three can run side by side.
     */
    public static final int DEFAULT_CONTROL_PLANE_PORT = 4580;
    /** The default port of the local IAM and STS. */
    public static final int DEFAULT_IAM_PORT = 4581;
    /** The default port of the credentials provider. */
    public static final int DEFAULT_CREDENTIALS_PORT = 4582;
    /** The default port of MQTT over WebSockets with SigV4 (AWS IoT serves it on 443). */
    public static final int DEFAULT_WEBSOCKET_PORT = 4583;
    /** The default bind address. */
    public static final String DEFAULT_BIND = "127.0.0.1";

    /** One option: its name, its value's name (null for a flag), its default as shown, its help. */
    private record Spec(String name, String value, String shownDefault, String help) {
    }

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        add(new Spec("--mqtt-port", "PORT", String.valueOf(DEFAULT_MQTT_PORT), "MQTT over mutual TLS (MQTT 5 and 3.1.1)"));
        add(new Spec("--control-plane-port", "PORT", String.valueOf(DEFAULT_CONTROL_PLANE_PORT),
                "AWS IoT control plane (REST-JSON over HTTP), and GET /_fleetprov/health"));
        add(new Spec("--iam-port", "PORT", String.valueOf(DEFAULT_IAM_PORT), "IAM and STS (query protocol over HTTP)"));
        add(new Spec("--credentials-port", "PORT", String.valueOf(DEFAULT_CREDENTIALS_PORT),
                "AWS IoT credentials provider (HTTPS, client certificate required)"));
        add(new Spec("--websocket-port", "PORT", String.valueOf(DEFAULT_WEBSOCKET_PORT),
                "MQTT over WebSockets (wss, path /mqtt), upgrade signed with SigV4 by issued credentials"));
        add(new Spec("--bind", "ADDRESS", DEFAULT_BIND,
                "address every listener binds; any other address exposes the server to the network"));
        add(new Spec("--region", "REGION", LocalIotCore.DEFAULT_REGION, "region in ARNs and endpoints"));
        add(new Spec("--account", "ID", LocalIotCore.DEFAULT_ACCOUNT_ID, "12-digit account id in ARNs"));
        add(new Spec("--data-dir", "DIR", "in memory",
                "keep the registry, IAM roles and the CA in DIR; they survive a stop and a kill -9"));
        add(new Spec("--env-file", "FILE", "none",
                "write the endpoints as shell variables to FILE, and as JSON to FILE with .json instead of .env"));
        add(new Spec("--ca-cert", "FILE", "a new CA (kept in --data-dir)", "PEM certificate of your own CA"));
        add(new Spec("--ca-key", "FILE", "none", "PEM private key (PKCS#8 or SEC1/PKCS#1) of that CA"));
        add(new Spec("--s3-endpoint", "URL", "none",
                "S3 (e.g. moto_server) that bulk registration reads input files from and writes reports to"));
        add(new Spec("--log-events", null, "off",
                "print one line per event: connections, provisioning steps, policy denials and why"));
        add(new Spec("--help", null, null, "print this help and exit"));
    }

    private static void add(Spec spec) {
        SPECS.put(spec.name(), spec);
    }

    private int mqttPort = DEFAULT_MQTT_PORT;
    private int webSocketPort = DEFAULT_WEBSOCKET_PORT;
    private int controlPlanePort = DEFAULT_CONTROL_PLANE_PORT;
    private int iamPort = DEFAULT_IAM_PORT;
    private int credentialsPort = DEFAULT_CREDENTIALS_PORT;
    private String bind = DEFAULT_BIND;
    private String region = LocalIotCore.DEFAULT_REGION;
    private String account = LocalIotCore.DEFAULT_ACCOUNT_ID;
    private Path dataDir;
    private Path envFile;
    private Path caCert;
    private Path caKey;
    private boolean logEvents;
    private boolean help;
    private java.net.URI s3Endpoint;

    private ServerOptions() {
    }

    /**
     * Parses a command line.
     *
     * @param args the arguments
     * @return the options
     * @throws StartupException naming the bad argument and the fix
     */
    public static ServerOptions parse(String... args) {
        ServerOptions o = new ServerOptions();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if ("-h".equals(name)) {
                name = "--help";
            }
            Spec spec = SPECS.get(name);
            if (spec == null) {
                throw new StartupException("unknown option '" + arg + "': run local-iot-core --help for the options");
            }
            if (spec.value() == null) {
                if (value != null) {
                    throw new StartupException(name + " takes no value: give it as " + name + " alone");
                }
            } else if (value == null) {
                if (i + 1 >= args.length) {
                    throw new StartupException(name + " needs a value: give it as " + name + " " + spec.value());
                }
                value = args[++i];
            }
            o.set(name, value);
        }
        if ((o.caCert == null) != (o.caKey == null)) {
            throw new StartupException(o.caCert == null ? "--ca-key was given without --ca-cert: give both, or neither"
                    : "--ca-cert was given without --ca-key: give both, or neither");
        }
        return o;
    }

    private void set(String name, String value) {
        switch (name) {
            case "--mqtt-port" -> mqttPort = port(name, value);
            case "--control-plane-port" -> controlPlanePort = port(name, value);
            case "--iam-port" -> iamPort = port(name, value);
            case "--credentials-port" -> credentialsPort = port(name, value);
            case "--websocket-port" -> webSocketPort = port(name, value);
            case "--bind" -> bind = nonEmpty(name, value);
            case "--region" -> region = nonEmpty(name, value);
            case "--account" -> account = nonEmpty(name, value);
            case "--data-dir" -> dataDir = Path.of(nonEmpty(name, value));
            case "--env-file" -> envFile = Path.of(nonEmpty(name, value));
            case "--ca-cert" -> caCert = Path.of(nonEmpty(name, value));
            case "--ca-key" -> caKey = Path.of(nonEmpty(name, value));
            case "--s3-endpoint" -> s3Endpoint = url(name, value);
            case "--log-events" -> logEvents = true;
            case "--help" -> help = true;
            default -> throw new IllegalStateException(name);
        }
    }

    private static String nonEmpty(String name, String value) {
        if (value.isBlank()) {
            throw new StartupException(name + " is empty: give a value, or leave the option out for its default");
        }
        return value;
    }

    private static java.net.URI url(String name, String value) {
        try {
            java.net.URI uri = new java.net.URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new StartupException(name + " '" + value + "' is not a URL: give it as http://HOST:PORT, e.g."
                + " http://127.0.0.1:5000 for moto_server");
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StartupException(name + " '" + value + "' is not a port: give 1 to 65535 (or 0 for any free port)");
    }

    /**
     * The help text: usage and every option with its default.
     *
     * @return the text
     */
    public static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: local-iot-core [OPTION]...\n")
                .append("Runs LocalIotCore, an offline AWS IoT Core for fleet provisioning: MQTT broker with mutual TLS,\n")
                .append("the fleet provisioning MQTT API, the AWS IoT control plane, IAM/STS and the credentials provider.\n\n")
                .append("Options:\n");
        for (Spec s : SPECS.values()) {
            String left = "  " + s.name() + (s.value() == null ? "" : " " + s.value());
            sb.append(String.format("%-28s %s", left, s.help()));
            if (s.shownDefault() != null) {
                sb.append(" (default: ").append(s.shownDefault()).append(')');
            }
            sb.append('\n');
        }
        sb.append("\nExit status: 0 after a clean stop (SIGTERM or Ctrl-C), 2 on bad input.\n");
        return sb.toString();
    }

    /** @return the MQTT port */
    public int mqttPort() {
        return mqttPort;
    }

    /** @return the port of MQTT over WebSockets */
    public int webSocketPort() {
        return webSocketPort;
    }

    /** @return the control-plane port */
    public int controlPlanePort() {
        return controlPlanePort;
    }

    /** @return the IAM and STS port */
    public int iamPort() {
        return iamPort;
    }

    /** @return the credentials provider port */
    public int credentialsPort() {
        return credentialsPort;
    }

    /** @return the bind address as given */
    public String bind() {
        return bind;
    }

    /** @return the region */
    public String region() {
        return region;
    }

    /** @return the account id */
    public String account() {
        return account;
    }

    /** @return the data directory, if any */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** @return the env file, if any */
    public Optional<Path> envFile() {
        return Optional.ofNullable(envFile);
    }

    /** @return the CA certificate file, if any (then {@link #caKey()} is present too) */
    public Optional<Path> caCert() {
        return Optional.ofNullable(caCert);
    }

    /** @return the CA key file, if any */
    public Optional<Path> caKey() {
        return Optional.ofNullable(caKey);
    }

    /** @return the S3 endpoint of bulk registration, if any */
    public Optional<java.net.URI> s3Endpoint() {
        return Optional.ofNullable(s3Endpoint);
    }

    /** @return whether to print events */
    public boolean logEvents() {
        return logEvents;
    }

    /** @return whether help was asked for */
    public boolean help() {
        return help;
    }
}

package io.github.fleetprov.testkit.internal.server;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.internal.controlplane.ControlPlaneServer;
import io.github.fleetprov.testkit.internal.persistence.DataDirectoryException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@code local-iot-core}: checks the options, prepares the data directory and the CA, writes the
 * endpoint files, starts {@link LocalIotCore}, prints the banner, and stops cleanly on SIGTERM or
 * SIGINT.
 */
public final class ServerRunner {

    /** Exit status for bad input. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit status when the server could not start for another reason. */
    public static final int EXIT_FAILED = 1;
    /** How long a stop may take before the process exits anyway; every acknowledged change is already durable. */
    static final Duration STOP_BUDGET = Duration.ofMillis(1200);

    private final PrintStream out;
    private final PrintStream err;
    private final Instant processStart;

    /**
     * Creates a runner.
     *
     * @param out where the banner and events go
     * @param err where warnings and errors go
     */
    public ServerRunner(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        this.processStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
    }

    /**
     * Starts the server and returns once it has stopped, or returns the exit status at once on bad input.
     *
     * @param args the command line
     * @return the exit status
     */
    public int run(String... args) {
        Started started;
        try {
            ServerOptions options = ServerOptions.parse(args);
            if (options.help()) {
                out.print(ServerOptions.usage());
                return 0;
            }
            started = start(options);
        } catch (StartupException e) {
            err.println("local-iot-core: " + e.getMessage());
            return EXIT_BAD_INPUT;
        } catch (RuntimeException e) {
            err.println("local-iot-core: did not start: " + e.getMessage());
            return EXIT_FAILED;
        }
        started.awaitStop();
        return 0;
    }

    private Started start(ServerOptions o) {
        // Made first: a builder starts the broker's TLS preparation, which then runs beside reading or
        // making the CA below.
        LocalIotCore.Builder builder = LocalIotCore.builder();
        InetAddress bind = bindAddress(o.bind());
        if (!bind.isLoopbackAddress()) {
            err.println("local-iot-core: warning: --bind " + o.bind() + " exposes this server to the network; it checks no"
                    + " AWS signature, so anyone who reaches it can create certificates and credentials");
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("--mqtt-port", o.mqttPort());
        ports.put("--control-plane-port", o.controlPlanePort());
        ports.put("--iam-port", o.iamPort());
        ports.put("--credentials-port", o.credentialsPort());
        ports.put("--websocket-port", o.webSocketPort());
        resolvePorts(bind, ports);

        FileLock lock = null;
        CertificateAuthority ca;
        Path caFile;
        boolean temporaryCaFile = false;
        if (o.dataDir().isPresent()) {
            lock = ServerFiles.lockDataDir(o.dataDir().get());
        }
        if (o.caCert().isPresent()) {
            ca = ServerFiles.readCa(o.caCert().get(), o.caKey().orElseThrow());
            caFile = o.caCert().get().toAbsolutePath();
        } else if (o.dataDir().isPresent()) {
            ca = ServerFiles.caInDataDir(o.dataDir().get());
            caFile = o.dataDir().get().resolve(ServerFiles.CA_CERT).toAbsolutePath();
        } else {
            ca = CertificateAuthority.create("fleetprov LocalIotCore CA " + UUID.randomUUID().toString().substring(0, 8));
            caFile = temporaryCaFile(ca);
            temporaryCaFile = true;
        }

        builder.mqttPort(ports.get("--mqtt-port"))
                .controlPlanePort(ports.get("--control-plane-port"))
                .iamPort(ports.get("--iam-port"))
                .credentialsPort(ports.get("--credentials-port"))
                .webSocketPort(ports.get("--websocket-port"))
                .bindAddress(bind)
                .certificateAuthority(ca);
        try {
            builder.region(o.region());
        } catch (InvalidInputException e) {
            throw new StartupException("--region " + e.problem() + ": " + e.fix());
        }
        try {
            builder.accountId(o.account());
        } catch (InvalidInputException e) {
            throw new StartupException("--account " + e.problem() + ": " + e.fix());
        }

        o.dataDir().ifPresent(dir -> builder.dataDirectory(dir.resolve(ServerFiles.REGISTRY_DIR)));
        o.s3Endpoint().ifPresent(builder::s3Endpoint);

        String host = bind.isLoopbackAddress() || bind.isAnyLocalAddress() ? "localhost" : bind.getHostAddress();
        String httpHost = "localhost".equals(host) ? "127.0.0.1" : host;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_IOT", "http://" + httpHost + ":" + ports.get("--control-plane-port"));
        env.put("AWS_ENDPOINT_URL_IAM", "http://" + httpHost + ":" + ports.get("--iam-port"));
        env.put("AWS_ENDPOINT_URL_STS", "http://" + httpHost + ":" + ports.get("--iam-port"));
        env.put("AWS_REGION", o.region());
        // AWS CLI v1 reads the region from AWS_DEFAULT_REGION only.
        env.put("AWS_DEFAULT_REGION", o.region());
        env.put("FLEETPROV_MQTT_HOST", host);
        env.put("FLEETPROV_MQTT_PORT", String.valueOf(ports.get("--mqtt-port")));
        env.put("FLEETPROV_MQTT_WEBSOCKET_PORT", String.valueOf(ports.get("--websocket-port")));
        env.put("FLEETPROV_CA_FILE", caFile.toString());
        env.put("FLEETPROV_CREDENTIALS_ENDPOINT", httpHost + ":" + ports.get("--credentials-port"));
        // Written before the servers start, so that the env file exists once the health URL answers.
        o.envFile().ifPresent(f -> ServerFiles.writeEndpointFiles(f, env));

        Instant coreStart = Instant.now();
        LocalIotCore iot;
        try {
            iot = builder.start();
        } catch (RuntimeException e) {
            o.envFile().ifPresent(ServerRunner::deleteEndpointFiles);
            if (temporaryCaFile) {
                deleteQuietly(caFile);
            }
            throw translate(e, bind, ports);
        }
        Instant ready = Instant.now();
        Started started = new Started(iot, lock, temporaryCaFile ? caFile : null);
        Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "local-iot-core-stop"));
        printBanner(o, iot, env, Duration.between(processStart, ready), Duration.between(coreStart, ready));
        if (o.logEvents()) {
            started.printEvents();
        }
        return started;
    }

    private static InetAddress bindAddress(String bind) {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new StartupException("--bind " + bind + " is not an address of this machine: give an IP address such as"
                    + " 127.0.0.1 or 0.0.0.0");
        }
    }

    /** Replaces port 0 by a free port and checks that every port is distinct and free now. */
    private static void resolvePorts(InetAddress bind, Map<String, Integer> ports) {
        Map<Integer, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> p : ports.entrySet()) {
            if (p.getValue() == 0) {
                p.setValue(freePort(bind));
            }
            String other = seen.putIfAbsent(p.getValue(), p.getKey());
            if (other != null) {
                throw new StartupException(p.getKey() + " and " + other + " are both " + p.getValue()
                        + ": give each listener its own port");
            }
        }
        for (Map.Entry<String, Integer> p : ports.entrySet()) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(bind, p.getValue()), 1);
            } catch (IOException e) {
                throw portInUse(p.getKey(), p.getValue(), bind, e);
            }
        }
    }

    private static StartupException portInUse(String option, int port, InetAddress bind, Exception e) {
        if (port < 1024 && e.getMessage() != null && e.getMessage().contains("Permission denied")) {
            return new StartupException(option + " " + port + " needs root privileges on " + bind.getHostAddress()
                    + ": choose a port of 1024 or above with " + option);
        }
        return new StartupException("port " + port + " (" + option + ") on " + bind.getHostAddress()
                + " is in use: stop the process that holds it, or choose another port with " + option);
    }

    private static int freePort(InetAddress bind) {
        try (ServerSocket s = new ServerSocket(0, 1, bind)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new StartupException("cannot open any port on " + bind.getHostAddress() + " (" + e.getMessage()
                    + "): give --bind an address of this machine");
        }
    }

    private static RuntimeException translate(RuntimeException e, InetAddress bind, Map<String, Integer> ports) {
        if (e instanceof DataDirectoryException) {
            return new StartupException(e.getMessage(), e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                String msg = e.getMessage() == null ? "" : e.getMessage();
                for (Map.Entry<String, Integer> p : ports.entrySet()) {
                    if (msg.contains(":" + p.getValue())) {
                        return portInUse(p.getKey(), p.getValue(), bind, (Exception) t);
                    }
                }
                return new StartupException("a port is in use (" + t.getMessage() + "): choose other ports", e);
            }
        }
        return e;
    }

    private static Path temporaryCaFile(CertificateAuthority ca) {
        try {
            Path file = Files.createTempFile("local-iot-core-ca-", ".pem");
            Files.writeString(file, ca.certificatePem(), StandardCharsets.US_ASCII);
            file.toFile().deleteOnExit();
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CA certificate to the temporary directory", e);
        }
    }

    private static void deleteEndpointFiles(Path envFile) {
        deleteQuietly(envFile);
        deleteQuietly(ServerFiles.jsonFileFor(envFile));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing more to do
        }
    }

    private void printBanner(ServerOptions o, LocalIotCore iot, Map<String, String> env, Duration sinceProcess,
            Duration core) {
        String controlPlane = env.get("AWS_ENDPOINT_URL_IOT");
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "LocalIotCore ready in %.2f s (process start to ready; servers %.2f s)%n",
                sinceProcess.toMillis() / 1000.0, core.toMillis() / 1000.0));
        b.append("  region ").append(iot.region()).append(", account ").append(iot.accountId()).append(", data ")
                .append(o.dataDir().map(d -> "in " + d.toAbsolutePath()).orElse("in memory (lost on stop)")).append('\n');
        b.append(String.format("  %-22s %s%n", "MQTT (mutual TLS)", iot.mqttHost() + ":" + iot.mqttPort()));
        b.append(String.format("  %-22s %s%n", "MQTT over WebSockets", "wss://" + iot.mqttHost() + ":"
                + iot.webSocketPort() + "/mqtt (SigV4, service iotdevicegateway)"));
        b.append(String.format("  %-22s %s%n", "IoT control plane", controlPlane));
        b.append(String.format("  %-22s %s%n", "IAM and STS", env.get("AWS_ENDPOINT_URL_IAM")));
        b.append(String.format("  %-22s %s%n", "credentials provider", "https://" + env.get("FLEETPROV_CREDENTIALS_ENDPOINT")
                + " (client certificate required)"));
        b.append(String.format("  %-22s %s%n", "CA certificate", env.get("FLEETPROV_CA_FILE")));
        b.append(String.format("  %-22s %s%n", "health", controlPlane + ControlPlaneServer.HEALTH_PATH));
        o.envFile().ifPresent(f -> b.append(String.format("  %-22s %s (and %s)%n", "env file", f.toAbsolutePath(),
                ServerFiles.jsonFileFor(f.toAbsolutePath()))));
        b.append('\n').append("Try it (any credentials work; signatures are not checked):\n");
        if (o.envFile().isPresent()) {
            b.append("  . ").append(ServerFiles.shellQuote(o.envFile().get().toAbsolutePath().toString())).append('\n');
        } else {
            b.append("  export");
            for (String k : List.of("AWS_ENDPOINT_URL_IOT", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_STS", "AWS_REGION",
                    "AWS_DEFAULT_REGION")) {
                b.append(' ').append(k).append('=').append(ServerFiles.shellQuote(env.get(k)));
            }
            b.append('\n');
        }
        b.append("  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test\n");
        b.append("  aws iot describe-endpoint --endpoint-type iot:Data-ATS\n");
        b.append("  aws iot create-thing --thing-name my-device\n");
        b.append("  aws iot create-keys-and-certificate --set-as-active --certificate-pem-outfile my-device.crt"
                + " --private-key-outfile my-device.key\n");
        b.append("  mosquitto_sub -V mqttv5 -h ").append(iot.mqttHost()).append(" -p ").append(iot.mqttPort())
                .append(" --cafile ").append(ServerFiles.shellQuote(env.get("FLEETPROV_CA_FILE")))
                .append(" --cert my-device.crt --key my-device.key -i my-device -t 'my/topic' -v\n");
        b.append("  curl -s ").append(controlPlane).append(ControlPlaneServer.HEALTH_PATH).append('\n');
        b.append("Stop with Ctrl-C or SIGTERM.\n");
        out.print(b);
        out.flush();
    }

    /** A running server and what its stop must release. */
    private final class Started {
        private final LocalIotCore iot;
        private final FileLock lock;
        private final Path temporaryCaFile;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private volatile boolean stopping;

        Started(LocalIotCore iot, FileLock lock, Path temporaryCaFile) {
            this.iot = iot;
            this.lock = lock;
            this.temporaryCaFile = temporaryCaFile;
        }

        void awaitStop() {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void printEvents() {
            Thread printer = new Thread(() -> {
                long last = iot.events().lastSequence();
                while (!stopping) {
                    List<Event> events = iot.events().since(last);
                    for (Event e : events) {
                        out.println(e.time() + " " + e);
                        last = e.sequence();
                    }
                    out.flush();
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
            }, "local-iot-core-events");
            printer.setDaemon(true);
            printer.start();
        }

        /** Runs in the shutdown hook: stops the servers within the budget, then releases the data directory. */
        void stop() {
            stopping = true;
            Instant begin = Instant.now();
            err.println("local-iot-core: stopping");
            Thread closer = new Thread(iot::close, "local-iot-core-close");
            closer.setDaemon(true);
            closer.start();
            try {
                closer.join(STOP_BUDGET.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String late = closer.isAlive() ? " (the broker was still closing; its connections end with the process)" : "";
            try {
                if (lock != null) {
                    lock.channel().close();
                }
            } catch (IOException e) {
                // the lock goes with the process
            }
            if (temporaryCaFile != null) {
                deleteQuietly(temporaryCaFile);
            }
            err.printf(Locale.ROOT, "local-iot-core: stopped in %.2f s%s%n", Duration.between(begin, Instant.now()).toMillis()
                    / 1000.0, late);
            err.flush();
            stopped.countDown();
            // A stop asked for by SIGTERM or SIGINT is a clean exit.
            Runtime.getRuntime().halt(0);
        }
    }
}

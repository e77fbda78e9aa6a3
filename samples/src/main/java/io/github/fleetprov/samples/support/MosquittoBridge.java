package io.github.fleetprov.samples.support;

import io.github.fleetprov.core.FleetProvisioningException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A real {@code mosquitto} broker on a free loopback port, bridged to AWS IoT the way
 * {@code tedge connect aws} configures it: connection {@code edge_to_aws}, the device's certificate
 * and key, the cloud's root CA, MQTT 3.1.1, no bridge flag ({@code try_private false}, AWS IoT does not
 * accept it), connection state notifications kept local, and thin-edge's AWS topic mappings
 * ({@code aws/messages/#} out to {@code thinedge/devices/<id>/messages/}, {@code aws/messages/devicebound/#}
 * in, and the {@code aws/test-connection} / {@code aws/connection-success} echo the connection check
 * uses). The bridge's state is mosquitto's {@code $SYS/broker/connection/<remote client id>/state}:
 * {@code 1} when connected.
 */
public final class MosquittoBridge implements AutoCloseable {

    /** The bridge connection's name, as thin-edge names it. */
    public static final String CONNECTION = "edge_to_aws";

    private final Process process;
    private final int port;
    private final String deviceId;
    private final Path configFile;

    private MosquittoBridge(Process process, int port, String deviceId, Path configFile) {
        this.process = process;
        this.port = port;
        this.deviceId = deviceId;
        this.configFile = configFile;
    }

    /**
     * The bridge configuration thin-edge writes for AWS, for this device and endpoint.
     *
     * @param deviceId the device id: remote client id and the topics' device part
     * @param address the AWS IoT data endpoint, {@code host:port}
     * @param rootCa the root CA file
     * @param certificate the device certificate file
     * @param key the device key file
     * @return the bridge section of {@code mosquitto.conf}
     */
    public static String bridgeConfig(String deviceId, String address, Path rootCa, Path certificate, Path key) {
        String device = "thinedge/devices/" + deviceId + "/";
        return "connection " + CONNECTION + "\n"
                + "address " + address + "\n"
                + "bridge_cafile " + rootCa + "\n"
                + "bridge_certfile " + certificate + "\n"
                + "bridge_keyfile " + key + "\n"
                + "remote_clientid " + deviceId + "\n"
                + "remote_username " + deviceId + "\n"
                + "local_clientid Aws\n"
                + "bridge_protocol_version mqttv311\n"
                + "bridge_insecure false\n"
                + "try_private false\n"
                + "cleansession true\n"
                + "start_type automatic\n"
                + "restart_timeout 1 5\n"
                + "notifications true\n"
                + "notifications_local_only true\n"
                + "topic messages/# out 1 aws/ " + device + "\n"
                + "topic messages/devicebound/# in 1 aws/ " + device + "\n"
                + "topic \"\" out 1 aws/test-connection " + device + "test-connection\n"
                + "topic \"\" in 1 aws/connection-success " + device + "test-connection\n";
    }

    /**
     * Writes {@code mosquitto.conf} (a loopback listener on a free port and the bridge) and starts
     * {@code mosquitto} with it; returns once the local listener accepts connections.
     *
     * @param executable the mosquitto executable
     * @param dir where the configuration and the log go
     * @param deviceId the device id
     * @param bridge the bridge section, {@link #bridgeConfig}
     * @return the running broker
     * @throws FleetProvisioningException if mosquitto does not start within 20 seconds (its log is in the message)
     */
    public static MosquittoBridge start(Path executable, Path dir, String deviceId, String bridge) {
        Objects.requireNonNull(executable, "executable");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
        Path config = dir.resolve("mosquitto.conf");
        Path log = dir.resolve("mosquitto.log");
        // mosquitto started as root switches to the user "mosquitto", which could not read the device's
        // key (mode 0600, ours): it stays the user that owns the key, as tedge gives the key to mosquitto.
        String text = "user " + System.getProperty("user.name") + "\n"
                + "per_listener_settings false\n"
                + "persistence false\n"
                + "log_dest file " + log + "\n"
                + "log_type error\nlog_type warning\nlog_type notice\n"
                + "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous true\n\n" + bridge;
        Process process;
        try {
            Files.createDirectories(dir);
            Files.writeString(config, text, StandardCharsets.UTF_8);
            process = new ProcessBuilder(executable.toString(), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        } catch (IOException e) {
            throw new FleetProvisioningException("cannot start " + executable, e);
        }
        MosquittoBridge broker = new MosquittoBridge(process, port, deviceId, config);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                break;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return broker;
            } catch (IOException e) {
                sleep(200);
            }
        }
        broker.close();
        throw new FleetProvisioningException("mosquitto did not start: " + readQuietly(dir.resolve("mosquitto.out"))
                + readQuietly(log));
    }

    /**
     * The local listener's port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The configuration file mosquitto runs with.
     *
     * @return its path
     */
    public Path configFile() {
        return configFile;
    }

    /**
     * The topic mosquitto publishes the bridge's state on.
     *
     * @return {@code $SYS/broker/connection/<remote client id>/state}
     */
    public String stateTopic() {
        return "$SYS/broker/connection/" + deviceId + "/state";
    }

    /**
     * Waits until the bridge reports itself connected ({@code 1} on {@link #stateTopic()}), reading
     * the retained state with {@code mosquitto_sub}.
     *
     * @param mosquittoSub the {@code mosquitto_sub} executable
     * @param timeout how long to wait
     * @return the last state read: {@code 1} connected, {@code 0} not, empty if none was published
     */
    public Optional<String> awaitConnected(Path mosquittoSub, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Optional<String> state = Optional.empty();
        while (Instant.now().isBefore(deadline)) {
            state = subscribeOnce(mosquittoSub, stateTopic(), null, Duration.ofSeconds(2));
            if (state.filter("1"::equals).isPresent()) {
                return state;
            }
            sleep(300);
        }
        return state;
    }

    /**
     * Subscribes to one local topic, optionally publishes one message while subscribed, and returns
     * the first message received, as {@code tedge connect}'s connection check does.
     *
     * @param mosquittoSub the {@code mosquitto_sub} executable ({@code mosquitto_pub} is beside it)
     * @param topic the topic to wait on
     * @param publish the topic and payload to publish once subscribed ({@code null} for none)
     * @param timeout how long to wait
     * @return the payload received, empty if none came in time
     */
    public Optional<String> subscribeOnce(Path mosquittoSub, String topic, String[] publish, Duration timeout) {
        List<String> sub = new ArrayList<>(List.of(mosquittoSub.toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-t", topic, "-C", "1", "-W", Long.toString(Math.max(1, timeout.toSeconds())),
                "-q", "1", "-i", "fleetprov-check-" + ProcessHandle.current().pid()));
        try {
            Process process = new ProcessBuilder(sub).redirectErrorStream(true).start();
            if (publish != null) {
                sleep(500); // let the subscription reach the broker
                publish(mosquittoSub.resolveSibling("mosquitto_pub"), publish[0], publish[1]);
            }
            byte[] out = process.getInputStream().readAllBytes();
            process.waitFor();
            String text = new String(out, StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? Optional.of(text) : Optional.empty();
        } catch (IOException e) {
            throw new FleetProvisioningException("cannot run " + mosquittoSub, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetProvisioningException("interrupted while waiting on " + topic, e);
        }
    }

    /**
     * Publishes one message to the local broker with {@code mosquitto_pub} (QoS 1), as
     * {@code tedge mqtt pub} does.
     *
     * @param mosquittoPub the {@code mosquitto_pub} executable
     * @param topic the topic
     * @param payload the payload; empty for a zero-length message
     */
    public void publish(Path mosquittoPub, String topic, String payload) {
        List<String> command = new ArrayList<>(List.of(mosquittoPub.toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-q", "1", "-t", topic));
        if (payload.isEmpty()) {
            command.add("-n");
        } else {
            command.addAll(List.of("-m", payload));
        }
        Tools.run(command);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetProvisioningException("interrupted", e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}

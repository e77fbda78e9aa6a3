package io.github.fleetprov.testkit.internal.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.testkit.internal.credentials.CredentialsProviderServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * An embedded HiveMQ CE broker with one mutual-TLS listener on a loopback port, in-memory
 * persistence, configured through a generated {@code config.xml} in a temporary directory (removed
 * on {@link #close()}).
 *
 * <p>While it runs, the JVM's {@code ssl.TrustManagerFactory.algorithm} security property names
 * {@link RegistryTrust}'s algorithm, so that the listener also accepts client certificates registered
 * without a CA; every other key store still gets the trust managers of the JVM's previous default
 * algorithm. The property is restored when the broker stops.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** HiveMQ's extension services are static, so two brokers in one JVM would answer through each other. */
    private static final AtomicBoolean RUNNING = new AtomicBoolean();

    private final EmbeddedHiveMQ hivemq;
    private final Path home;
    private final int port;
    private final RegistryTrust.Registration trust;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, Path home, int port, RegistryTrust.Registration trust) {
        this.hivemq = hivemq;
        this.home = home;
        this.port = port;
        this.trust = trust;
    }

    /**
     * Starts a broker.
     *
     * @param ca the CA that issues the server certificate and that client certificates must chain to
     * @param requestedPort the port, or 0 for a free one
     * @param extension the extension to run inside the broker
     * @return the running broker
     */
    public static EmbeddedBroker start(CertificateAuthority ca, int requestedPort, IotBrokerExtension extension) {
        return start(ca, new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), List.of(), extension);
    }

    /**
     * Starts a broker on an address.
     *
     * @param ca the CA that issues the server certificate and that client certificates must chain to
     * @param address the address and port to listen on (port 0 for a free one)
     * @param extraNames host names or addresses the server certificate names besides {@code localhost}
     *     and {@code 127.0.0.1}
     * @param extension the extension to run inside the broker
     * @return the running broker
     */
    public static EmbeddedBroker start(CertificateAuthority ca, InetSocketAddress address, List<String> extraNames,
            IotBrokerExtension extension) {
        int requestedPort = address.getPort();
        if (!RUNNING.compareAndSet(false, true)) {
            throw new IllegalStateException("Another LocalIotCore is running in this JVM, and HiveMQ's extension"
                    + " services are JVM-wide: use LocalIotCore.shared(), or close the other instance first.");
        }
        Path home = null;
        boolean started = false;
        RegistryTrust.Registration trust = RegistryTrust.register(extension.registry());
        try {
            if (requestedPort != 0) {
                requireFree(address);
            }
            home = Files.createTempDirectory("local-iot-broker");
            Path conf = Files.createDirectories(home.resolve("conf"));
            Path data = Files.createDirectories(home.resolve("data"));
            Path extensions = Files.createDirectories(home.resolve("extensions"));
            Files.createDirectories(home.resolve("log"));
            BrokerTls tls = BrokerTls.write(ca, trust.markerAlias(), conf, CredentialsProviderServer.serverNames(extraNames));
            int port = requestedPort == 0 ? freePort() : requestedPort;
            Files.writeString(conf.resolve("config.xml"), tls.configXml(address.getAddress().getHostAddress(), port),
                    StandardCharsets.UTF_8);
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(data)
                    .withExtensionsFolder(extensions)
                    .withEmbeddedExtension(EmbeddedExtension.builder()
                            .withId("fleetprov-local-iot-core")
                            .withName("fleetprov LocalIotCore")
                            .withVersion("1")
                            .withAuthor("fleetprov")
                            .withPriority(1000)
                            .withStartPriority(1000)
                            .withExtensionMain(extension)
                            .build())
                    .withoutLoggingBootstrap()
                    .build();
            hivemq.start().get(60, TimeUnit.SECONDS);
            started = true;
            return new EmbeddedBroker(hivemq, home, port, trust);
        } catch (IOException e) {
            deleteQuietly(home);
            throw new UncheckedIOException("cannot prepare the broker's files", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(home);
            throw new IllegalStateException("interrupted while the broker started", e);
        } catch (ExecutionException | TimeoutException e) {
            deleteQuietly(home);
            throw new IllegalStateException("the embedded HiveMQ broker did not start: " + e.getMessage(), e);
        } finally {
            if (!started) {
                trust.close();
                RUNNING.set(false);
            }
        }
    }

    /** HiveMQ reports a taken port only in its log, so the port is tried first. */
    private static void requireFree(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address, 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + address, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** @return the port of the mutual-TLS listener */
    public int port() {
        return port;
    }

    /** Stops the broker and deletes its temporary directory. */
    @Override
    public void close() {
        try {
            hivemq.stop().get(60, TimeUnit.SECONDS);
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the embedded HiveMQ broker did not stop cleanly: " + e.getMessage(), e);
        } finally {
            trust.close();
            deleteQuietly(home);
            RUNNING.set(false);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the directory is under the temporary directory
        }
    }
}

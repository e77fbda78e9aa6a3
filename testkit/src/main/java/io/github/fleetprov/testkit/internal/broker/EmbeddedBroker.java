package io.github.fleetprov.testkit.internal.broker;

import com.hivemq.bootstrap.netty.NettyConfiguration;
import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.testkit.internal.credentials.CredentialsProviderServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * An embedded HiveMQ CE broker with one mutual-TLS listener on a loopback port (and a plain listener on
 * 127.0.0.1 for the WebSocket listener's relay, see {@link #relayPort()}), in-memory
 * persistence, configured through a generated {@code config.xml} in a temporary directory (removed
 * on {@link #close()}).
 *
 * <p>While it runs, the JVM's {@code ssl.TrustManagerFactory.algorithm} security property names
 * {@link RegistryTrust}'s algorithm, so that the listener also accepts client certificates registered
 * without a CA; every other key store still gets the trust managers of the JVM's previous default
 * algorithm. The property is restored when the broker stops.
 *
 * <p>Stopping takes milliseconds instead of HiveMQ's four seconds. HiveMQ CE 2025.5 spends them in
 * two fixed waits: the persistence shutdown grace period ({@code InternalConfigurations
 * .PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC}, 2000 ms, during which the in-memory producer queues keep
 * taking tasks before they close), and the Netty shutdown hook's {@code shutdownGracefully(2, 60,
 * SECONDS)}, whose two-second quiet period each event loop waits out after its last task. The broker
 * sets the grace period to 0 (its persistence is in memory and is dropped on stop) and, once the hook
 * has disconnected the clients and put the event loops into shutdown, ends the loops without the
 * quiet period. HiveMQ's JMX metrics reporter, which nothing here reads, is turned off. Those
 * settings are HiveMQ's own JVM-wide statics; only one broker runs in a JVM at a time anyway.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** HiveMQ's extension services are static, so two brokers in one JVM would answer through each other. */
    private static final AtomicBoolean RUNNING = new AtomicBoolean();
    /** Netty's JDK server TLS context, which HiveMQ's TLS listener set-up initializes. */
    private static final String NETTY_JDK_SERVER_CONTEXT = "io.netty.handler.ssl.JdkSslServerContext";
    private static final AtomicBoolean PREPARED = new AtomicBoolean();

    private final EmbeddedHiveMQ hivemq;
    private final Path home;
    private final int port;
    private final int relayPort;
    private final RegistryTrust.Registration trust;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, Path home, int port, int relayPort,
            RegistryTrust.Registration trust) {
        this.hivemq = hivemq;
        this.home = home;
        this.port = port;
        this.relayPort = relayPort;
        this.trust = trust;
    }

    /**
     * Starts, once per JVM and on a daemon thread, the class initialization that HiveMQ's TLS listener
     * set-up would otherwise run on HiveMQ's start thread. Netty's {@code JdkSslServerContext} checks in
     * its static initializer whether trust managers can be wrapped, by building a whole server TLS context
     * from a built-in key: PEM parsing, a PKCS#12 key store with its key derivation, a key manager and an
     * {@code SSLContext}. In a fresh JVM that takes about a second. Started before the emulator's CA
     * generates its keys, it runs beside that work; HiveMQ's thread, when it gets there, finds the class
     * initialized or waits on the JVM's class initialization lock for the same work, never repeating it.
     * Without Netty on the class path, or if the initialization fails here, HiveMQ does it itself.
     */
    public static void prepareInBackground() {
        if (!PREPARED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                Class.forName(NETTY_JDK_SERVER_CONTEXT, true, EmbeddedBroker.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // HiveMQ's start reaches the same class and reports any real problem there.
            }
        }, "local-iot-tls-prepare");
        thread.setDaemon(true);
        thread.start();
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
        return begin(ca, address, extraNames, extension).await();
    }

    /**
     * Prepares a broker (files, TLS material, port) and starts HiveMQ on HiveMQ's own thread without
     * waiting for it, so that the caller can start other things meanwhile. Exactly one of
     * {@link Starting#await()} or {@link Starting#close()} must follow.
     *
     * @param ca the CA that issues the server certificate and that client certificates must chain to
     * @param address the address and port to listen on (port 0 for a free one)
     * @param extraNames host names or addresses the server certificate names besides {@code localhost}
     *     and {@code 127.0.0.1}
     * @param extension the extension to run inside the broker
     * @return the starting broker
     */
    public static Starting begin(CertificateAuthority ca, InetSocketAddress address, List<String> extraNames,
            IotBrokerExtension extension) {
        int requestedPort = address.getPort();
        if (!RUNNING.compareAndSet(false, true)) {
            throw new IllegalStateException("Another LocalIotCore is running in this JVM, and HiveMQ's extension"
                    + " services are JVM-wide: use LocalIotCore.shared(), or close the other instance first.");
        }
        Path home = null;
        boolean begun = false;
        RegistryTrust.Registration trust = RegistryTrust.register(extension.registry(), extension.justInTime());
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
            int relayPort = freePort();
            Files.writeString(conf.resolve("config.xml"), tls.configXml(address.getAddress().getHostAddress(), port,
                    relayPort), StandardCharsets.UTF_8);
            InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(0);
            InternalConfigurations.JMX_REPORTER_ENABLED.set(false);
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
            Starting starting = new Starting(hivemq, hivemq.start(), home, port, relayPort, trust);
            begun = true;
            return starting;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker's files", e);
        } finally {
            if (!begun) {
                deleteQuietly(home);
                trust.close();
                RUNNING.set(false);
            }
        }
    }

    /**
     * A broker whose HiveMQ is starting. {@link #await()} returns it once it runs; {@link #close()}
     * stops it (after its start has ended) when the caller gives up on it.
     */
    public static final class Starting implements AutoCloseable {

        private final EmbeddedHiveMQ hivemq;
        private final CompletableFuture<Void> started;
        private final Path home;
        private final int port;
        private final int relayPort;
        private final RegistryTrust.Registration trust;
        private EmbeddedBroker broker;
        private boolean ended;

        private Starting(EmbeddedHiveMQ hivemq, CompletableFuture<Void> started, Path home, int port,
                int relayPort, RegistryTrust.Registration trust) {
            this.hivemq = hivemq;
            this.started = started;
            this.home = home;
            this.port = port;
            this.relayPort = relayPort;
            this.trust = trust;
        }

        /** @return the port the mutual-TLS listener will listen on */
        public int port() {
            return port;
        }

        /** @return the port the WebSocket relay's plain listener on 127.0.0.1 will listen on */
        public int relayPort() {
            return relayPort;
        }

        /**
         * Waits until HiveMQ runs.
         *
         * @return the running broker
         * @throws IllegalStateException if HiveMQ did not start (its files and the JVM-wide settings are
         *     then cleaned up)
         */
        public synchronized EmbeddedBroker await() {
            if (broker != null) {
                return broker;
            }
            if (ended) {
                throw new IllegalStateException("the embedded HiveMQ broker did not start");
            }
            try {
                started.get(60, TimeUnit.SECONDS);
                broker = new EmbeddedBroker(hivemq, home, port, relayPort, trust);
                return broker;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail();
                throw new IllegalStateException("interrupted while the broker started", e);
            } catch (ExecutionException | TimeoutException e) {
                fail();
                throw new IllegalStateException("the embedded HiveMQ broker did not start: " + e.getMessage(), e);
            }
        }

        private void fail() {
            ended = true;
            deleteQuietly(home);
            trust.close();
            RUNNING.set(false);
        }

        /** Stops the broker once its start has ended, or cleans up if it did not start. */
        @Override
        public synchronized void close() {
            if (broker == null && !ended) {
                try {
                    await();
                } catch (IllegalStateException e) {
                    return;
                }
            }
            if (broker != null) {
                ended = true;
                EmbeddedBroker running = broker;
                broker = null;
                running.close();
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

    /**
     * The port of the plain MQTT listener on 127.0.0.1 that only the WebSocket listener's relay uses;
     * it accepts a CONNECT only with an identity announced through
     * {@link IotBrokerExtension#relayedIdentities()}.
     *
     * @return the relay port
     */
    public int relayPort() {
        return relayPort;
    }

    /** @return the port of the mutual-TLS listener */
    public int port() {
        return port;
    }

    /** Stops the broker and deletes its temporary directory. */
    @Override
    public void close() {
        try {
            List<EventLoop> loops = eventLoops(hivemq);
            CompletableFuture<Void> stopped = hivemq.stop();
            skipQuietPeriod(stopped, loops);
            stopped.get(60, TimeUnit.SECONDS);
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

    /**
     * The event loops of the broker's Netty event loop groups, from its injector (EmbeddedHiveMQImpl's
     * package-private {@code getInjector()}), with their quiet-period field; empty when this HiveMQ or
     * Netty version has them elsewhere, and then the stop just waits HiveMQ's quiet period out.
     */
    private static List<EventLoop> eventLoops(EmbeddedHiveMQ hivemq) {
        try {
            Method getInjector = hivemq.getClass().getDeclaredMethod("getInjector");
            getInjector.setAccessible(true);
            Object injector = getInjector.invoke(hivemq);
            Method getInstance = Class.forName("com.google.inject.Injector").getMethod("getInstance", Class.class);
            Object netty = getInstance.invoke(injector, NettyConfiguration.class);
            Class<?> executor = Class.forName("io.netty.util.concurrent.SingleThreadEventExecutor");
            Method isShuttingDown = executor.getMethod("isShuttingDown");
            Field quietPeriod = executor.getDeclaredField("gracefulShutdownQuietPeriod");
            quietPeriod.setAccessible(true);
            List<EventLoop> loops = new ArrayList<>();
            for (String getter : List.of("getChildEventLoopGroup", "getParentEventLoopGroup")) {
                Object group = NettyConfiguration.class.getMethod(getter).invoke(netty);
                for (Object loop : (Iterable<?>) group) {
                    if (executor.isInstance(loop)) {
                        loops.add(new EventLoop(loop, isShuttingDown, quietPeriod));
                    }
                }
            }
            return loops;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    /** One Netty event loop of the broker, with what the stop needs to end its quiet period. */
    private record EventLoop(Object executor, Method isShuttingDown, Field quietPeriod) {
        /** Ends the quiet period once the loop is shutting down; @return whether it is ended */
        boolean endQuietPeriod() {
            try {
                if (!(Boolean) isShuttingDown.invoke(executor)) {
                    return false;
                }
                if (quietPeriod.getLong(executor) != 0) {
                    quietPeriod.setLong(executor, 0);
                }
                return true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return true;
            }
        }
    }

    /**
     * While HiveMQ stops, sets the quiet period of every event loop that its Netty shutdown hook has
     * put into graceful shutdown (the clients are disconnected and the listener closed by then) to
     * zero, so that the loop ends after its remaining tasks instead of two idle seconds later. The
     * field is written again on every pass, because {@code shutdownGracefully} stores it just after it
     * switches the loop's state.
     */
    private static void skipQuietPeriod(CompletableFuture<Void> stopped, List<EventLoop> loops) {
        if (loops.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!stopped.isDone() && System.nanoTime() < deadline) {
            loops.forEach(EventLoop::endQuietPeriod);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
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

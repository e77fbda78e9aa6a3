package io.github.fleetprov.samples.support;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@code moto_server} process (the Python AWS emulator) on a free loopback port, for the S3 half of
 * a sample: {@code LocalIotCore} emulates AWS IoT, not S3.
 */
public final class MotoServer implements AutoCloseable {

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * The {@code moto_server} executable on the {@code PATH}.
     *
     * @return its path, empty if it is not installed
     */
    public static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts {@code moto_server} if it is installed, and waits until it accepts connections.
     *
     * @return the running server, empty if {@code moto_server} is not installed
     * @throws IOException if it is installed but does not start within 30 seconds
     */
    public static Optional<MotoServer> startIfInstalled() throws IOException {
        Optional<Path> executable = executable();
        if (executable.isEmpty()) {
            return Optional.empty();
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(executable.get().toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("moto_server exited with status " + process.exitValue() + " on start");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return Optional.of(new MotoServer(process, URI.create("http://127.0.0.1:" + port)));
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroy();
                    throw new IOException("interrupted while moto_server was starting", e);
                }
            }
        }
        process.destroyForcibly();
        throw new IOException("moto_server did not accept connections on port " + port + " within 30 s");
    }

    /**
     * The endpoint, for an AWS SDK client's {@code endpointOverride}.
     *
     * @return the endpoint URI
     */
    public URI endpoint() {
        return endpoint;
    }

    /** Stops the process. */
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
}

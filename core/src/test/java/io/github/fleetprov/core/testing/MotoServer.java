package io.github.fleetprov.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * moto_server (Python) as a subprocess on a free loopback port. Where it is not installed, tests
 * using it are skipped, unless the environment variable {@code CI} is {@code true}: there its
 * absence fails the run. Shared with the tests of testkit and cloud-admin through core's test jar.
 *
 * <pre>{@code
 * try (MotoServer moto = MotoServer.start()) {
 *     S3Client s3 = S3Client.builder().endpointOverride(moto.endpoint())...
 * }
 * }</pre>
 */
public final class MotoServer implements AutoCloseable {

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts moto_server on a free loopback port and waits until it listens.
     *
     * @return the running server; close it to stop the process
     */
    public static MotoServer start() {
        Optional<Path> exe = findOnPath("moto_server");
        if (exe.isEmpty()) {
            String message = "moto_server is not on the PATH; install it with `pip install 'moto[server]'`";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + " (CI=true: moto integration tests must run in CI)");
            }
            Assumptions.abort(message + "; skipping the moto integration tests");
        }
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(exe.get().toString(), "-p", String.valueOf(port), "-H", "127.0.0.1")
                .redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "moto-" + port + ".log"));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + exe.get() + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + p.exitValue()
                        + "; see moto-" + port + ".log in " + System.getProperty("java.io.tmpdir"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new MotoServer(p, URI.create("http://127.0.0.1:" + port));
            } catch (IOException notYet) {
                sleep();
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("moto_server did not listen on 127.0.0.1:" + port + " within 30 s");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** @return the endpoint, e.g. {@code http://127.0.0.1:41234}, for every AWS SDK client's endpointOverride */
    public URI endpoint() {
        return endpoint;
    }

    /** Stops the process. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.github.fleetprov.benchmarks.controlplane;

import io.github.fleetprov.testkit.LocalIotCore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;

/**
 * Round trips of the AWS SDK v2 {@code IotClient} against LocalIotCore's control plane and against
 * the peer, moto_server (the Python AWS emulator), on loopback: a read (DescribeThing) and a write
 * pair (CreateThing + DeleteThing). Average time per operation, one client thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ControlPlaneBenchmark {

    /** Which server answers: {@code localiotcore} or {@code moto}. */
    @Param({"localiotcore", "moto"})
    public String server;

    private LocalIotCore core;
    private Process moto;
    private IotClient iot;
    private final AtomicLong names = new AtomicLong();

    /** Starts the server and creates the thing that DescribeThing reads. */
    @Setup(Level.Trial)
    public void start() throws Exception {
        URI endpoint;
        if (server.equals("moto")) {
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            moto = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            waitForPort(port);
            endpoint = URI.create("http://127.0.0.1:" + port);
        } else {
            core = LocalIotCore.builder().start();
            endpoint = core.controlPlaneEndpoint();
        }
        iot = IotClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench")))
                .build();
        iot.createThing(r -> r.thingName("bench-thing"));
    }

    /** Stops the server this benchmark started. */
    @TearDown(Level.Trial)
    public void stop() throws Exception {
        iot.close();
        if (core != null) {
            core.close();
        }
        if (moto != null) {
            moto.destroy();
            moto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** One read. */
    @Benchmark
    public DescribeThingResponse describeThing() {
        return iot.describeThing(r -> r.thingName("bench-thing"));
    }

    /** One create and one delete of a new thing. */
    @Benchmark
    public void createAndDeleteThing() {
        String name = "bench-" + names.incrementAndGet();
        iot.createThing(r -> r.thingName(name));
        iot.deleteThing(r -> r.thingName(name));
    }

    private static void waitForPort(int port) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("moto_server did not open port " + port + " within 60 s");
    }
}

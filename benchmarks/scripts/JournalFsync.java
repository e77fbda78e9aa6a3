/*
 * Cost of a durable journal append (write + fdatasync) in LocalIotCore's data directory, one writer
 * and eight concurrent writers (group commit), and of a snapshot compaction of 10,000 things.
 *
 * Run from the repository root after `./mvnw -B -q -pl testkit -am package -DskipTests`:
 *   java -cp 'testkit/target/local-iot-core/lib/*' benchmarks/scripts/JournalFsync.java [DIR] [RECORDS]
 * DIR (default: a new directory under /tmp) should be on the file system you will use for --data-dir.
 */
import io.github.fleetprov.testkit.internal.persistence.Journal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

public class JournalFsync {
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory(Path.of("/tmp"), "journal-fsync");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        // A CreateThing record as the registry writes it is about 400-700 bytes of JSON.
        byte[] record = ("{\"f\":1,\"c\":[{\"t\":\"things\",\"k\":\"device-000001\",\"v\":\"" + "x".repeat(480) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        System.out.printf("dir %s, record %d bytes, %d records%n", dir.toAbsolutePath(), record.length, n);

        Journal single = Journal.open(dir.resolve("single")).journal();
        for (int i = 0; i < 100; i++) {
            single.append(record); // warm-up
        }
        long[] nanos = new long[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            single.append(record);
            nanos[i] = System.nanoTime() - s;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        single.close();
        Arrays.sort(nanos);
        System.out.printf("1 writer : p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms, %.0f appends/s%n",
                nanos[n / 2] / 1e6, nanos[n * 9 / 10] / 1e6, nanos[n * 99 / 100] / 1e6, nanos[n - 1] / 1e6, n / seconds);

        Journal shared = Journal.open(dir.resolve("group")).journal();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        int per = n / 8;
        long g0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < per; i++) {
                    shared.append(record);
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double gs = (System.nanoTime() - g0) / 1e9;
        pool.shutdown();
        shared.close();
        System.out.printf("8 writers: %.0f appends/s (group commit), mean %.3f ms per append per writer%n",
                per * 8 / gs, gs * 1000 / per);

        // A snapshot of 10,000 things is about 10,000 rows of ~500 bytes.
        byte[] snapshot = new byte[10_000 * 520];
        Arrays.fill(snapshot, (byte) 'x');
        Journal c = Journal.open(dir.resolve("compact")).journal();
        long c0 = System.nanoTime();
        c.compact(snapshot);
        System.out.printf("compaction of a %.1f MB snapshot: %.1f ms%n", snapshot.length / 1e6, (System.nanoTime() - c0) / 1e6);
        c.close();
    }
}

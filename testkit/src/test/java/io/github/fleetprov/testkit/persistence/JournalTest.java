package io.github.fleetprov.testkit.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.testkit.internal.persistence.DataDirectoryException;
import io.github.fleetprov.testkit.internal.persistence.Journal;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(List<byte[]> records) {
        return records.stream().map(r -> new String(r, StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    private Path journalFile() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).findFirst().orElseThrow();
        }
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void open_onEmptyDirectory_recoversNothing() {
        Journal.Recovery r = Journal.open(dir.resolve("new"));
        assertThat(r.snapshot()).isEmpty();
        assertThat(r.records()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        r.journal().close();
    }

    @Test
    void append_thenReopen_returnsEveryRecordInOrder() {
        try (Journal j = Journal.open(dir).journal()) {
            j.append(b("one"));
            j.append(new byte[0]);
            j.append(b("three"));
        }
        Journal.Recovery r = Journal.open(dir);
        assertThat(strings(r.records())).containsExactly("one", "", "three");
        assertThat(r.journal().recordsSinceSnapshot()).isEqualTo(3);
        r.journal().append(b("four"));
        r.journal().close();
        assertThat(strings(Journal.open(dir).records())).containsExactly("one", "", "three", "four");
    }

    @Test
    void append_withoutClose_isReadBackAsAfterAKill() {
        Journal j = Journal.open(dir).journal();
        j.append(b("acknowledged"));
        // no close: the process could have been killed here
        assertThat(strings(Journal.open(dir).records())).containsExactly("acknowledged");
    }

    @Test
    void compact_replacesRecordsBySnapshot_andRemovesTheOldGeneration() throws IOException {
        Journal j = Journal.open(dir).journal();
        j.append(b("a"));
        j.append(b("b"));
        j.compact(b("state:a,b"));
        j.append(b("c"));
        j.close();
        assertThat(fileNames()).containsExactly("journal-0000000000000001.log", "snapshot-0000000000000001.bin");
        Journal.Recovery r = Journal.open(dir);
        assertThat(r.snapshot()).map(s -> new String(s, StandardCharsets.UTF_8)).contains("state:a,b");
        assertThat(strings(r.records())).containsExactly("c");
        assertThat(r.journal().generation()).isEqualTo(1);
        r.journal().close();
    }

    @Test
    void tornLastRecord_isDroppedWithWarning_andAppendsContinueAfterTheLastGoodRecord() throws IOException {
        try (Journal j = Journal.open(dir).journal()) {
            j.append(b("kept"));
            j.append(b("torn-by-the-crash"));
        }
        Path file = journalFile();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 5);
        }
        Journal.Recovery r = Journal.open(dir);
        assertThat(strings(r.records())).containsExactly("kept");
        assertThat(r.warnings()).singleElement().asString().contains("dropped a record cut short");
        r.journal().append(b("after"));
        r.journal().close();
        Journal.Recovery again = Journal.open(dir);
        assertThat(strings(again.records())).containsExactly("kept", "after");
        assertThat(again.warnings()).isEmpty();
        again.journal().close();
    }

    @Test
    void zeroFilledTail_isDroppedAsATornWrite() throws IOException {
        try (Journal j = Journal.open(dir).journal()) {
            j.append(b("kept"));
        }
        Files.write(journalFile(), new byte[4096], java.nio.file.StandardOpenOption.APPEND);
        Journal.Recovery r = Journal.open(dir);
        assertThat(strings(r.records())).containsExactly("kept");
        assertThat(r.warnings()).hasSize(1);
        r.journal().close();
    }

    @Test
    void damagedRecordFollowedByRecords_isRefused() throws IOException {
        try (Journal j = Journal.open(dir).journal()) {
            j.append(b("first"));
            j.append(b("second"));
        }
        Path file = journalFile();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(16 + 8); // first byte of the first payload
            raf.write('F');
        }
        assertThatThrownBy(() -> Journal.open(dir))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessageContaining("is damaged at offset 16")
                .hasMessageContaining("restore the directory from a backup");
    }

    @Test
    void journalOfANewerFormatVersion_isRefusedSayingSo() throws IOException {
        try (Journal j = Journal.open(dir).journal()) {
            j.append(b("x"));
        }
        try (RandomAccessFile raf = new RandomAccessFile(journalFile().toFile(), "rw")) {
            raf.seek(4);
            raf.writeInt(Journal.FORMAT_VERSION + 1);
        }
        assertThatThrownBy(() -> Journal.open(dir))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessageContaining("written by a newer format version (" + (Journal.FORMAT_VERSION + 1) + ")")
                .hasMessageContaining("use another --data-dir");
    }

    @Test
    void snapshotWithABadChecksum_isRefused() throws IOException {
        Journal j = Journal.open(dir).journal();
        j.compact(b("whole state"));
        j.close();
        Path snapshot = dir.resolve("snapshot-0000000000000001.bin");
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length - 1] ^= 1;
        Files.write(snapshot, bytes);
        assertThatThrownBy(() -> Journal.open(dir))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void crashAfterSnapshotRenameBeforeNewJournal_recoversTheSnapshotAndRemovesTheOldGeneration() throws IOException {
        Journal j = Journal.open(dir).journal();
        j.append(b("a"));
        j.compact(b("state-1"));
        j.append(b("b"));
        j.close();
        // Simulate generation 2's snapshot written and renamed, the process killed before its journal existed.
        Path gen1 = dir.resolve("journal-0000000000000001.log");
        Journal.Recovery before = Journal.open(dir);
        before.journal().compact(b("state-2"));
        before.journal().close();
        Files.delete(dir.resolve("journal-0000000000000002.log"));
        Files.write(dir.resolve("snapshot-0000000000000002.tmp"), b("half"));
        Files.copy(dir.resolve("snapshot-0000000000000002.bin"), dir.resolve("snapshot-0000000000000001.bin"));
        assertThat(gen1).doesNotExist();

        Journal.Recovery r = Journal.open(dir);
        assertThat(r.snapshot()).map(s -> new String(s, StandardCharsets.UTF_8)).contains("state-2");
        assertThat(r.records()).isEmpty();
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("snapshot-0000000000000002.tmp"));
        r.journal().append(b("c"));
        r.journal().close();
        assertThat(fileNames()).containsExactly("journal-0000000000000002.log", "snapshot-0000000000000002.bin");
        assertThat(strings(Journal.open(dir).records())).containsExactly("c");
    }

    @Test
    void journalNewerThanEverySnapshot_isRefusedAsMissingRecords() throws IOException {
        Journal.open(dir).journal().close();
        Files.write(dir.resolve("journal-0000000000000003.log"), new byte[16]);
        assertThatThrownBy(() -> Journal.open(dir))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessageContaining("has no snapshot");
    }

    @Test
    void concurrentAppends_areAllDurableAndEachRecordIsWhole() throws Exception {
        Journal j = Journal.open(dir).journal();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    j.append(b("t" + thread + "-" + i));
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        List<String> recovered = strings(Journal.open(dir).records());
        assertThat(recovered).hasSize(400).doesNotHaveDuplicates();
        for (int t = 0; t < 8; t++) {
            String prefix = "t" + t + "-";
            List<String> ofThread = recovered.stream().filter(s -> s.startsWith(prefix)).collect(Collectors.toList());
            assertThat(ofThread).hasSize(50);
            for (int i = 0; i < 50; i++) {
                assertThat(ofThread.get(i)).isEqualTo(prefix + i);
            }
        }
    }

    @Test
    void append_afterClose_isRefused() {
        Journal j = Journal.open(dir).journal();
        j.close();
        assertThatThrownBy(() -> j.append(b("late")))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void fileThatIsNotAJournal_isRefused() throws IOException {
        Files.write(dir.resolve("journal-0000000000000000.log"), b("hello, this is not a journal file"));
        assertThatThrownBy(() -> Journal.open(dir))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessageContaining("wrong magic number");
    }
}

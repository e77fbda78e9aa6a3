package io.github.fleetprov.core.store;

import static io.github.fleetprov.core.store.StoreFixtures.device;
import static io.github.fleetprov.core.store.StoreFixtures.pending;
import static io.github.fleetprov.core.store.StoreFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails every file-system step of a write in turn and checks that the store then holds the previous
 * identity byte for byte, with no temporary file, or (for steps after the commit point) the new one.
 */
class CredentialStoreFailureTest {

    @TempDir
    Path tmp;

    @Test
    void writeDevice_whenAnyStepFails_leavesPreviousIdentityByteForByte() {
        DeviceIdentity previous = device("previous");
        DeviceIdentity next = device("next");
        int steps = countSteps(store -> store.writeDevice(next), previous);
        // fsync the identity directory for the new generation, write three files, fsync the generation,
        // then the commit: write the pointer, rename it, fsync the identity directory.
        assertThat(steps).as("steps of one identity write").isEqualTo(8);

        int failedWrites = 0;
        for (int failAt = 1; failAt <= steps; failAt++) {
            Path dir = tmp.resolve("run-" + failAt);
            CredentialStore.open(dir).writeDevice(previous);
            Map<String, String> before = snapshot(dir);
            FailingFileOps ops = new FailingFileOps(failAt);
            CredentialStore store = CredentialStore.open(dir, ops);

            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> store.writeDevice(next));

            String step = ops.steps.get(failAt - 1);
            if (thrown != null) {
                failedWrites++;
                assertThat(thrown).as("failure at step %d (%s)", failAt, step)
                        .isInstanceOf(CredentialStoreException.class)
                        .hasMessageContaining("what was stored before is unchanged");
                assertThat(snapshot(dir)).as("store after failure at step %d (%s)", failAt, step).isEqualTo(before);
                assertThat(CredentialStore.open(dir).readDevice()).contains(previous);
            } else {
                assertThat(CredentialStore.open(dir).readDevice()).as("step %d (%s)", failAt, step).contains(next);
            }
        }
        // Every step, up to the fsync that makes the commit durable, fails the write.
        assertThat(failedWrites).isEqualTo(steps);
    }

    @Test
    void writePending_whenKeyWriteFailsHalfway_throwsAndKeepsPreviousPending() {
        Path dir = tmp.resolve("pending");
        PendingIdentity previous = pending("token-1");
        CredentialStore.open(dir).writePending(previous);
        Map<String, String> before = snapshot(dir);
        // Step 1 fsyncs the new generation's parent, 2 writes the certificate, 3 writes the key.
        FailingFileOps ops = new FailingFileOps(3);
        CredentialStore store = CredentialStore.open(dir, ops);

        assertThatThrownBy(() -> store.writePending(pending("token-2")))
                .isInstanceOf(CredentialStoreException.class)
                .hasMessageContaining("No space left on device (injected)")
                .hasMessageNotContaining("token-2");
        assertThat(ops.steps.get(2)).isEqualTo("write private.key");
        assertThat(snapshot(dir)).isEqualTo(before);
        assertThat(store.readPending()).contains(previous);
    }

    @Test
    void recordAbandoned_whenRenameFails_keepsPreviousList() {
        Path dir = tmp.resolve("abandoned");
        CredentialStore.open(dir).recordAbandoned("a".repeat(64), "first");
        Map<String, String> before = snapshot(dir);
        CredentialStore store = CredentialStore.open(dir, new FailingFileOps(2));

        assertThatThrownBy(() -> store.recordAbandoned("b".repeat(64), "second"))
                .isInstanceOf(CredentialStoreException.class)
                .hasMessageContaining("rename failed (injected)");
        assertThat(snapshot(dir)).isEqualTo(before);
    }

    private int countSteps(java.util.function.Consumer<CredentialStore> write, DeviceIdentity previous) {
        Path dir = tmp.resolve("count");
        CredentialStore.open(dir).writeDevice(previous);
        FailingFileOps counting = new FailingFileOps(0);
        write.accept(CredentialStore.open(dir, counting));
        return counting.steps.size();
    }
}

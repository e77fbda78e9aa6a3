package io.github.fleetprov.core.store;

import static io.github.fleetprov.core.store.StoreFixtures.claim;
import static io.github.fleetprov.core.store.StoreFixtures.device;
import static io.github.fleetprov.core.store.StoreFixtures.pending;
import static io.github.fleetprov.core.store.StoreFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {

    @TempDir
    Path tmp;

    private Path storeDir() {
        return tmp.resolve("store");
    }

    @Test
    void readDevice_whenNothingStored_isEmpty() {
        CredentialStore store = CredentialStore.open(storeDir());

        assertThat(store.readDevice()).isEmpty();
        assertThat(store.readClaim()).isEmpty();
        assertThat(store.readPending()).isEmpty();
        assertThat(store.abandoned()).isEmpty();
        assertThat(store.deviceFiles()).isEmpty();
    }

    @Test
    void writeDevice_thenRead_roundTrips_andSurvivesReopen() {
        DeviceIdentity device = device("thing-1");
        CredentialStore.open(storeDir()).writeDevice(device);

        DeviceIdentity read = CredentialStore.open(storeDir()).readDevice().orElseThrow();
        assertThat(read).isEqualTo(device);
        assertThat(read.deviceConfiguration()).containsEntry("region", "eu-west-1");
        assertThat(read.port()).isEqualTo(443);
        assertThat(read.certificateId()).isEqualTo(device.certificateId());
    }

    @Test
    void writeDevice_twice_keepsOnlyLatestGeneration() throws Exception {
        CredentialStore store = CredentialStore.open(storeDir());
        store.writeDevice(device("a"));
        DeviceIdentity second = device("b");
        store.writeDevice(second);

        assertThat(store.readDevice()).contains(second);
        try (var entries = Files.list(storeDir().resolve("device"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("current", "g000002");
        }
        IdentityFiles files = store.deviceFiles().orElseThrow();
        assertThat(Pem.readCertificate(Files.readString(files.certificate()))).isEqualTo(second.certificate());
        assertThat(Pem.readPrivateKey(Files.readString(files.privateKey()))).isEqualTo(second.privateKey());
    }

    @Test
    void claimAndPending_roundTrip_andDeletePendingRemovesIt() {
        CredentialStore store = CredentialStore.open(storeDir());
        ClaimIdentity claim = claim();
        PendingIdentity pending = pending("token-abc");
        store.writeClaim(claim);
        store.writePending(pending);

        assertThat(store.readClaim()).contains(claim);
        assertThat(store.readClaim().orElseThrow().templateName()).contains("FleetTemplate");
        assertThat(store.readPending()).contains(pending);
        assertThat(store.readPending().orElseThrow().parameters()).containsEntry("SerialNumber", "SN-1");

        store.deletePending();
        assertThat(store.readPending()).isEmpty();
        assertThat(storeDir().resolve("pending")).doesNotExist();
        store.deleteClaim();
        assertThat(store.readClaim()).isEmpty();
    }

    @Test
    void claimWithoutTemplate_roundTrips() {
        CredentialStore store = CredentialStore.open(storeDir());
        ClaimIdentity claim = claim().toBuilder().templateName(null).build();
        store.writeClaim(claim);

        assertThat(store.readClaim().orElseThrow().templateName()).isEmpty();
    }

    @Test
    void files_haveOwnerOnlyModes_onPosix() throws Exception {
        CredentialStore store = CredentialStore.open(storeDir());
        assumeTrue(Files.getFileStore(storeDir()).supportsFileAttributeView("posix"), "POSIX file system");
        store.writeDevice(device("t"));
        store.writePending(pending("tok"));
        store.recordAbandoned("a".repeat(64), "RegisterThing rejected");
        IdentityFiles files = store.deviceFiles().orElseThrow();

        assertThat(mode(storeDir())).isEqualTo("rwx------");
        assertThat(mode(storeDir().resolve("device"))).isEqualTo("rwx------");
        assertThat(mode(files.certificate().getParent())).isEqualTo("rwx------");
        assertThat(mode(files.privateKey())).isEqualTo("rw-------");
        assertThat(mode(files.metadata())).isEqualTo("rw-------");
        assertThat(mode(files.certificate())).isEqualTo("rw-r--r--");
        assertThat(mode(storeDir().resolve("device/current"))).isEqualTo("rw-------");
        assertThat(mode(storeDir().resolve("pending/current"))).isEqualTo("rw-------");
        assertThat(mode(storeDir().resolve("abandoned.json"))).isEqualTo("rw-------");
    }

    @Test
    void open_tightensExistingDirectoryToOwnerOnly_onPosix() throws Exception {
        Files.createDirectories(storeDir());
        assumeTrue(Files.getFileStore(storeDir()).supportsFileAttributeView("posix"), "POSIX file system");
        Files.setPosixFilePermissions(storeDir(), PosixFilePermissions.fromString("rwxr-xr-x"));

        CredentialStore.open(storeDir());
        assertThat(mode(storeDir())).isEqualTo("rwx------");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void open_whenPathIsAFile_throwsNamingDir() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");

        assertThatThrownBy(() -> CredentialStore.open(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dir: " + file + " exists and is not a directory");
    }

    @Test
    void open_whenDirectoryCannotBeCreated_throwsStoreException() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Path unwritable = file.resolve("store");

        assertThatThrownBy(() -> CredentialStore.open(unwritable))
                .isInstanceOf(CredentialStoreException.class)
                .hasMessageContaining("cannot create or open the credential store directory")
                .hasMessageContaining("choose another directory")
                .isInstanceOfSatisfying(CredentialStoreException.class, e -> assertThat(e.path()).isEqualTo(unwritable));
    }

    @Test
    void write_whenIdentityDirectoryIsBlocked_throwsAndKeepsOtherIdentities() throws Exception {
        CredentialStore store = CredentialStore.open(storeDir());
        DeviceIdentity device = device("kept");
        store.writeDevice(device);
        Files.writeString(storeDir().resolve("claim"), "a file where a directory must be");

        assertThatThrownBy(() -> store.writeClaim(claim()))
                .isInstanceOf(CredentialStoreException.class)
                .hasMessageContaining("cannot write the claim identity")
                .hasMessageContaining("what was stored before is unchanged");
        assertThat(store.readDevice()).contains(device);
    }

    @Test
    void toString_ofIdentities_neverShowsKeyOrToken() {
        DeviceIdentity device = device("t");
        PendingIdentity pending = pending("SECRET-OWNERSHIP-TOKEN");
        ClaimIdentity claim = claim();
        String keyLine = device.privateKeyPem().split("\n")[1];

        assertThat(device.toString()).contains("thingName=t").contains(device.certificateId())
                .doesNotContain(keyLine).contains("privateKey=***");
        assertThat(pending.toString()).doesNotContain("SECRET-OWNERSHIP-TOKEN")
                .doesNotContain(pending.privateKeyPem().split("\n")[1]).contains("ownershipToken=***");
        assertThat(claim.toString()).doesNotContain(claim.privateKeyPem().split("\n")[1]);
        assertThat(CredentialStore.open(storeDir()).toString()).isEqualTo("CredentialStore[" + storeDir() + "]");
    }

    @Test
    void abandoned_recordsReplacesAndRemoves() {
        CredentialStore store = CredentialStore.open(storeDir());
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        store.recordAbandoned(a, "TokenExpired");
        store.recordAbandoned(new AbandonedCertificate(b, "InvalidParameters", Instant.parse("2026-01-01T00:00:00Z")));
        store.recordAbandoned(a, "RegisterThing rejected");

        assertThat(CredentialStore.open(storeDir()).abandoned())
                .extracting(AbandonedCertificate::certificateId, AbandonedCertificate::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(b, "InvalidParameters"),
                        org.assertj.core.groups.Tuple.tuple(a, "RegisterThing rejected"));
        assertThat(store.removeAbandoned(b)).isTrue();
        assertThat(store.removeAbandoned(b)).isFalse();
        assertThat(store.abandoned()).extracting(AbandonedCertificate::certificateId).containsExactly(a);
        assertThatThrownBy(() -> store.recordAbandoned("not-an-id", "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("certificateId: 'not-an-id' is not an AWS IoT certificate id");
    }

    @Test
    void open_removesFilesLeftByACrash_andKeepsTheIdentity() throws Exception {
        CredentialStore store = CredentialStore.open(storeDir());
        DeviceIdentity device = device("t");
        store.writeDevice(device);
        Path kindDir = storeDir().resolve("device");
        Files.createDirectory(kindDir.resolve("g000007"));
        Files.writeString(kindDir.resolve("g000007/private.key"), "half a key");
        Files.writeString(kindDir.resolve(".current.1234.tmp"), "g0000");
        Files.writeString(storeDir().resolve(".abandoned.json.99.tmp"), "[");
        Map<String, String> before = snapshot(storeDir());

        CredentialStore reopened = CredentialStore.open(storeDir());
        assertThat(reopened.readDevice()).contains(device);
        assertThat(kindDir.resolve("g000007")).doesNotExist();
        assertThat(kindDir.resolve(".current.1234.tmp")).doesNotExist();
        assertThat(storeDir().resolve(".abandoned.json.99.tmp")).doesNotExist();
        assertThat(before).containsKey("device/g000007/private.key");
    }

    @Test
    void open_afterACrashDuringDelete_removesTheGenerationThePointerNoLongerNames() throws Exception {
        CredentialStore store = CredentialStore.open(storeDir());
        store.writeDevice(device("t"));
        Path kindDir = storeDir().resolve("device");
        String generation = Files.readString(kindDir.resolve("current")).strip();
        // The pointer's removal is durable; the crash came before the generation was deleted.
        Files.delete(kindDir.resolve("current"));

        CredentialStore reopened = CredentialStore.open(storeDir());

        assertThat(reopened.readDevice()).isEmpty();
        assertThat(kindDir.resolve(generation)).doesNotExist();
    }
}

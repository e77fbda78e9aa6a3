package io.github.fleetprov.core.store;

import static io.github.fleetprov.core.store.StoreFixtures.device;
import static io.github.fleetprov.core.store.StoreFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.json.FleetJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk format: what format 2 writes, how format 1 is still read, and that a newer one is refused. */
class CredentialStoreFormatTest {

    @TempDir
    Path tmp;

    @Test
    void writeDevice_writesPortAndDeviceConfigurationAsTypedMembers() throws Exception {
        CredentialStore store = CredentialStore.open(tmp.resolve("store"));
        store.writeDevice(device("thing-1"));

        var json = FleetJson.mapper().readTree(Files.readString(store.deviceFiles().orElseThrow().metadata()));

        assertThat(json.path("format").asInt()).isEqualTo(2);
        assertThat(json.path("port").isInt()).isTrue();
        assertThat(json.path("port").asInt()).isEqualTo(443);
        assertThat(json.path("deviceConfiguration").path("region").asText()).isEqualTo("eu-west-1");
        assertThat(json.has("metadata")).isFalse();
    }

    @Test
    void readDevice_ofFormat1_readsPortAndConfigurationFromTheMetadataText() throws Exception {
        CredentialStore store = CredentialStore.open(tmp.resolve("store"));
        DeviceIdentity written = device("thing-1").copy(b -> b.port(8443)
                .deviceConfiguration(Map.of("topic", "dt/thing-1", "region", "eu-west-1")));
        store.writeDevice(written);
        Path meta = store.deviceFiles().orElseThrow().metadata();
        // What fleetprov 0.1's device client stored: port and configuration as text in "metadata".
        ObjectNode old = (ObjectNode) FleetJson.mapper().readTree(Files.readString(meta));
        old.put("format", 1);
        old.remove("port");
        old.remove("deviceConfiguration");
        old.putObject("metadata").put("port", "8443")
                .put("deviceConfiguration", "{\"topic\":\"dt/thing-1\",\"region\":\"eu-west-1\"}");
        Files.writeString(meta, old.toString());

        DeviceIdentity read = CredentialStore.open(tmp.resolve("store")).readDevice().orElseThrow();

        assertThat(read).isEqualTo(written);
    }

    @Test
    void readDevice_ofFormat1WithoutPort_usesTheDefaultPortAndAnEmptyConfiguration() throws Exception {
        CredentialStore store = CredentialStore.open(tmp.resolve("store"));
        store.writeDevice(device("thing-1"));
        Path meta = store.deviceFiles().orElseThrow().metadata();
        ObjectNode old = (ObjectNode) FleetJson.mapper().readTree(Files.readString(meta));
        old.put("format", 1);
        old.remove("port");
        old.remove("deviceConfiguration");
        old.putObject("metadata").put("region", "eu-west-1");
        Files.writeString(meta, old.toString());

        DeviceIdentity read = store.readDevice().orElseThrow();

        assertThat(read.port()).isEqualTo(DeviceIdentity.DEFAULT_PORT);
        assertThat(read.deviceConfiguration()).isEmpty();
    }

    @Test
    void readDevice_ofFormat1WithBadConfigurationText_namesTheFileAndField() throws Exception {
        CredentialStore store = CredentialStore.open(tmp.resolve("store"));
        store.writeDevice(device("thing-1"));
        Path meta = store.deviceFiles().orElseThrow().metadata();
        ObjectNode old = (ObjectNode) FleetJson.mapper().readTree(Files.readString(meta));
        old.put("format", 1);
        old.putObject("metadata").put("deviceConfiguration", "{not json");
        Files.writeString(meta, old.toString());

        assertThatThrownBy(store::readDevice).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(meta + ": field 'metadata.deviceConfiguration' is not a JSON object");
    }

    @Test
    void readDevice_ofANewerFormat_isRefusedNamingTheFormats_andLeavesTheStoreAsItIs() throws Exception {
        CredentialStore store = CredentialStore.open(tmp.resolve("store"));
        store.writeDevice(device("thing-1"));
        Path meta = store.deviceFiles().orElseThrow().metadata();
        Files.writeString(meta, Files.readString(meta).replace("\"format\" : 2", "\"format\" : 3"));
        Map<String, String> before = snapshot(tmp.resolve("store"));

        assertThatThrownBy(store::readDevice).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(meta + ": is a format 3 'device' identity; this version of fleetprov reads"
                        + " formats 1 and 2");
        assertThat(snapshot(tmp.resolve("store"))).isEqualTo(before);
    }

    @Test
    void readDevice_whenPortIsNotANumber_namesTheFile() throws Exception {
        CredentialStore store = CredentialStore.open(tmp.resolve("store"));
        store.writeDevice(device("thing-1"));
        Path meta = store.deviceFiles().orElseThrow().metadata();
        Files.writeString(meta, Files.readString(meta).replace("\"port\" : 443", "\"port\" : \"443\""));

        assertThatThrownBy(store::readDevice).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(meta + ": has no number field 'port'");
    }
}

package io.github.fleetprov.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.testkit.internal.server.ServerFiles;
import io.github.fleetprov.testkit.internal.server.StartupException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerFilesTest {

    @TempDir
    Path dir;

    @Test
    void endpointFiles_areShellExportsAndTheSameJson_withNoTemporaryFileLeft() throws Exception {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("AWS_ENDPOINT_URL_IOT", "http://127.0.0.1:4580");
        vars.put("FLEETPROV_CA_FILE", "/path with space/it's ca.pem");
        Path env = dir.resolve("local.env");
        ServerFiles.writeEndpointFiles(env, vars);

        assertThat(Files.readAllLines(env)).contains("export AWS_ENDPOINT_URL_IOT=http://127.0.0.1:4580",
                "export FLEETPROV_CA_FILE='/path with space/it'\\''s ca.pem'");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("local.json").toFile());
        assertThat(json.path("AWS_ENDPOINT_URL_IOT").asText()).isEqualTo("http://127.0.0.1:4580");
        assertThat(json.path("FLEETPROV_CA_FILE").asText()).isEqualTo("/path with space/it's ca.pem");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("local.env", "local.json");
        }
    }

    @Test
    void endpointFiles_areSourceableByAPosixShell() throws Exception {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("FLEETPROV_CA_FILE", "/a b/it's.pem");
        Path env = dir.resolve("x.env");
        ServerFiles.writeEndpointFiles(env, vars);
        Process p = new ProcessBuilder("sh", "-c", ". \"$1\" && printf %s \"$FLEETPROV_CA_FILE\"", "sh", env.toString())
                .redirectErrorStream(true).start();
        assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo("/a b/it's.pem");
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void jsonFileName_replacesDotEnvOrAppendsDotJson() {
        assertThat(ServerFiles.jsonFileFor(Path.of("/x/local.env"))).isEqualTo(Path.of("/x/local.json"));
        assertThat(ServerFiles.jsonFileFor(Path.of("/x/endpoints"))).isEqualTo(Path.of("/x/endpoints.json"));
    }

    @Test
    void endpointFileInAMissingDirectory_isABadInputNamingTheOption() {
        assertThatThrownBy(() -> ServerFiles.writeEndpointFiles(dir.resolve("missing/x.env"), Map.of("A", "b")))
                .isInstanceOf(StartupException.class).hasMessageContaining("cannot write --env-file");
    }

    @Test
    void caInDataDir_isMadeOnce_withAnOwnerOnlyKey_andReadBackTheSame() throws Exception {
        CertificateAuthority first = ServerFiles.caInDataDir(dir);
        assertThat(Files.getPosixFilePermissions(dir.resolve(ServerFiles.CA_KEY)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        CertificateAuthority again = ServerFiles.caInDataDir(dir);
        assertThat(again.certificatePem()).isEqualTo(first.certificatePem());
        assertThat(again.privateKey()).isEqualTo(first.privateKey());
    }

    @Test
    void caFilesWhoseKeyIsAnotherCas_areRefusedNamingBothFiles() throws Exception {
        Path cert = Files.writeString(dir.resolve("ca.pem"), CertificateAuthority.create("a").certificatePem());
        Path key = Files.writeString(dir.resolve("key.pem"), Pem.privateKeyToPem(CertificateAuthority.create("b").privateKey()));
        assertThatThrownBy(() -> ServerFiles.readCa(cert, key))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("--ca-cert " + cert).hasMessageContaining("--ca-key " + key);
    }

    @Test
    void missingCaFile_isRefusedNamingTheOption() {
        assertThatThrownBy(() -> ServerFiles.readCa(dir.resolve("nope.pem"), dir.resolve("nope.key")))
                .isInstanceOf(StartupException.class).hasMessageContaining("cannot read --ca-cert");
    }

    @Test
    void dataDir_isLockedForOneServerAtATime() throws Exception {
        Path data = dir.resolve("data");
        FileLock lock = ServerFiles.lockDataDir(data);
        try {
            assertThatThrownBy(() -> ServerFiles.lockDataDir(data))
                    .isInstanceOf(StartupException.class).hasMessageContaining("is in use by another local-iot-core");
        } finally {
            lock.channel().close();
        }
        ServerFiles.lockDataDir(data).channel().close();
    }

    @Test
    void dataDirThatIsAFile_isRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> ServerFiles.lockDataDir(file))
                .isInstanceOf(StartupException.class).hasMessageContaining("is not a directory");
    }
}

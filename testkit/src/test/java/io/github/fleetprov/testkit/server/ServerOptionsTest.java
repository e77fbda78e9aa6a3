package io.github.fleetprov.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.testkit.internal.server.ServerOptions;
import io.github.fleetprov.testkit.internal.server.StartupException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {

    @Test
    void noArguments_giveTheDocumentedDefaults() {
        ServerOptions o = ServerOptions.parse();
        assertThat(o.mqttPort()).isEqualTo(8883);
        assertThat(o.controlPlanePort()).isEqualTo(4580);
        assertThat(o.iamPort()).isEqualTo(4581);
        assertThat(o.credentialsPort()).isEqualTo(4582);
        assertThat(o.bind()).isEqualTo("127.0.0.1");
        assertThat(o.region()).isEqualTo("us-east-1");
        assertThat(o.account()).isEqualTo("123456789012");
        assertThat(o.dataDir()).isEmpty();
        assertThat(o.envFile()).isEmpty();
        assertThat(o.caCert()).isEmpty();
        assertThat(o.logEvents()).isFalse();
        assertThat(o.help()).isFalse();
    }

    @Test
    void defaultPorts_collideWithNeitherMotoNorLocalStack() {
        ServerOptions o = ServerOptions.parse();
        assertThat(new int[] {o.mqttPort(), o.controlPlanePort(), o.iamPort(), o.credentialsPort()})
                .doesNotContain(5000, 4566).doesNotHaveDuplicates();
    }

    @Test
    void valuesAreReadAsNextArgumentOrAfterEquals() {
        ServerOptions o = ServerOptions.parse("--mqtt-port", "1883", "--control-plane-port=1", "--bind", "0.0.0.0",
                "--data-dir=/tmp/d", "--env-file", "x.env", "--ca-cert", "c.pem", "--ca-key", "k.pem", "--log-events",
                "--region", "eu-west-1", "--account=210987654321");
        assertThat(o.mqttPort()).isEqualTo(1883);
        assertThat(o.controlPlanePort()).isEqualTo(1);
        assertThat(o.bind()).isEqualTo("0.0.0.0");
        assertThat(o.dataDir()).contains(Path.of("/tmp/d"));
        assertThat(o.envFile()).contains(Path.of("x.env"));
        assertThat(o.caCert()).contains(Path.of("c.pem"));
        assertThat(o.caKey()).contains(Path.of("k.pem"));
        assertThat(o.logEvents()).isTrue();
        assertThat(o.region()).isEqualTo("eu-west-1");
        assertThat(o.account()).isEqualTo("210987654321");
    }

    @Test
    void s3Endpoint_isReadAsAUrl_andAnythingElseIsRefusedNamingTheOption() {
        assertThat(ServerOptions.parse().s3Endpoint()).isEmpty();
        assertThat(ServerOptions.parse("--s3-endpoint", "http://127.0.0.1:5000").s3Endpoint())
                .contains(java.net.URI.create("http://127.0.0.1:5000"));
        assertThatThrownBy(() -> ServerOptions.parse("--s3-endpoint=127.0.0.1:5000"))
                .isInstanceOf(StartupException.class).hasMessageContaining("--s3-endpoint")
                .hasMessageContaining("http://HOST:PORT");
        assertThat(ServerOptions.usage()).contains("--s3-endpoint URL");
    }

    @Test
    void unknownOption_namesItAndPointsToHelp() {
        assertThatThrownBy(() -> ServerOptions.parse("--verbose"))
                .isInstanceOf(StartupException.class)
                .hasMessage("unknown option '--verbose': run local-iot-core --help for the options");
    }

    @Test
    void missingValue_saysHowToGiveIt() {
        assertThatThrownBy(() -> ServerOptions.parse("--data-dir"))
                .isInstanceOf(StartupException.class)
                .hasMessage("--data-dir needs a value: give it as --data-dir DIR");
    }

    @Test
    void badPort_isRefusedWithTheRange() {
        assertThatThrownBy(() -> ServerOptions.parse("--iam-port", "70000"))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("--iam-port '70000' is not a port").hasMessageContaining("1 to 65535");
    }

    @Test
    void flagWithAValue_isRefused() {
        assertThatThrownBy(() -> ServerOptions.parse("--log-events=yes"))
                .isInstanceOf(StartupException.class).hasMessageContaining("--log-events takes no value");
    }

    @Test
    void caCertWithoutKey_isRefused() {
        assertThatThrownBy(() -> ServerOptions.parse("--ca-cert", "c.pem"))
                .isInstanceOf(StartupException.class)
                .hasMessage("--ca-cert was given without --ca-key: give both, or neither");
    }

    @Test
    void usage_listsEveryOptionWithItsDefault() {
        assertThat(ServerOptions.usage())
                .contains("--mqtt-port PORT").contains("(default: 8883)")
                .contains("--control-plane-port PORT").contains("(default: 4580)")
                .contains("--iam-port PORT").contains("(default: 4581)")
                .contains("--credentials-port PORT").contains("(default: 4582)")
                .contains("--bind ADDRESS").contains("(default: 127.0.0.1)")
                .contains("--region REGION").contains("(default: us-east-1)")
                .contains("--account ID").contains("(default: 123456789012)")
                .contains("--data-dir DIR").contains("(default: in memory)")
                .contains("--env-file FILE").contains("--ca-cert FILE").contains("--ca-key FILE")
                .contains("--log-events").contains("--help");
        assertThat(ServerOptions.parse("-h").help()).isTrue();
    }
}

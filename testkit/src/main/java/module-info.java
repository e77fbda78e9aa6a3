/**
 * fleetprov testkit: {@code LocalIotCore}, an AWS IoT emulator for tests and demos (MQTT broker with
 * mutual TLS, the fleet provisioning MQTT API, registry, policy enforcement, control-plane REST,
 * credentials provider, fault injection). The {@code internal} packages are not exported.
 */
// Automatic modules: Netty and the AWS SDK carry a stable Automatic-Module-Name; the HiveMQ embedded
// broker and its extension SDK carry none, so their names come from the jar file names. See this
// module's pom for why that is accepted.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.fleetprov.testkit {
    requires transitive io.github.fleetprov.core;
    requires transitive io.github.fleetprov.policy;
    // LocalIotCoreExtension is a JUnit 5 extension.
    requires transitive org.junit.jupiter.api;
    requires hivemq.community.edition.embedded;
    requires hivemq.extension.sdk;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    // LocalIotCore.Builder.s3Credentials takes an SDK v2 credentials provider; bulk registration
    // reads its input file and writes its reports through the SDK's S3 client.
    requires transitive software.amazon.awssdk.auth;
    requires transitive software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.utils;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.cbor;
    requires org.slf4j;
    requires java.xml;
    requires static org.jspecify;

    exports io.github.fleetprov.testkit;
    exports io.github.fleetprov.testkit.event;
    exports io.github.fleetprov.testkit.fault;
    exports io.github.fleetprov.testkit.registry;
    exports io.github.fleetprov.testkit.server;

    // The registry's tables bind their rows with Jackson.
    opens io.github.fleetprov.testkit.internal.registry to com.fasterxml.jackson.databind;
}

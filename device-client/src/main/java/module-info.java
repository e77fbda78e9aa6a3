/**
 * fleetprov device-client: fleet provisioning by claim over MQTT with the AWS IoT Device SDK v2,
 * crash-safe identity persistence, connections with the new identity, and the AWS IoT credentials
 * provider as an SDK v2 credentials provider. The {@code internal} package is not exported.
 */
// Automatic modules: the AWS SDK for Java v2 jars carry a stable Automatic-Module-Name; aws-crt and
// aws-iot-device-sdk carry none, so their names (aws.crt, aws.iot.device.sdk) come from the jar file
// names, which Maven Central keeps stable per artifact. See this module's pom for why that is accepted.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.fleetprov.device {
    requires transitive io.github.fleetprov.core;
    // DeviceClients returns the Device SDK's MQTT client builders, which expose aws-crt types.
    requires transitive aws.iot.device.sdk;
    requires transitive aws.crt;
    // IotCredentialsProvider is an SDK v2 AwsCredentialsProvider and SdkAutoCloseable.
    requires transitive software.amazon.awssdk.auth;
    requires transitive software.amazon.awssdk.identity.spi;
    requires transitive software.amazon.awssdk.utils;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.cbor;
    requires org.slf4j;
    // Rotation retires the replaced certificate with the device's own role through the SDK's IoT client.
    requires software.amazon.awssdk.services.iot;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.core;
    // Keys in a PKCS#11 token: the CSR is built with Bouncy Castle's PKCS#10 builder and signed by the
    // token through the JDK's SunPKCS11 provider (module jdk.crypto.cryptoki, found at run time).
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires java.net.http;
    requires static org.jspecify;

    exports io.github.fleetprov.device;
    exports io.github.fleetprov.device.credentials;
}

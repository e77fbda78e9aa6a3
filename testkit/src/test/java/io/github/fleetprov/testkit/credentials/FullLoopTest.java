package io.github.fleetprov.testkit.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.LocalIotCoreExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.crt.auth.credentials.Credentials;
import software.amazon.awssdk.crt.auth.credentials.X509CredentialsProvider;
import software.amazon.awssdk.crt.http.HttpProxyOptions;
import software.amazon.awssdk.crt.io.ClientBootstrap;
import software.amazon.awssdk.crt.io.TlsContext;
import software.amazon.awssdk.crt.io.TlsContextOptions;
import software.amazon.awssdk.crt.iot.MqttRequestResponseClientOptions;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;
import software.amazon.awssdk.iot.iotidentity.IotIdentityV2Client;
import software.amazon.awssdk.iot.iotidentity.model.CreateCertificateFromCsrRequest;
import software.amazon.awssdk.iot.iotidentity.model.CreateCertificateFromCsrResponse;
import software.amazon.awssdk.iot.iotidentity.model.RegisterThingRequest;
import software.amazon.awssdk.iot.iotidentity.model.RegisterThingResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateProvisioningClaimResponse;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The whole loop on one LocalIotCore: the cloud side set up with the AWS SDK v2 IoT and IAM clients
 * (roles, role alias, device policy, template from a file, provisioning claim), a device provisioned
 * over MQTT 5 with the official Device SDK (CSR + RegisterThing), then credentials fetched with the
 * device's new key over mutual TLS, by Java's HttpClient and by aws-crt's X509CredentialsProvider.
 */
@ExtendWith(LocalIotCoreExtension.class)
class FullLoopTest {

    private static final String TOKEN_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"credentials.iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String PROVISIONING_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    /** What the cloud side set up. */
    private record Fleet(String templateName, String roleAlias, CreateProvisioningClaimResponse claim) {
    }

    /** What the device holds after provisioning. */
    private record Device(String thingName, String certificatePem, String privateKeyPem, Map<String, String> configuration) {
    }

    @Test
    void provisionedDevice_fetchesCredentials_withHttpClientAndAwsCrt(LocalIotCore core) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        StaticCredentialsProvider admin = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDADMIN", "admin"));
        Fleet fleet;
        try (IotClient iot = IotClient.builder().endpointOverride(core.controlPlaneEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(admin).build();
             IamClient iam = IamClient.builder().endpointOverride(core.iamEndpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(admin).build()) {
            fleet = setUpFleet(core, iot, iam, id);
        }

        Device device = provision(core, fleet, "SN" + id);

        assertThat(device.thingName()).isEqualTo("edge-SN" + id);
        assertThat(device.configuration()).containsEntry("credentialsRoleAlias", fleet.roleAlias());
        assertThat(core.registry().describeThing(device.thingName()).attributes()).containsEntry("serial", "SN" + id);

        // curl-equivalent: Java's HttpClient with the device's key, endpoint from DescribeEndpoint
        String endpoint;
        try (IotClient iot = IotClient.builder().endpointOverride(core.controlPlaneEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(admin).build()) {
            endpoint = iot.describeEndpoint(r -> r.endpointType("iot:CredentialProvider")).endpointAddress();
        }
        MtlsHttp.Answer answer = MtlsHttp.fetchCredentials(MtlsHttp.client(Pem.readCertificate(device.certificatePem()),
                Pem.readPrivateKey(device.privateKeyPem()), Pem.readCertificate(core.caCertificatePem())),
                endpoint, fleet.roleAlias(), device.thingName());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode credentials = answer.body().path("credentials");
        assertThat(Instant.parse(credentials.path("expiration").asText())).isAfter(Instant.now().plusSeconds(800));
        try (StsClient sts = StsClient.builder().endpointOverride(core.stsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.path("accessKeyId").asText(), credentials.path("secretAccessKey").asText(),
                        credentials.path("sessionToken").asText()))).build()) {
            assertThat(sts.getCallerIdentity().arn()).startsWith(
                    "arn:aws:sts::" + core.accountId() + ":assumed-role/FleetTokenExchange-" + id + "/");
        }

        // aws-crt's X509CredentialsProvider always dials port 443; a CONNECT tunnel maps that to the local port
        int port = Integer.parseInt(core.credentialsEndpoint().substring(core.credentialsEndpoint().lastIndexOf(':') + 1));
        try (ConnectTunnel tunnel = new ConnectTunnel(port);
             TlsContextOptions tlsOptions = TlsContextOptions.createWithMtls(device.certificatePem(), device.privateKeyPem())
                     .withCertificateAuthority(core.caCertificatePem());
             TlsContext tls = new TlsContext(tlsOptions)) {
            HttpProxyOptions proxy = new HttpProxyOptions();
            proxy.setHost("127.0.0.1");
            proxy.setPort(tunnel.port());
            proxy.setConnectionType(HttpProxyOptions.HttpProxyConnectionType.Tunneling);
            try (X509CredentialsProvider provider = new X509CredentialsProvider.X509CredentialsProviderBuilder()
                    .withClientBootstrap(ClientBootstrap.getOrCreateStaticDefault())
                    .withTlsContext(tls).withEndpoint("localhost").withRoleAlias(fleet.roleAlias())
                    .withThingName(device.thingName()).withProxyOptions(proxy).build()) {
                Credentials crt = provider.getCredentials().get(60, TimeUnit.SECONDS);

                assertThat(new String(crt.getAccessKeyId(), StandardCharsets.UTF_8)).startsWith("ASIA");
                assertThat(crt.getSessionToken()).isNotEmpty();
                assertThat(tunnel.requestedAuthorities()).contains("localhost:443");
            }
        }
    }

    private static Fleet setUpFleet(LocalIotCore core, IotClient iot, IamClient iam, String id) throws Exception {
        String provisioningRole = iam.createRole(r -> r.roleName("FleetProvisioning-" + id)
                .assumeRolePolicyDocument(PROVISIONING_TRUST)).role().arn();
        iam.attachRolePolicy(r -> r.roleName("FleetProvisioning-" + id)
                .policyArn("arn:aws:iam::aws:policy/service-role/AWSIoTThingsRegistration"));
        String tokenRole = iam.createRole(r -> r.roleName("FleetTokenExchange-" + id)
                .assumeRolePolicyDocument(TOKEN_TRUST)).role().arn();
        String alias = "FleetTokenExchangeRoleAlias-" + id;
        String aliasArn = iot.createRoleAlias(r -> r.roleAlias(alias).roleArn(tokenRole).credentialDurationSeconds(900))
                .roleAliasArn();
        String arn = "arn:aws:iot:" + core.region() + ":" + core.accountId() + ":";
        String policyName = "FleetDevicePolicy-" + id;
        iot.createPolicy(r -> r.policyName(policyName).policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"" + arn
                + "client/${iot:Connection.Thing.ThingName}\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:AssumeRoleWithCertificate\",\"Resource\":\"" + aliasArn + "\"}]}"));
        String body = Files.readString(Path.of(FullLoopTest.class.getResource("/controlplane/fleet-template.json").toURI()))
                .replace("\"FleetDevicePolicy\"", "\"" + policyName + "\"")
                .replace("\"FleetTokenExchangeRoleAlias\"", "\"" + alias + "\"");
        String templateName = "FleetTemplate-" + id;
        iot.createProvisioningTemplate(r -> r.templateName(templateName).templateBody(body)
                .provisioningRoleArn(provisioningRole).enabled(true));
        return new Fleet(templateName, alias, iot.createProvisioningClaim(r -> r.templateName(templateName)));
    }

    private static Device provision(LocalIotCore core, Fleet fleet, String serial) throws Exception {
        KeyPair keys = KeyPairs.generate();
        try (Mqtt5Client claim = connect(core, "claim-" + serial, fleet.claim().certificatePem(),
                fleet.claim().keyPair().privateKey());
             IotIdentityV2Client identity = IotIdentityV2Client.newFromMqtt5(claim, MqttRequestResponseClientOptions.builder()
                     .withMaxRequestResponseSubscriptions(4).withMaxStreamingSubscriptions(2)
                     .withOperationTimeoutSeconds(30).build())) {
            CreateCertificateFromCsrRequest csr = new CreateCertificateFromCsrRequest();
            csr.certificateSigningRequest = CertificateSigningRequest.create(keys, Subject.ofCommonName(serial)).toPem();
            CreateCertificateFromCsrResponse created = identity.createCertificateFromCsr(csr).get(60, TimeUnit.SECONDS);
            RegisterThingRequest register = new RegisterThingRequest();
            register.templateName = fleet.templateName();
            register.certificateOwnershipToken = created.certificateOwnershipToken;
            register.parameters = new HashMap<>(Map.of("SerialNumber", serial));
            RegisterThingResponse registered = identity.registerThing(register).get(60, TimeUnit.SECONDS);
            claim.stop();
            return new Device(registered.thingName, created.certificatePem, Pem.privateKeyToPem(keys.getPrivate()),
                    registered.deviceConfiguration == null ? Map.of() : registered.deviceConfiguration);
        }
    }

    private static Mqtt5Client connect(LocalIotCore core, String clientId, String certificatePem, String keyPem)
            throws Exception {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        Mqtt5ClientOptions.LifecycleEvents events = new Mqtt5ClientOptions.LifecycleEvents() {
            @Override
            public void onAttemptingConnect(Mqtt5Client c, OnAttemptingConnectReturn r) {
            }

            @Override
            public void onConnectionSuccess(Mqtt5Client c, OnConnectionSuccessReturn r) {
                connected.complete(null);
            }

            @Override
            public void onConnectionFailure(Mqtt5Client c, OnConnectionFailureReturn r) {
                connected.completeExceptionally(new IllegalStateException("MQTT connect failed: error " + r.getErrorCode()));
            }

            @Override
            public void onDisconnection(Mqtt5Client c, OnDisconnectionReturn r) {
            }

            @Override
            public void onStopped(Mqtt5Client c, OnStoppedReturn r) {
            }
        };
        Mqtt5Client client;
        try (AwsIotMqtt5ClientBuilder builder = AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromMemory(
                core.mqttHost(), certificatePem, keyPem)) {
            builder.withPort((long) core.mqttPort()).withCertificateAuthority(core.caCertificatePem())
                    .withClientId(clientId).withLifeCycleEvents(events);
            client = builder.build();
        }
        client.start();
        connected.get(60, TimeUnit.SECONDS);
        return client;
    }
}

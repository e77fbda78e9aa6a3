package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.ExternalPrivateKey;
import io.github.fleetprov.core.store.CredentialStore;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.core.store.IdentityFiles;
import io.github.fleetprov.device.credentials.IotCredentialsProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.crypto.KeyGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Provisioning with a key that lives in a SoftHSM2 token and never leaves it, against LocalIotCore: the
 * key generated in the token or made there beforehand by keytool, the CSR signed by the token, MQTT 5 and
 * MQTT 3.1.1 connections whose TLS the token does (aws-crt PKCS#11), the credentials provider's mTLS
 * (SunPKCS11), rotation, and the identity stored as a reference to the token object. Bad input: wrong PIN,
 * unknown slot, missing settings, a missing key, an object that is not a private key, a missing library.
 */
class Pkcs11ProvisioningTest {

    private static final String PIN = "fleet-pin-7319";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"credentials.iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}";

    private static SoftHsm hsm;
    private static long slot;
    private static long untouchedSlot;

    @TempDir
    Path store;

    @BeforeAll
    static void makeTokens() throws Exception {
        hsm = SoftHsm.start();
        slot = hsm.initToken("fleet-device", PIN);
        untouchedSlot = hsm.initToken("fleet-untouched", PIN);
    }

    private static Pkcs11Key.Builder key(String label) {
        return Pkcs11Key.builder().library(hsm.library).slot(slot).keyLabel(label)
                .pin(PinSource.of(PIN.toCharArray()));
    }

    /** The token as the JDK's SunPKCS11 provider sees it, independently of the code under test. */
    private KeyStore token(long slotId) throws Exception {
        Provider provider = Security.getProvider("SunPKCS11").configure(hsm.sunPkcs11Config(
                Files.createTempDirectory("p11cfg"), slotId).toString());
        KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
        keyStore.load(null, PIN.toCharArray());
        return keyStore;
    }

    private static String allFiles(Path dir) throws Exception {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                text.append(p).append('\n').append(Files.readString(p, StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return text.toString();
    }

    private static void publishAndReceive(Fleet fleet, DeviceIdentity device, MqttVersion version) {
        String topic = "dt/" + device.thingName() + "/telemetry";
        CompletableFuture<String> received = new CompletableFuture<>();
        try (DeviceConnection connection = DeviceConnection.builder(device).mqttVersion(version)
                .certificateAuthorityPem(fleet.iot.caCertificatePem()).connect()) {
            connection.subscribe(topic, Qos.AT_LEAST_ONCE, (t, payload) ->
                    received.complete(new String(payload, StandardCharsets.UTF_8))).join();
            connection.publish(topic, "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE).join();

            assertThat(received).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("{\"t\":21.5}");
        }
    }

    @Test
    void provision_withKeyGeneratedInTheToken_storesOnlyAReferenceAndConnectsThroughTheToken() throws Exception {
        Fleet fleet = Fleet.create();
        String label = "device-" + fleet.id;

        DeviceIdentity device = fleet.client(store).keyStrategy(KeyStrategy.pkcs11(key(label).build())).build()
                .provision();

        assertThat(device.privateKey()).isInstanceOf(ExternalPrivateKey.class);
        assertThat(device.privateKey().getEncoded()).isNull();
        assertThat(((ExternalPrivateKey) device.privateKey()).reference())
                .isEqualTo("pkcs11:slot-id=" + slot + ";object=" + label + ";type=private?module-path=" + hsm.library);
        KeyStore token = token(slot);
        Key inToken = token.getKey(label, null);
        assertThat(inToken).isInstanceOf(PrivateKey.class);
        assertThat(inToken.getEncoded()).as("the token does not export the key").isNull();
        assertThat(token.getCertificate(label).getPublicKey().getEncoded())
                .isEqualTo(device.certificate().getPublicKey().getEncoded());
        IdentityFiles files = CredentialStore.open(store).deviceFiles().orElseThrow();
        assertThat(files.privateKey()).doesNotExist();
        String stored = allFiles(store);
        assertThat(stored).contains("privateKeyReference").contains("object=" + label)
                .doesNotContain("PRIVATE KEY").doesNotContain(PIN);
        publishAndReceive(fleet, device, MqttVersion.MQTT_5);
    }

    @Test
    void provision_overMqtt311_withTokenKey_connectsAndPublishes() {
        Fleet fleet = Fleet.create();

        DeviceIdentity device = fleet.client(store).mqttVersion(MqttVersion.MQTT_3_1_1)
                .keyStrategy(KeyStrategy.pkcs11(key("device311-" + fleet.id).build())).build().provision();

        publishAndReceive(fleet, device, MqttVersion.MQTT_3_1_1);
    }

    @Test
    void provision_withAnExistingKeyNamedByLabel_usesThatKeyWithoutGenerating(@TempDir Path otherStore) {
        Fleet fleet = Fleet.create();
        String label = "existing-" + fleet.id;
        DeviceIdentity earlier = fleet.client(otherStore).keyStrategy(KeyStrategy.pkcs11(key(label).build())).build()
                .provision();

        DeviceIdentity device = Fleet.create().client(store)
                .keyStrategy(KeyStrategy.pkcs11(key(label).generateIfMissing(false).build())).build().provision();

        assertThat(device.certificateId()).isNotEqualTo(earlier.certificateId());
        assertThat(device.certificate().getPublicKey().getEncoded())
                .isEqualTo(earlier.certificate().getPublicKey().getEncoded());
        publishAndReceive(fleet, device, MqttVersion.MQTT_5);
    }

    @Test
    void keytoolKeyWithoutLabel_signsTheCsrButConnectingNamesTheMissingLabel(@TempDir Path dir) throws Exception {
        Fleet fleet = Fleet.create();
        String label = "keytool-" + fleet.id;
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        hsm.run(List.of(keytool.toString(), "-genkeypair", "-alias", label, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=factory", "-storetype", "PKCS11", "-keystore", "NONE", "-providerClass",
                "sun.security.pkcs11.SunPKCS11", "-providerArg", hsm.sunPkcs11Config(dir, slot).toString(),
                "-storepass", PIN));
        byte[] keytoolPublicKey = token(slot).getCertificate(label).getPublicKey().getEncoded();

        DeviceIdentity device = fleet.client(store)
                .keyStrategy(KeyStrategy.pkcs11(key(label).generateIfMissing(false).build())).build().provision();

        assertThat(device.certificate().getPublicKey().getEncoded()).isEqualTo(keytoolPublicKey);
        // keytool sets only CKA_ID on the private key; aws-crt selects the TLS key by CKA_LABEL.
        assertThatThrownBy(() -> DeviceConnection.builder(device).certificateAuthorityPem(fleet.iot.caCertificatePem())
                .connect())
                .isInstanceOfSatisfying(Pkcs11KeyException.class, e ->
                        assertThat(e.problem()).isEqualTo(Pkcs11KeyException.Problem.KEY_NOT_FOUND))
                .hasMessageContaining("CKA_LABEL '" + label + "'").hasMessageNotContaining(PIN);
    }

    @Test
    void credentialsProvider_withTokenKey_returnsTemporaryCredentials() {
        Fleet fleet = Fleet.create();
        DeviceIdentity device = fleet.client(store).keyStrategy(KeyStrategy.pkcs11(key("creds-" + fleet.id).build()))
                .build().provision();
        String roleArn;
        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(fleet.iot.iamEndpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDADMIN", "x")))
                .build()) {
            roleArn = iam.createRole(r -> r.roleName("DeviceRole-" + fleet.id).assumeRolePolicyDocument(TRUST))
                    .role().arn();
        }
        String alias = "DeviceRoleAlias-" + fleet.id;
        fleet.iot.registry().createRoleAlias(alias, roleArn, 3600);

        AwsCredentials credentials = IotCredentialsProvider.builder().device(device)
                .endpoint(fleet.iot.credentialsEndpoint()).roleAlias(alias)
                .certificateAuthorityPem(fleet.iot.caCertificatePem()).build().resolveCredentials();

        assertThat(credentials).isInstanceOfSatisfying(AwsSessionCredentials.class, session -> {
            assertThat(session.sessionToken()).isNotBlank();
            assertThat(session.expirationTime()).hasValueSatisfying(e -> assertThat(e).isAfter(Instant.now()));
        });
    }

    @Test
    void rotateCertificate_withTokenKey_makesANewTokenKeyAndTheStoredReferenceWorksInANewClient() throws Exception {
        Fleet fleet = Fleet.create();
        String label = "rot-" + fleet.id + "-" + "x".repeat(41);   // 58 characters: cut to 55 when rotated
        FleetProvisioningClient client = fleet.client(store).keyStrategy(KeyStrategy.pkcs11(key(label).build()))
                .build();
        DeviceIdentity first = client.provision();

        DeviceIdentity rotated = client.rotateCertificate();

        String newLabel = label.substring(0, 55) + "-" + first.certificateId().substring(0, 8);
        assertThat(newLabel).hasSize(64);
        assertThat(rotated.certificateId()).isNotEqualTo(first.certificateId());
        assertThat(((ExternalPrivateKey) rotated.privateKey()).reference()).contains("object=" + newLabel + ";");
        assertThat(token(slot).getCertificate(newLabel).getPublicKey().getEncoded())
                .isEqualTo(rotated.certificate().getPublicKey().getEncoded());
        assertThat(CredentialStore.open(store).abandoned())
                .anySatisfy(a -> assertThat(a.certificateId()).isEqualTo(first.certificateId()));
        DeviceIdentity reread = fleet.client(store).keyStrategy(KeyStrategy.pkcs11(key(label).build())).build()
                .storedDevice().orElseThrow();
        assertThat(reread.certificateId()).isEqualTo(rotated.certificateId());
        publishAndReceive(fleet, reread, MqttVersion.MQTT_5);
    }

    @Test
    void storedIdentity_readByHand_isBoundWithAPinSource() {
        Fleet fleet = Fleet.create();
        fleet.client(store).keyStrategy(KeyStrategy.pkcs11(key("hand-" + fleet.id).build())).build().provision();
        DeviceIdentity stored = CredentialStore.open(store).readDevice().orElseThrow();

        assertThatThrownBy(() -> DeviceConnection.builder(stored).certificateAuthorityPem(fleet.iot.caCertificatePem())
                .connect()).isInstanceOf(InvalidInputException.class).hasMessageContaining("Pkcs11Key.fromReference");
        String reference = ((ExternalPrivateKey) stored.privateKey()).reference();
        DeviceIdentity bound = Pkcs11Key.fromReference(reference, PinSource.of(PIN.toCharArray())).bind(stored);
        publishAndReceive(fleet, bound, MqttVersion.MQTT_5);
    }

    @Test
    void provision_withWrongPin_throwsWrongPinNamingTheSlot() {
        Fleet fleet = Fleet.create();
        Pkcs11Key wrong = key("k").slot(untouchedSlot).pin(PinSource.of("not-the-pin".toCharArray())).build();

        assertThatThrownBy(() -> fleet.client(store).keyStrategy(KeyStrategy.pkcs11(wrong)).build().provision())
                .isInstanceOfSatisfying(Pkcs11KeyException.class, e ->
                        assertThat(e.problem()).isEqualTo(Pkcs11KeyException.Problem.WRONG_PIN))
                .hasMessageContaining("slot " + untouchedSlot).hasMessageContaining("PIN")
                .hasMessageNotContaining("not-the-pin");
        assertThat(CredentialStore.open(store).readPending()).isEmpty();
        assertThat(CredentialStore.open(store).readDevice()).isEmpty();
    }

    @Test
    void provision_withUnknownSlot_throwsTokenNotFoundNamingTheSlot() {
        Fleet fleet = Fleet.create();
        Pkcs11Key nowhere = key("k").slot(987_654_321L).build();

        assertThatThrownBy(() -> fleet.client(store).keyStrategy(KeyStrategy.pkcs11(nowhere)).build().provision())
                .isInstanceOfSatisfying(Pkcs11KeyException.class, e ->
                        assertThat(e.problem()).isEqualTo(Pkcs11KeyException.Problem.TOKEN_NOT_FOUND))
                .hasMessageContaining("987654321").hasMessageContaining("Pkcs11Key.slot");
    }

    @Test
    void provision_withMissingKeyAndNoGeneration_throwsKeyNotFoundNamingTheLabel() {
        Fleet fleet = Fleet.create();
        Pkcs11Key missing = key("absent-" + fleet.id).generateIfMissing(false).build();

        assertThatThrownBy(() -> fleet.client(store).keyStrategy(KeyStrategy.pkcs11(missing)).build().provision())
                .isInstanceOfSatisfying(Pkcs11KeyException.class, e ->
                        assertThat(e.problem()).isEqualTo(Pkcs11KeyException.Problem.KEY_NOT_FOUND))
                .hasMessageContaining("absent-" + fleet.id).hasMessageContaining("Pkcs11Key.keyLabel");
        assertThat(fleet.newCertificates()).isEmpty();
    }

    @Test
    void provision_withLabelOfASecretKey_throwsNotAPrivateKey() throws Exception {
        Fleet fleet = Fleet.create();
        String label = "aes-" + fleet.id;
        KeyStore token = token(slot);
        KeyGenerator aes = KeyGenerator.getInstance("AES", token.getProvider());
        aes.init(128);
        token.setKeyEntry(label, aes.generateKey(), null, null);

        assertThatThrownBy(() -> fleet.client(store).keyStrategy(KeyStrategy.pkcs11(key(label).build())).build()
                .provision())
                .isInstanceOfSatisfying(Pkcs11KeyException.class, e ->
                        assertThat(e.problem()).isEqualTo(Pkcs11KeyException.Problem.NOT_A_PRIVATE_KEY))
                .hasMessageContaining(label).hasMessageContaining("not a private key");
    }

    @Test
    void provision_withMissingLibrary_throwsLibraryNotLoadable() {
        Fleet fleet = Fleet.create();
        Pkcs11Key noLibrary = key("k").library(Path.of("/nonexistent/libpkcs11.so")).build();

        assertThatThrownBy(() -> fleet.client(store).keyStrategy(KeyStrategy.pkcs11(noLibrary)).build().provision())
                .isInstanceOfSatisfying(Pkcs11KeyException.class, e ->
                        assertThat(e.problem()).isEqualTo(Pkcs11KeyException.Problem.LIBRARY_NOT_LOADABLE))
                .hasMessageContaining("/nonexistent/libpkcs11.so");
    }
}

package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AutoRegistrationStatus;
import software.amazon.awssdk.services.iot.model.CACertificateDescription;
import software.amazon.awssdk.services.iot.model.CACertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateStateException;
import software.amazon.awssdk.services.iot.model.CertificateValidationException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/** CA certificates through the AWS SDK v2 IotClient: register, describe, update, list, delete. */
class CaCertificateOperationsTest {

    private ControlPlaneFixture fixture;
    private IotClient iot;

    @BeforeEach
    void start() {
        fixture = ControlPlaneFixture.start();
        iot = fixture.iot();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void caCertificate_registerDescribeUpdateListDelete() {
        CertificateAuthority ca = CertificateAuthority.create("fleet CA");
        String verification = ca.issueWithKey(Subject.ofCommonName("registration-code"), KeyAlgorithm.EC_P256,
                Duration.ofDays(1)).certificatePem();

        String id = iot.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verification).setAsActive(true)).certificateId();
        iot.updateCACertificate(r -> r.certificateId(id).newAutoRegistrationStatus(AutoRegistrationStatus.ENABLE));
        CACertificateDescription described = iot.describeCACertificate(r -> r.certificateId(id)).certificateDescription();

        assertThat(described.status()).isEqualTo(CACertificateStatus.ACTIVE);
        assertThat(described.autoRegistrationStatus()).isEqualTo(AutoRegistrationStatus.ENABLE);
        assertThat(described.certificateArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:cacert/" + id);
        assertThat(iot.listCACertificates().certificates()).extracting(c -> c.certificateId()).containsExactly(id);
        assertThatThrownBy(() -> iot.deleteCACertificate(r -> r.certificateId(id)))
                .isInstanceOf(CertificateStateException.class);

        iot.updateCACertificate(r -> r.certificateId(id).newStatus(CACertificateStatus.INACTIVE));
        iot.deleteCACertificate(r -> r.certificateId(id));

        assertThatThrownBy(() -> iot.describeCACertificate(r -> r.certificateId(id)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void registerCaCertificate_withAVerificationCertificateOfAnotherCa_throwsCertificateValidation() {
        CertificateAuthority ca = CertificateAuthority.create("fleet CA");
        String foreign = CertificateAuthority.create("other CA").issueWithKey(Subject.ofCommonName("code"),
                KeyAlgorithm.EC_P256, Duration.ofDays(1)).certificatePem();

        assertThatThrownBy(() -> iot.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(foreign))).isInstanceOf(CertificateValidationException.class);
    }

    @Test
    void registerCaCertificate_withRegistrationConfigNamingAMissingTemplate_isRefusedNotIgnored() {
        CertificateAuthority ca = CertificateAuthority.create("fleet CA");

        assertThatThrownBy(() -> iot.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .registrationConfig(c -> c.templateName("jitp"))))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("registrationConfig.templateName");
        assertThat(iot.listCACertificates().certificates()).isEmpty();
    }
}

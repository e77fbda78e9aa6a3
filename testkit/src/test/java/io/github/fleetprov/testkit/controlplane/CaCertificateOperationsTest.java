package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AutoRegistrationStatus;
import software.amazon.awssdk.services.iot.model.CACertificateDescription;
import software.amazon.awssdk.services.iot.model.CACertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateStateException;
import software.amazon.awssdk.services.iot.model.CertificateValidationException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/** CA certificates through the AWS SDK v2 IotClient: register, describe, update, list, delete. */
class CaCertificateOperationsTest {

    @RegisterExtension
    static final ControlPlaneExtension plane = ControlPlaneExtension.perTest();

    @Test
    void caCertificate_registerDescribeUpdateListDelete() {
        CertificateAuthority ca = CertificateAuthority.create("fleet CA");
        String verification = ca.issueWithKey(Subject.ofCommonName("registration-code"), KeyAlgorithm.EC_P256,
                Duration.ofDays(1)).certificatePem();

        String id = plane.iot().registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verification).setAsActive(true)).certificateId();
        plane.iot().updateCACertificate(r -> r.certificateId(id).newAutoRegistrationStatus(AutoRegistrationStatus.ENABLE));
        CACertificateDescription described = plane.iot().describeCACertificate(r -> r.certificateId(id)).certificateDescription();

        assertThat(described.status()).isEqualTo(CACertificateStatus.ACTIVE);
        assertThat(described.autoRegistrationStatus()).isEqualTo(AutoRegistrationStatus.ENABLE);
        assertThat(described.certificateArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:cacert/" + id);
        assertThat(plane.iot().listCACertificates().certificates()).extracting(c -> c.certificateId()).containsExactly(id);
        assertThatThrownBy(() -> plane.iot().deleteCACertificate(r -> r.certificateId(id)))
                .isInstanceOf(CertificateStateException.class);

        plane.iot().updateCACertificate(r -> r.certificateId(id).newStatus(CACertificateStatus.INACTIVE));
        plane.iot().deleteCACertificate(r -> r.certificateId(id));

        assertThatThrownBy(() -> plane.iot().describeCACertificate(r -> r.certificateId(id)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void registerCaCertificate_withAVerificationCertificateOfAnotherCa_throwsCertificateValidation() {
        CertificateAuthority ca = CertificateAuthority.create("fleet CA");
        String foreign = CertificateAuthority.create("other CA").issueWithKey(Subject.ofCommonName("code"),
                KeyAlgorithm.EC_P256, Duration.ofDays(1)).certificatePem();

        assertThatThrownBy(() -> plane.iot().registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(foreign))).isInstanceOf(CertificateValidationException.class);
    }

    @Test
    void registerCaCertificate_withRegistrationConfigNamingAMissingTemplate_isRefusedNotIgnored() {
        CertificateAuthority ca = CertificateAuthority.create("fleet CA");

        assertThatThrownBy(() -> plane.iot().registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .registrationConfig(c -> c.templateName("jitp"))))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("registrationConfig.templateName");
        assertThat(plane.iot().listCACertificates().certificates()).isEmpty();
    }
}

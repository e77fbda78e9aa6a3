package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AutoRegistrationStatus;
import software.amazon.awssdk.services.iot.model.CACertificateStatus;
import software.amazon.awssdk.services.iot.model.DescribeCaCertificateResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.TemplateType;

/**
 * RegisterCACertificate, UpdateCACertificate and DescribeCACertificate with {@code registrationConfig}
 * (just-in-time provisioning) and auto-registration, through the AWS SDK v2 {@link IotClient}.
 */
class JitCaRegistrationConfigTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/JITPRole";
    /** The developer guide's "Just-in-time provisioning" example template, reduced to thing and certificate. */
    private static final String TEMPLATE = "{\"Parameters\":{"
            + "\"AWS::IoT::Certificate::CommonName\":{\"Type\":\"String\"},"
            + "\"AWS::IoT::Certificate::Id\":{\"Type\":\"String\"}},"
            + "\"Resources\":{"
            + "\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{"
            + "\"ThingName\":{\"Ref\":\"AWS::IoT::Certificate::CommonName\"}}},"
            + "\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":{"
            + "\"CertificateId\":{\"Ref\":\"AWS::IoT::Certificate::Id\"},\"Status\":\"ACTIVE\"}}}}";

    @RegisterExtension
    static final ControlPlaneExtension plane = ControlPlaneExtension.perTest();
    private CertificateAuthority ca;
    private String verification;

    @BeforeEach
    void start() {
        ca = CertificateAuthority.create("device maker CA");
        verification = ca.issueWithKey(Subject.ofCommonName("registration-code"), KeyAlgorithm.EC_P256,
                Duration.ofDays(1)).certificatePem();
    }

    @Test
    void registerCaCertificate_withTemplateBodyRoleAndAutoRegistration_describesThemBack() {
        String id = plane.iot().registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verification).setAsActive(true).allowAutoRegistration(true)
                .registrationConfig(c -> c.templateBody(TEMPLATE).roleArn(ROLE))).certificateId();

        DescribeCaCertificateResponse described = plane.iot().describeCACertificate(r -> r.certificateId(id));

        assertThat(described.certificateDescription().status()).isEqualTo(CACertificateStatus.ACTIVE);
        assertThat(described.certificateDescription().autoRegistrationStatus())
                .isEqualTo(AutoRegistrationStatus.ENABLE);
        assertThat(described.registrationConfig().templateBody()).isEqualTo(TEMPLATE);
        assertThat(described.registrationConfig().roleArn()).isEqualTo(ROLE);
        assertThat(described.registrationConfig().templateName()).isNull();
    }

    @Test
    void registerCaCertificate_withoutFlags_isInactiveWithAutoRegistrationDisabledAndNoConfig() {
        String id = plane.iot().registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verification)).certificateId();

        DescribeCaCertificateResponse described = plane.iot().describeCACertificate(r -> r.certificateId(id));

        assertThat(described.certificateDescription().status()).isEqualTo(CACertificateStatus.INACTIVE);
        assertThat(described.certificateDescription().autoRegistrationStatus())
                .isEqualTo(AutoRegistrationStatus.DISABLE);
        assertThat(described.registrationConfig()).isNull();
    }

    @Test
    void updateCaCertificate_setsATemplateNameThenRemovesTheConfigAndChangesStatuses() {
        plane.iot().createProvisioningTemplate(r -> r.templateName("jitp-lightbulbs").templateBody(TEMPLATE)
                .provisioningRoleArn(ROLE).type(TemplateType.JITP).enabled(true));
        String id = plane.iot().registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verification)).certificateId();

        plane.iot().updateCACertificate(r -> r.certificateId(id).newStatus(CACertificateStatus.ACTIVE)
                .newAutoRegistrationStatus(AutoRegistrationStatus.ENABLE)
                .registrationConfig(c -> c.templateName("jitp-lightbulbs")));
        DescribeCaCertificateResponse withName = plane.iot().describeCACertificate(r -> r.certificateId(id));
        assertThat(withName.registrationConfig().templateName()).isEqualTo("jitp-lightbulbs");
        assertThat(withName.registrationConfig().templateBody()).isNull();
        assertThat(withName.certificateDescription().status()).isEqualTo(CACertificateStatus.ACTIVE);
        assertThat(withName.certificateDescription().autoRegistrationStatus())
                .isEqualTo(AutoRegistrationStatus.ENABLE);

        plane.iot().updateCACertificate(r -> r.certificateId(id).removeAutoRegistration(true)
                .newAutoRegistrationStatus(AutoRegistrationStatus.DISABLE));
        DescribeCaCertificateResponse removed = plane.iot().describeCACertificate(r -> r.certificateId(id));
        assertThat(removed.registrationConfig()).isNull();
        assertThat(removed.certificateDescription().autoRegistrationStatus())
                .isEqualTo(AutoRegistrationStatus.DISABLE);
    }

    @Test
    void registerCaCertificate_withAMalformedTemplateBody_answers400InvalidRequestAndRegistersNothing() {
        assertThatThrownBy(() -> plane.iot().registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verification).setAsActive(true).allowAutoRegistration(true)
                .registrationConfig(c -> c.templateBody("{\"Resources\":{\"thing\":").roleArn(ROLE))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequestException");
                    assertThat(e.getMessage()).contains("template body");
                });
        assertThat(plane.iot().listCACertificates().certificates()).isEmpty();
    }

    @Test
    void registerCaCertificate_withATemplateBodyButNoRole_answers400NamingRoleArn() {
        assertThatThrownBy(() -> plane.iot().registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verification).registrationConfig(c -> c.templateBody(TEMPLATE))))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getMessage()).contains("registrationConfig.roleArn"));
    }

    @Test
    void registerCaCertificate_withBothTemplateBodyAndTemplateName_answers400() {
        assertThatThrownBy(() -> plane.iot().registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verification)
                .registrationConfig(c -> c.templateBody(TEMPLATE).roleArn(ROLE).templateName("jitp"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not both");
    }

    @Test
    void registerCaCertificate_namingAFleetProvisioningTemplate_answers400NamingTheType() {
        plane.iot().createProvisioningTemplate(r -> r.templateName("claims").templateBody(TEMPLATE.replace(
                "\"AWS::IoT::Certificate::CommonName\":{\"Type\":\"String\"},", "").replace(
                "{\"Ref\":\"AWS::IoT::Certificate::CommonName\"}", "\"fixed-thing\""))
                .provisioningRoleArn(ROLE));

        assertThatThrownBy(() -> plane.iot().registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verification).registrationConfig(c -> c.templateName("claims"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("JITP");
    }

    @Test
    void updateCaCertificate_withAMalformedTemplateBody_answers400AndKeepsTheOldConfig() {
        String id = plane.iot().registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verification).registrationConfig(c -> c.templateBody(TEMPLATE).roleArn(ROLE)))
                .certificateId();

        assertThatThrownBy(() -> plane.iot().updateCACertificate(r -> r.certificateId(id)
                .registrationConfig(c -> c.templateBody("not json").roleArn(ROLE))))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(plane.iot().describeCACertificate(r -> r.certificateId(id)).registrationConfig().templateBody())
                .isEqualTo(TEMPLATE);
    }

    @Test
    void updateCaCertificate_withBadEnumValues_answersValidationErrors() {
        String id = plane.iot().registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verification)).certificateId();

        assertThatThrownBy(() -> plane.iot().updateCACertificate(r -> r.certificateId(id)
                .newAutoRegistrationStatus("MAYBE")))
                .isInstanceOfSatisfying(IotException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("newAutoRegistrationStatus");
                });
    }

    @Test
    void updateCaCertificate_ofAnUnknownCa_answersResourceNotFound() {
        assertThatThrownBy(() -> plane.iot().updateCACertificate(r -> r.certificateId("a".repeat(64))
                .newAutoRegistrationStatus(AutoRegistrationStatus.ENABLE)))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}

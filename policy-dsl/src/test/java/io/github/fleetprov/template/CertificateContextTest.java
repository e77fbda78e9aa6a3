package io.github.fleetprov.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.KeyPairs;

/** The JITP pseudo-parameters come from the certificate subject, every one of them. */
class CertificateContextTest {

    private static X509Certificate certificate(String subject) throws Exception {
        KeyPair keys = KeyPairs.generate();
        X500Name name = X500Name.getInstance(new X500Principal(subject).getEncoded());
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(42),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name, keys.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    @Test
    void of_readsEverySubjectFieldJitpUses() throws Exception {
        X509Certificate cert = certificate("CN=lightbulb-1, 2.5.4.5=SN-0001, 2.5.4.46=qualifier-7, ST=Washington, "
                + "OU=Lights, O=Example Corp, C=US");

        CertificateContext context = CertificateContext.of(Certificates.awsCertificateId(cert), cert);

        assertThat(context.subjectFields()).containsExactlyInAnyOrderEntriesOf(Map.of(
                PseudoParameter.COMMON_NAME, "lightbulb-1",
                PseudoParameter.SERIAL_NUMBER, "SN-0001",
                PseudoParameter.DISTINGUISHED_NAME_QUALIFIER, "qualifier-7",
                PseudoParameter.STATE_NAME, "Washington",
                PseudoParameter.ORGANIZATIONAL_UNIT, "Lights",
                PseudoParameter.ORGANIZATION, "Example Corp",
                PseudoParameter.COUNTRY, "US"));
        assertThat(context.value(PseudoParameter.CERTIFICATE_ID)).contains(Certificates.awsCertificateId(cert));
        assertThat(context.certificate()).contains(cert);
    }

    @Test
    void jitpTemplate_usesEveryCertificateField() throws Exception {
        X509Certificate cert = certificate("CN=lightbulb-2, 2.5.4.5=SN-2, 2.5.4.46=q, ST=WA, OU=Lights, O=Example, C=US");
        ProvisioningTemplate.Builder b = ProvisioningTemplate.builder().type(TemplateType.JITP)
                .thing(t -> t.thingName(Expression.ref(PseudoParameter.COMMON_NAME)))
                .certificate(c -> c.certificateId(Expression.ref(PseudoParameter.CERTIFICATE_ID)))
                .deviceConfiguration("Unused", "JITP has no response, but the value is still evaluated");
        for (PseudoParameter p : PseudoParameter.values()) {
            b.addParameter(p);
        }
        ProvisioningTemplate template = b.build();

        ProvisioningPlan plan = TemplateEvaluator.evaluate(template, Map.of(),
                CertificateContext.of(Certificates.awsCertificateId(cert), cert));

        assertThat(plan.thingName()).contains("lightbulb-2");
        assertThat(plan.parameters()).containsEntry("AWS::IoT::Certificate::DistinguishedNameQualifier", "q")
                .containsEntry("AWS::IoT::Certificate::StateName", "WA")
                .containsEntry("AWS::IoT::Certificate::OrganizationalUnit", "Lights")
                .containsEntry("AWS::IoT::Certificate::Organization", "Example")
                .hasSize(8);
    }

    @Test
    void of_withFieldsGivenDirectly_ignoresACertificateIdEntry() {
        CertificateContext context = CertificateContext.of("id-1",
                Map.of(PseudoParameter.COMMON_NAME, "n", PseudoParameter.CERTIFICATE_ID, "other"));

        assertThat(context.value(PseudoParameter.CERTIFICATE_ID)).contains("id-1");
        assertThat(context.value(PseudoParameter.COMMON_NAME)).contains("n");
        assertThat(context.value(PseudoParameter.COUNTRY)).isEmpty();
    }

    @Test
    void of_withBlankId_isRefused() {
        assertThatThrownBy(() -> CertificateContext.of(" "))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("certificateId: is empty");
    }
}

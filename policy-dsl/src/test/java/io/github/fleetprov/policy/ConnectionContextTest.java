package io.github.fleetprov.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class ConnectionContextTest {

    private static final PolicyContext AWS = PolicyContext.of("us-east-1", "123456789012");

    private static X509Certificate certificate(String subject) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair keys = g.generateKeyPair();
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Factory CA,O=Acme"),
                BigInteger.valueOf(4242), Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name(subject), keys.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "dev1.example.com"),
            new GeneralName(GeneralName.dNSName, "dev1.local")}));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    @Test
    void certificate_readsSubjectIssuerAlternativeNamesAndSerial() throws Exception {
        X509Certificate cert = certificate("CN=dev1,O=Example Corp,O=AnyCompany,C=DE,SERIALNUMBER=SN-1");

        ConnectionContext ctx = ConnectionContext.builder().clientId("dev1").certificate(cert).build();

        assertThat(ctx.certificateFields())
                .containsEntry("Subject.CommonName", java.util.List.of("dev1"))
                .containsEntry("Subject.Organization", java.util.List.of("Example Corp", "AnyCompany"))
                .containsEntry("Subject.Country", java.util.List.of("DE"))
                .containsEntry("Subject.SerialNumber", java.util.List.of("SN-1"))
                .containsEntry("Issuer.CommonName", java.util.List.of("Factory CA"))
                .containsEntry("Issuer.Organization", java.util.List.of("Acme"))
                .containsEntry("Subject.AlternativeName.DNSName", java.util.List.of("dev1.example.com", "dev1.local"));
        assertThat(ctx.certificateSerialNumber()).hasValue("4242");
    }

    @Test
    void certificateVariables_fromRealCertificate_driveTheEvaluator() throws Exception {
        X509Certificate cert = certificate("CN=dev1,O=Example Corp,O=AnyCompany");
        ConnectionContext ctx = ConnectionContext.builder().clientId("dev1").certificate(cert).build();
        IotPolicy policy = IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().actions(IotAction.PUBLISH)
                        .resources(IotResource.topic("org/" + PolicyVariable.certificateSubject("Organization", 1) + "/"
                                + PolicyVariable.certificateSubject("CommonName") + "/"
                                + PolicyVariable.subjectAlternativeName("DNSName"))))
                .build();

        Decision d = PolicyEvaluator.of(policy)
                .evaluate(AuthorizationRequest.publish(AWS, "org/AnyCompany/dev1/dev1.example.com", ctx));

        assertThat(d.isAllowed()).isTrue();
    }

    @Test
    void thingVariablesAvailable_onlyWhenAttachedThingIsNamedLikeClientId() {
        assertThat(ConnectionContext.builder().clientId("a").thingName("a").build().thingVariablesAvailable()).isTrue();
        assertThat(ConnectionContext.builder().clientId("a").thingName("b").build().thingVariablesAvailable()).isFalse();
        assertThat(ConnectionContext.builder().clientId("a").thingName("a").thingAttached(false).build()
                .thingVariablesAvailable()).isFalse();
        assertThat(ConnectionContext.ofClientId("a").thingVariablesAvailable()).isFalse();
    }

    @Test
    void toBuilder_copiesEverything() {
        ConnectionContext ctx = ConnectionContext.builder().clientId("a").thingName("a").thingTypeName("T")
                .attributes(java.util.Map.of("k", "v")).certificateField("Subject.CommonName", "a")
                .sourceIp("10.0.0.1").domainName("example.com").connectAttributes(java.util.List.of("LastWill"))
                .conditionKey("iot:LastWillTopic", "x").build();

        assertThat(ctx.toBuilder().build()).isEqualTo(ctx);
    }
}

package io.github.fleetprov.core.arn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import nl.jqno.equalsverifier.EqualsVerifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Vectors from the AWS IoT developer guide (policy resources, role aliases, IAM managed policies). */
class ArnTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:iot:us-east-1:123456789012:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*",
        "arn:aws:iot:us-east-1:123456789012:topicfilter/$aws/things/+/shadow/update",
        "arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}",
        "arn:aws:iot:us-east-1:123456789012:rolealias/my-role-alias",
        "arn:aws:iot:us-west-2:123456789012:thing/thingOne/shadowOne",
        "arn:aws:iam::aws:policy/service-role/AWSIoTThingsRegistration",
        "arn:aws:iam::123456789012:role/GreengrassV2TokenExchangeRole",
        "arn:aws:s3:::my-bucket/certs/device.pem",
        "arn:aws-cn:iot:cn-north-1:123456789012:cert/abc",
        "arn:aws-us-gov:iot:us-gov-west-1:123456789012:policy/p"
    })
    void parse_thenToString_roundTrips(String text) {
        assertThat(Arn.parse(text)).hasToString(text);
        assertThat(Arn.tryParse(text)).contains(Arn.parse(text));
    }

    @ParameterizedTest
    @CsvSource({
        "arn:aws:iot:us-east-1:123456789012:topic/a/b/c, TOPIC, a/b/c",
        "arn:aws:iot:us-east-1:123456789012:topicfilter/$aws/things/+/shadow/update, TOPICFILTER, $aws/things/+/shadow/update",
        "arn:aws:iot:us-east-1:123456789012:provisioningtemplate/FleetTemplate, PROVISIONINGTEMPLATE, FleetTemplate",
        "arn:aws:iot:us-east-1:123456789012:cert/0123abcd, CERT, 0123abcd"
    })
    void iotResourceType_splitsKindAndId(String text, IotResourceType type, String id) {
        Arn arn = Arn.parse(text);

        assertThat(arn.iotResourceType()).contains(type);
        assertThat(arn.resourceId()).isEqualTo(id);
        assertThat(Arn.iot(arn.partition(), arn.region(), arn.accountId(), type, id)).isEqualTo(arn);
    }

    @Test
    void iotResourceType_ofNonIotOrUnknownKind_isEmpty() {
        assertThat(Arn.parse("arn:aws:iam::123456789012:role/R").iotResourceType()).isEmpty();
        assertThat(Arn.parse("arn:aws:iot:us-east-1:123456789012:unknownkind/x").iotResourceType()).isEmpty();
        assertThat(Arn.parse("arn:aws:iot:us-east-1:123456789012:*").iotResourceType()).isEmpty();
    }

    @Test
    void parse_whenPlaceholdersFromDocs_throwsNamingField() {
        assertThatThrownBy(() -> Arn.parse("arn:aws:iot:region:account-id:topic/$aws/things/*/shadow/update"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("region: 'region' is not an AWS region");
        assertThatThrownBy(() -> Arn.parse("arn:aws:iot:us-east-1:account-id:thing/t"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("accountId: 'account-id' is not a 12-digit account id");
        assertThatThrownBy(() -> Arn.parse("iot:us-east-1:123456789012:thing/t"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("arn: ");
        assertThatThrownBy(() -> Arn.parse("arn:aws:iot:us-east-1:123456789012:"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("resource: the resource part is empty");
        assertThat(Arn.tryParse("not an arn")).isEmpty();
        assertThat(Arn.tryParse("arn:aws:iot:region:1:thing/t")).isEmpty();
    }

    @Test
    void iot_whenIdEmpty_throws() {
        assertThatThrownBy(() -> Arn.iot("aws", "us-east-1", "123456789012", IotResourceType.THING, ""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("id: the thing id is empty");
    }

    @Test
    void equalsAndHashCode() {
        EqualsVerifier.forClass(Arn.class).suppress(nl.jqno.equalsverifier.Warning.NULL_FIELDS).verify();
    }

    @Test
    void iamRole_buildsTheRoleArn() {
        assertThat(Arn.iamRole("aws", "123456789012", "GreengrassV2TokenExchangeRole"))
                .hasToString("arn:aws:iam::123456789012:role/GreengrassV2TokenExchangeRole");
        assertThat(Arn.iamRole("aws-cn", "123456789012", "service-role/Provisioning"))
                .hasToString("arn:aws-cn:iam::123456789012:role/service-role/Provisioning");
    }

    @Test
    void iamRole_whenNameEmpty_namesTheField() {
        assertThatThrownBy(() -> Arn.iamRole("aws", "123456789012", ""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("roleName");
    }

    @Test
    void iamManagedPolicy_buildsTheAwsOwnedPolicyArn() {
        assertThat(Arn.iamManagedPolicy("aws-us-gov", "service-role/AWSIoTThingsRegistration"))
                .hasToString("arn:aws-us-gov:iam::aws:policy/service-role/AWSIoTThingsRegistration");
    }

    @Test
    void withPartition_movesTheArnToAnotherPartition() {
        assertThat(Arn.parse("arn:aws:iam::aws:policy/service-role/AWSIoTThingsRegistration").withPartition("aws-cn"))
                .hasToString("arn:aws-cn:iam::aws:policy/service-role/AWSIoTThingsRegistration");
    }

    @Test
    void iotResourcePattern_allowsWildcardRegionAndAccount() {
        assertThat(Arn.iotResourcePattern("aws", "*", "*", IotResourceType.TOPIC, "dt/${iot:ClientId}/*"))
                .isEqualTo("arn:aws:iot:*:*:topic/dt/${iot:ClientId}/*");
        assertThat(Arn.iotResourcePattern("aws", "us-east-1", "123456789012", IotResourceType.CLIENT, "c1"))
                .isEqualTo(Arn.iot("aws", "us-east-1", "123456789012", IotResourceType.CLIENT, "c1").toString());
    }

    @Test
    void iotResourcePattern_whenRegionMalformed_namesTheField() {
        assertThatThrownBy(() -> Arn.iotResourcePattern("aws", "mars", "*", IotResourceType.TOPIC, "t"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("region");
        assertThatThrownBy(() -> Arn.iotResourcePattern("aws", "*", "*", IotResourceType.TOPIC, ""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("id");
    }
}

package io.github.fleetprov.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IotPolicyBuildTest {

    private static final PolicyContext AWS = PolicyContext.of("us-east-1", "123456789012");

    @Test
    void build_whenSubscribeOnTopicArn_throwsNamingStatementAndTopicfilterFix() {
        assertThatThrownBy(() -> IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().actions(IotAction.CONNECT).resources(IotResource.client("c1")))
                .addStatement(s -> s.sid("Sub").allow().actions(IotAction.SUBSCRIBE).resources(IotResource.topic("a/b")))
                .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/Statement/1/Action/0")
                .hasMessageContaining("statement 1 (Sid Sub)")
                .hasMessageContaining("topicfilter/a/b");
    }

    @Test
    void build_whenConnectOnTopic_throws() {
        assertThatThrownBy(() -> IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().actions(IotAction.CONNECT).resources(IotResource.topic("x"))).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("iot:Connect is authorized on client/ ARNs");
    }

    @Test
    void build_whenActionsShareStatementWithMatchingKinds_accepts() {
        IotPolicy policy = IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().actions(IotAction.PUBLISH, IotAction.SUBSCRIBE, IotAction.RECEIVE)
                        .resources(IotResource.topic("a"), IotResource.topicFilter("a")))
                .build();

        assertThat(policy.statements()).hasSize(1);
    }

    @Test
    void build_whenCredentialsIotVariable_throwsWithIamAlternative() {
        assertThatThrownBy(() -> IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().actions(IotAction.PUBLISH)
                        .resources(IotResource.topic("${credentials-iot:ThingName}/x")))
                .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/Statement/0/Resource/0")
                .hasMessageContaining("credentials-iot:")
                .hasMessageContaining("IAM role policy");
    }

    @Test
    void build_whenUnknownVariableInCondition_throws() {
        assertThatThrownBy(() -> IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().actions(IotAction.CONNECT).resources(IotResource.client("*"))
                        .addCondition(IotConditionOperator.STRING_EQUALS, "iot:ClientId", "${iot:Serial}"))
                .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/Statement/0/Condition/StringEquals/iot:ClientId/0")
                .hasMessageContaining("${iot:Serial}");
    }

    @Test
    void build_whenCertificateVariableWithIndexAndList_accepts() {
        IotPolicy policy = IotPolicy.builder().context(AWS)
                .addStatement(s -> s.allow().actions(IotAction.PUBLISH)
                        .resources(IotResource.topic("${iot:Certificate.Subject.Country.1}/"
                                + "${iot:Certificate.Issuer.AlternativeName.DNSName}/${*}"))
                        .addCondition(IotConditionOperator.STRING_EQUALS.forAllValues(),
                                "iot:Certificate.Subject.Organization.List", "Acme"))
                .build();

        assertThat(policy.toJson()).contains("ForAllValues:StringEquals");
    }

    @Test
    void build_whenOverSizeLimit_throwsWithSplitAdvice() {
        IotPolicy.Builder b = IotPolicy.builder().context(AWS);
        for (int i = 0; i < 30; i++) {
            int n = i;
            b.addStatement(s -> s.allow().actions(IotAction.PUBLISH).resources(IotResource.topic("devices/" + n + "/x")));
        }

        assertThatThrownBy(b::build)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("without white space")
                .hasMessageContaining("2048")
                .hasMessageContaining("several policies");
    }

    @Test
    void build_whenResourceUnboundAndNoContext_throwsWithContextFix() {
        assertThatThrownBy(() -> IotPolicy.builder()
                .addStatement(s -> s.allow().actions(IotAction.PUBLISH).resources(IotResource.topic("a"))).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/Statement/0/Resource/0")
                .hasMessageContaining("PolicyContext");
    }

    @Test
    void build_whenNoStatement_throws() {
        assertThatThrownBy(() -> IotPolicy.builder().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/Statement")
                .hasMessageContaining("at least one statement");
    }

    @Test
    void statementBuild_whenEffectOrActionsMissing_throws() {
        assertThatThrownBy(() -> IotStatement.builder().actions(IotAction.CONNECT).resources(IotResource.all()).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Effect");
        assertThatThrownBy(() -> IotStatement.builder().allow().resources(IotResource.all()).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no actions");
        assertThatThrownBy(() -> IotStatement.builder().allow().actions(IotAction.CONNECT).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no resources");
    }

    @Test
    void version2008_refusesVariables() {
        assertThatThrownBy(() -> IotPolicy.fromJson("{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}\"}}"))
                .isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("2012-10-17");
    }

    @Test
    void conditionOperator_parsesQualifiersAndIfExists() {
        IotConditionOperator op = IotConditionOperator.create("ForAnyValue:StringLikeIfExists");

        assertThat(op.setQualifier()).isEqualTo(IotConditionOperator.SetQualifier.FOR_ANY_VALUE);
        assertThat(op.baseName()).isEqualTo("StringLike");
        assertThat(op.isIfExists()).isTrue();
        assertThat(op.isKnown()).isTrue();
        assertThat(IotConditionOperator.STRING_LIKE.forAnyValue().ifExists()).isEqualTo(op);
        assertThat(IotConditionOperator.create("NotIpAddress").isNegated()).isTrue();
        assertThatThrownBy(() -> IotConditionOperator.create("ForAllValues:"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("condition operator");
    }

    @Test
    void policyVariable_parsesDocumentedVariables() {
        assertThat(PolicyVariable.parse("iot:Connection.Thing.Attributes[site]").thingAttributeName()).hasValue("site");
        assertThat(PolicyVariable.parse("iot:Certificate.Subject.Organization.2").certificateValueIndex()).hasValue(2);
        assertThat(PolicyVariable.parse("iot:Certificate.Subject.Organization.List").isList()).isTrue();
        assertThat(PolicyVariable.certificateSubject("CommonName").toString())
                .isEqualTo("${iot:Certificate.Subject.CommonName}");
        assertThat(PolicyVariable.parse("*").kind()).isEqualTo(PolicyVariable.Kind.SPECIAL_CHARACTER);
        assertThatThrownBy(() -> PolicyVariable.parse("iot:Certificate.Subject.Locality"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("certificate variable");
        assertThatThrownBy(() -> PolicyVariable.parse("iot:Thing.ThingName"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("${iot:Connection.Thing.ThingName}");
    }

    @Test
    void resources_renderFullArnsInAnyPartition() {
        PolicyContext cn = PolicyContext.of("aws-cn", "cn-north-1", "123456789012");

        assertThat(cn.topicFilter("a/+").value()).isEqualTo("arn:aws-cn:iot:cn-north-1:123456789012:topicfilter/a/+");
        assertThat(PolicyContext.of("aws", "*", "*").client("c").value()).isEqualTo("arn:aws:iot:*:*:client/c");
        assertThat(IotResource.thing("t").bind(AWS).type()).hasValue(io.github.fleetprov.core.arn.IotResourceType.THING);
        assertThat(List.of(IotResource.all().value(), IotResource.create("*").value())).containsOnly("*");
        assertThatThrownBy(() -> PolicyContext.of("us-east-1", "12")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("accountId");
        assertThatThrownBy(() -> IotResource.topic("")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> IotResource.topic("a").value()).isInstanceOf(IllegalStateException.class);
    }
}

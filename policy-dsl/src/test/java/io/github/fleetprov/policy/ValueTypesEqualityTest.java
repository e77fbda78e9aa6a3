package io.github.fleetprov.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.policy.internal.DefaultIotPolicy;
import io.github.fleetprov.policy.internal.DefaultIotStatement;
import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;
import org.junit.jupiter.api.Test;

class ValueTypesEqualityTest {

    @Test
    void iotAction_equalsIgnoresCaseLikeAws() {
        EqualsVerifier.forClass(IotAction.class).withOnlyTheseFields("lowerCase").suppress(Warning.NULL_FIELDS)
                .verify();
        assertThat(IotAction.create("IOT:PUBLISH")).isEqualTo(IotAction.PUBLISH);
        assertThat(IotAction.create("IOT:PUBLISH").value()).isEqualTo("IOT:PUBLISH");
        assertThat(IotAction.create("iot:Publish")).isSameAs(IotAction.PUBLISH);
    }

    @Test
    void valueClasses_honourEqualsContract() {
        EqualsVerifier.forClass(IotResource.class).verify();
        EqualsVerifier.forClass(IotConditionOperator.class).withOnlyTheseFields("value")
                .suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(PolicyVariable.class).withOnlyTheseFields("name").suppress(Warning.NULL_FIELDS)
                .verify();
        EqualsVerifier.forClass(ConnectionContext.class).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(DefaultIotStatement.class).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(DefaultIotPolicy.class).suppress(Warning.NULL_FIELDS).verify();
    }

    @Test
    void records_honourEqualsContract() {
        EqualsVerifier.forClass(IotCondition.class).suppress(Warning.NULL_FIELDS).verify();
        assertThat(PolicyContext.of("us-east-1", "123456789012"))
                .isEqualTo(PolicyContext.of("aws", "us-east-1", "123456789012"))
                .hasSameHashCodeAs(PolicyContext.of("aws", "us-east-1", "123456789012"))
                .isNotEqualTo(PolicyContext.of("aws-cn", "us-east-1", "123456789012"));
        EqualsVerifier.forClass(LintFinding.class).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(StatementRef.class).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(AuthorizationRequest.class).suppress(Warning.NULL_FIELDS)
                .withPrefabValues(IotAction.class, IotAction.PUBLISH, IotAction.SUBSCRIBE).verify();
    }

    @Test
    void copy_changesOnlyWhatIsAskedFor() {
        IotPolicy policy = ClaimPolicies.builder().templateNames("T").region("us-east-1").accountId("123456789012")
                .clientIdPattern("f-*").build();

        IotPolicy renamed = policy.copy(b -> b.id("claim"));

        assertThat(renamed.id()).hasValue("claim");
        assertThat(renamed.statements()).isEqualTo(policy.statements());
        assertThat(renamed).isNotEqualTo(policy);
        assertThat(renamed.toBuilder().id(null).build()).isEqualTo(policy).hasSameHashCodeAs(policy);
        IotStatement first = policy.statements().get(0);
        assertThat(first.copy(s -> s.sid("Other")).sid()).hasValue("Other");
    }
}

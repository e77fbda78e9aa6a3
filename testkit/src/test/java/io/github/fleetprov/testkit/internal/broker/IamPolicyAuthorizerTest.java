package io.github.fleetprov.testkit.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.testkit.TestClock;
import io.github.fleetprov.testkit.internal.iam.IamRole;
import io.github.fleetprov.testkit.internal.iam.IamState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The MQTT actions of a SigV4 connection are authorized by the IAM policies of its role. */
class IamPolicyAuthorizerTest {

    private static final String ARN = "arn:aws:iot:us-east-1:123456789012:";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"credentials.iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}";

    private IamState iam;
    private IamRole role;
    private IamPolicyAuthorizer authorizer;

    @BeforeEach
    void role() {
        iam = new IamState("aws", "123456789012", TestClock.system());
        role = iam.createRole("GatewayRole", null, TRUST, null, null, Map.of());
        authorizer = new IamPolicyAuthorizer(iam);
    }

    private Connection connection(String clientId) {
        return new Connection(clientId, null, null, null, true, List.of(), null,
                new IamPrincipal("ASIAEXAMPLE", role.arn(), "session-1"));
    }

    private boolean allowed(String clientId, IotAction action, String resource) {
        return authorizer.evaluate(connection(clientId), action, ARN + resource).allowed();
    }

    private void put(String name, String statements) {
        iam.putRolePolicy("GatewayRole", name, "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
    }

    @Test
    void allowStatements_grantExactlyTheirActionsAndResources() {
        put("mqtt", "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"" + ARN + "client/gw-1\"},"
                + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],\"Resource\":\"" + ARN
                + "topic/gw-1/*\"}");

        assertThat(allowed("gw-1", IotAction.CONNECT, "client/gw-1")).isTrue();
        assertThat(allowed("gw-2", IotAction.CONNECT, "client/gw-2")).isFalse();
        assertThat(allowed("gw-1", IotAction.PUBLISH, "topic/gw-1/telemetry")).isTrue();
        assertThat(allowed("gw-1", IotAction.PUBLISH, "topic/gw-2/telemetry")).isFalse();
        assertThat(allowed("gw-1", IotAction.SUBSCRIBE, "topicfilter/gw-1/#")).isFalse();
    }

    @Test
    void anExplicitDeny_winsOverAnAllow() {
        put("allow", "{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}");
        put("deny", "{\"Effect\":\"Deny\",\"Action\":\"iot:Publish\",\"Resource\":\"" + ARN + "topic/admin/*\"}");

        assertThat(allowed("gw-1", IotAction.PUBLISH, "topic/gw-1/telemetry")).isTrue();
        PolicyEnforcer.Outcome denied = authorizer.evaluate(connection("gw-1"), IotAction.PUBLISH,
                ARN + "topic/admin/reset");
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.result()).isEqualTo("EXPLICIT_DENY");
        assertThat(denied.explanation()).contains("GatewayRole");
    }

    @Test
    void statementsOfOtherServices_areIgnored_andWildcardActionsCoverIot() {
        put("mixed", "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket/*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"" + ARN + "client/gw-*\"}");

        assertThat(allowed("gw-9", IotAction.CONNECT, "client/gw-9")).isTrue();
        assertThat(allowed("gw-9", IotAction.PUBLISH, "topic/x")).isFalse();
    }

    @Test
    void aDenyStatementThatCannotBeEvaluated_deniesEveryMqttAction() {
        put("allow", "{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}");
        // An IAM policy variable the AWS IoT policy reader does not know.
        put("odd", "{\"Effect\":\"Deny\",\"Action\":\"iot:Publish\",\"Resource\":\"" + ARN
                + "topic/${aws:userid}/*\"}");

        PolicyEnforcer.Outcome outcome = authorizer.evaluate(connection("gw-1"), IotAction.CONNECT, ARN + "client/gw-1");
        assertThat(outcome.allowed()).isFalse();
        assertThat(outcome.explanation()).contains("odd").contains("cannot be evaluated");
    }

    @Test
    void theAwsManagedDataAccessPolicy_allowsMqtt() {
        iam.attachRolePolicy("GatewayRole", "arn:aws:iam::aws:policy/AWSIoTDataAccess");

        assertThat(allowed("any", IotAction.CONNECT, "client/any")).isTrue();
        assertThat(allowed("any", IotAction.SUBSCRIBE, "topicfilter/a/#")).isTrue();
    }

    @Test
    void aRoleWithoutPolicies_allowsNothing_andSaysHowToFixIt() {
        PolicyEnforcer.Outcome outcome = authorizer.evaluate(connection("gw-1"), IotAction.CONNECT, ARN + "client/gw-1");

        assertThat(outcome.allowed()).isFalse();
        assertThat(outcome.explanation()).contains("PutRolePolicy");
    }

    @Test
    void aNewInlinePolicy_takesEffectOnTheNextDecision() {
        assertThat(allowed("gw-1", IotAction.CONNECT, "client/gw-1")).isFalse();

        put("mqtt", "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"}");

        assertThat(allowed("gw-1", IotAction.CONNECT, "client/gw-1")).isTrue();
    }
}

package io.github.fleetprov.policy.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;

/** Reading IAM trust and permissions policies: size quotas first, then the shape IAM requires. */
class IamPolicyReadTest {

    /** The trust policy of the token exchange role, as the Greengrass setup guide writes it. */
    private static final String TOKEN_EXCHANGE_TRUST = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Principal": {
                    "Service": "credentials.iot.amazonaws.com"
                  },
                  "Action": "sts:AssumeRole"
                }
              ]
            }""";

    private static String permissionsWithResource(int idLength) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::" + "b".repeat(idLength) + "\"}]}";
    }

    @Test
    void readTrustPolicy_readsTheDocumentedTokenExchangeTrust() {
        IamPolicy policy = IamPolicies.readTrustPolicy(TOKEN_EXCHANGE_TRUST);

        assertThat(policy).isEqualTo(IamPolicies.tokenExchangeRoleTrust());
    }

    @Test
    void readPermissionsPolicy_readsWhatTheFactoriesWrite() {
        IamPolicy access = IamPolicies.greengrassTokenExchangeAccess();

        assertThat(IamPolicies.readPermissionsPolicy(access.toJson())).isEqualTo(access);
    }

    @Test
    void readTrustPolicy_overTheDefaultQuota_namesQuotaAndSize_butFitsARaisedQuota() {
        String trust = TOKEN_EXCHANGE_TRUST.replace("\"Effect\": \"Allow\",",
                "\"Sid\": \"" + "s".repeat(2_000) + "\", \"Effect\": \"Allow\",");

        assertThatThrownBy(() -> IamPolicies.readTrustPolicy(trust))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("trust policy: has 2,")
                .hasMessageContaining("IAM accepts at most 2,048 (role trust policy length quota)");
        assertThat(IamPolicies.readTrustPolicy(trust, 4_096).statements()).hasSize(1);
    }

    @Test
    void readPermissionsPolicy_overTheManagedPolicySize_isRefusedBeforeParsing() {
        String base = permissionsWithResource(0);
        String over = permissionsWithResource(IamPolicies.MAX_MANAGED_POLICY_SIZE - base.length() + 1);
        String hundredKilobytesOfNothing = "{" + "\"".repeat(100_000);

        assertThatThrownBy(() -> IamPolicies.readPermissionsPolicy(over))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has 6,145 characters without white space; IAM accepts at most 6,144");
        assertThatThrownBy(() -> IamPolicies.readPermissionsPolicy(hundredKilobytesOfNothing))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("100,001 characters without white space");
    }

    @Test
    void read_whenLongerThanIamTakesAtAll_namesTheDocumentLimit() {
        String longText = " ".repeat(IamPolicies.MAX_DOCUMENT_LENGTH) + TOKEN_EXCHANGE_TRUST;

        assertThatThrownBy(() -> IamPolicies.readTrustPolicy(longText))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 131,072 characters");
    }

    @Test
    void readTrustPolicy_whenAPermissionsPolicy_saysThePrincipalIsMissing() {
        String permissions = IamPolicies.greengrassTokenExchangeAccess().toJson();

        assertThatThrownBy(() -> IamPolicies.readTrustPolicy(permissions))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("/Statement/0"))
                .hasMessageContaining("has no Principal");
    }

    @Test
    void readPermissionsPolicy_whenATrustPolicy_saysPrincipalDoesNotBelong() {
        assertThatThrownBy(() -> IamPolicies.readPermissionsPolicy(TOKEN_EXCHANGE_TRUST))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("/Statement/0/Principal"));
    }

    @Test
    void read_whenTheEffectIsNeitherAllowNorDeny_namesTheEffect() {
        String maybe = TOKEN_EXCHANGE_TRUST.replace("\"Allow\"", "\"allow\"");

        assertThatThrownBy(() -> IamPolicies.readTrustPolicy(maybe))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("/Statement/0/Effect"))
                .hasMessageContaining("'allow' is not an effect");
    }

    @Test
    void read_whenNotJson_isAnInputError() {
        assertThatThrownBy(() -> IamPolicies.readTrustPolicy("{\"Statement\":[}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("trust policy: is not a valid IAM policy document");
    }
}

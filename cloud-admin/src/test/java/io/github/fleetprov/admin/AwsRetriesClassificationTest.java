package io.github.fleetprov.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Throttling is what the AWS SDK's own retry classification says it is. */
class AwsRetriesClassificationTest {

    private static AwsServiceException serviceError(int status, String code) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build())
                .build();
    }

    @Test
    void isThrottling_whenTheSdkClassifiesTheCodeAsThrottling_isTrue() {
        assertThat(AwsRetries.isThrottling(serviceError(400, "ThrottlingException"))).isTrue();
        assertThat(AwsRetries.isThrottling(serviceError(503, "SlowDown"))).isTrue();
        assertThat(AwsRetries.isThrottling(serviceError(400, "TooManyRequestsException"))).isTrue();
    }

    @Test
    void isThrottling_whenHttp429WithAnUnknownCode_isTrue() {
        assertThat(AwsRetries.isThrottling(serviceError(429, "SomethingNew"))).isTrue();
    }

    @Test
    void isThrottling_whenQuotaReachedOrBadRequestOrNoAnswer_isFalse() {
        assertThat(AwsRetries.isThrottling(serviceError(410, "LimitExceededException"))).isFalse();
        assertThat(AwsRetries.isThrottling(serviceError(400, "InvalidRequestException"))).isFalse();
        assertThat(AwsRetries.isThrottling(SdkClientException.create("no answer", new IOException("reset"))))
                .isFalse();
        assertThat(AwsRetries.isThrottling(new IllegalStateException("not an SDK failure"))).isFalse();
    }

    @Test
    void isRetryable_whenThrottled_isTrue_andWhenQuotaReached_isFalse() {
        assertThat(AwsRetries.isRetryable(serviceError(400, "ThrottlingException"))).isTrue();
        assertThat(AwsRetries.isRetryable(serviceError(410, "LimitExceededException"))).isFalse();
    }
}

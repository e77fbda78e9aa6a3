package io.github.fleetprov.admin;

import io.github.fleetprov.admin.internal.DefaultBulkRegistration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bulk registration for factories, on AWS's own engine (StartThingRegistrationTask): write the
 * input file to S3, start the task, follow it, read its result and error reports.
 *
 * <p>The input file is newline-delimited JSON, one object of template parameters per device, e.g.
 * {@code {"ThingName":"dev-1","SerialNumber":"123","CSR":"-----BEGIN CERTIFICATE REQUEST-----..."}}.
 * Only one bulk registration task runs at a time per account, and the task's calls count against
 * the account's IoT API quotas.
 *
 * <pre>{@code
 * BulkRegistration bulk = BulkRegistration.create(iot, s3);
 * bulk.writeInputFile("factory-bucket", "batch-7.json", rows);
 * String taskId = bulk.start(templateBody, "factory-bucket", "batch-7.json", provisioningRoleArn);
 * BulkTaskStatus done = bulk.follow(taskId, Duration.ofSeconds(5), s -> log(s.percentageProgress()));
 * List<String> results = bulk.results(taskId);
 * }</pre>
 */
public interface BulkRegistration {

    /**
     * A facade over clients the caller built (and closes). Reports are fetched from the pre-signed
     * links AWS returns, with the JDK's HTTP client.
     *
     * @param iot the AWS IoT client
     * @param s3 the S3 client (for the input file)
     * @return the facade
     */
    static BulkRegistration create(IotClient iot, S3Client s3) {
        return new DefaultBulkRegistration(Objects.requireNonNull(iot, "iot"), Objects.requireNonNull(s3, "s3"));
    }

    /**
     * Writes the input file: one JSON object of parameters per device, newline-delimited, SSE-S3
     * encrypted.
     *
     * @param bucket the bucket
     * @param key the object key
     * @param devices each device's template parameters, at least one
     * @return the number of lines written
     * @throws io.github.fleetprov.core.InvalidInputException if there are no devices or a device has no parameters
     */
    int writeInputFile(String bucket, String key, List<Map<String, String>> devices);

    /**
     * StartThingRegistrationTask.
     *
     * @param templateBody the provisioning template JSON
     * @param bucket the input file's bucket
     * @param key the input file's key
     * @param roleArn a role AWS IoT can assume to read the file and register things
     * @return the task id
     */
    String start(String templateBody, String bucket, String key, String roleArn);

    /**
     * DescribeThingRegistrationTask.
     *
     * @param taskId the task
     * @return its state
     */
    BulkTaskStatus describe(String taskId);

    /**
     * Polls the task until it has finished, telling the callback each state seen.
     *
     * @param taskId the task
     * @param pollInterval time between polls
     * @param onProgress called with every state, the final one included
     * @return the final state
     */
    BulkTaskStatus follow(String taskId, Duration pollInterval, Consumer<BulkTaskStatus> onProgress);

    /**
     * The lines of the task's result reports (one JSON object per registered device).
     *
     * @param taskId the task
     * @return the lines
     */
    List<String> results(String taskId);

    /**
     * The lines of the task's error reports (one JSON object per failed device).
     *
     * @param taskId the task
     * @return the lines
     */
    List<String> errors(String taskId);
}

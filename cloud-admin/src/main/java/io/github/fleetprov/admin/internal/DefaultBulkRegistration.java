package io.github.fleetprov.admin.internal;

import static io.github.fleetprov.admin.internal.IotOps.IOT;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.fleetprov.admin.BulkRegistration;
import io.github.fleetprov.admin.BulkTaskStatus;
import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ReportType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The {@link BulkRegistration} over IoT and S3 clients. */
public final class DefaultBulkRegistration implements BulkRegistration {

    private final IotClient iot;
    private final S3Client s3;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /**
     * Creates the facade.
     *
     * @param iot the IoT client
     * @param s3 the S3 client
     */
    public DefaultBulkRegistration(IotClient iot, S3Client s3) {
        this.iot = iot;
        this.s3 = s3;
    }

    @Override
    public int writeInputFile(String bucket, String key, List<Map<String, String>> devices) {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(devices, "devices");
        if (devices.isEmpty()) {
            throw new InvalidInputException("devices", "is empty", "Give at least one device's parameters.");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < devices.size(); i++) {
            Map<String, String> d = devices.get(i);
            if (d == null || d.isEmpty()) {
                throw new InvalidInputException("devices[" + i + "]", "has no parameters",
                        "Give the template parameters of every device, e.g. ThingName and CSR.");
            }
            try {
                sb.append(Json.MAPPER.writeValueAsString(d)).append('\n');
            } catch (JsonProcessingException e) {
                throw new InvalidInputException("devices[" + i + "]", "cannot be written as JSON", "", e);
            }
        }
        Calls.call("S3", "PutObject", "s3://" + bucket + "/" + key, () -> s3.putObject(r -> r.bucket(bucket).key(key)
                .contentType("application/json").serverSideEncryption(ServerSideEncryption.AES256),
                RequestBody.fromString(sb.toString())));
        return devices.size();
    }

    @Override
    public String start(String templateBody, String bucket, String key, String roleArn) {
        Objects.requireNonNull(templateBody, "templateBody");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(roleArn, "roleArn");
        return Calls.call(IOT, "StartThingRegistrationTask", "s3://" + bucket + "/" + key,
                () -> iot.startThingRegistrationTask(r -> r.templateBody(templateBody).inputFileBucket(bucket)
                        .inputFileKey(key).roleArn(roleArn))).taskId();
    }

    @Override
    public BulkTaskStatus describe(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        var r = Calls.call(IOT, "DescribeThingRegistrationTask", taskId,
                () -> iot.describeThingRegistrationTask(b -> b.taskId(taskId)));
        return new BulkTaskStatus(taskId, r.statusAsString() == null ? "" : r.statusAsString(), n(r.successCount()),
                n(r.failureCount()), n(r.percentageProgress()), r.message() == null ? "" : r.message());
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    @Override
    public BulkTaskStatus follow(String taskId, Duration pollInterval, Consumer<BulkTaskStatus> onProgress) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(onProgress, "onProgress");
        if (pollInterval.isNegative()) {
            throw new InvalidInputException("pollInterval", "is negative", "Use a positive interval, e.g. PT5S.");
        }
        while (true) {
            BulkTaskStatus s = describe(taskId);
            onProgress.accept(s);
            if (s.isFinished()) {
                return s;
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FleetProvisioningException("Following bulk registration task " + taskId
                        + " was interrupted; the task itself goes on. Call follow again to resume.", e);
            }
        }
    }

    @Override
    public List<String> results(String taskId) {
        return report(taskId, ReportType.RESULTS);
    }

    @Override
    public List<String> errors(String taskId) {
        return report(taskId, ReportType.ERRORS);
    }

    private List<String> report(String taskId, ReportType type) {
        Objects.requireNonNull(taskId, "taskId");
        List<String> lines = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = Calls.call(IOT, "ListThingRegistrationTaskReports", taskId,
                    () -> iot.listThingRegistrationTaskReports(r -> r.taskId(taskId).reportType(type).nextToken(next)));
            for (String link : page.resourceLinks()) {
                lines.addAll(download(taskId, link));
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return lines;
    }

    private List<String> download(String taskId, String link) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(link)).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TransientFailure("Bulk registration task " + taskId
                    + ": downloading a report failed (" + e.getClass().getSimpleName() + "); try again.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetProvisioningException("Bulk registration task " + taskId + ": interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new FleetProvisioningException("Bulk registration task " + taskId + ": report download answered HTTP "
                    + response.statusCode() + "; the pre-signed link may have expired, list the reports again.");
        }
        List<String> out = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return out;
    }
}

package io.github.fleetprov.admin;

import java.util.Objects;

/**
 * The state of a bulk registration task (DescribeThingRegistrationTask).
 *
 * @param taskId the task id
 * @param status {@code InProgress}, {@code Completed}, {@code Failed}, {@code Cancelling} or {@code Cancelled}
 * @param successCount devices registered so far
 * @param failureCount devices that failed so far
 * @param percentageProgress 0 to 100
 * @param message the service's message, or empty
 */
public record BulkTaskStatus(String taskId, String status, int successCount, int failureCount,
        int percentageProgress, String message) {

    /**
     * Validates the parts.
     *
     * @param taskId the task
     * @param status the status
     * @param successCount successes
     * @param failureCount failures
     * @param percentageProgress progress
     * @param message the message
     */
    public BulkTaskStatus {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    /** @return whether the task has ended (completed, failed or cancelled) */
    public boolean isFinished() {
        return "Completed".equals(status) || "Failed".equals(status) || "Cancelled".equals(status);
    }
}

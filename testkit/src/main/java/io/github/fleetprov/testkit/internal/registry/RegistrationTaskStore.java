package io.github.fleetprov.testkit.internal.registry;

import io.github.fleetprov.testkit.registry.RegistryException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Bulk thing registration tasks (StartThingRegistrationTask and its Describe, List, Stop and report
 * operations). Table: {@code thingRegistrationTasks} (by task id). A task is kept with the rest of
 * the registry, so with a data directory it outlives the emulator; a task that was still running
 * when the emulator stopped is found {@link Status#FAILED} by {@link #failInterrupted()}.
 *
 * <p>Statuses and members follow the AWS IoT service model's {@code DescribeThingRegistrationTask}
 * response and its {@code Status} enum ({@code InProgress | Completed | Failed | Cancelled |
 * Cancelling}).
 */
public final class RegistrationTaskStore {

    /** The service model's {@code Status} of a thing registration task. */
    public enum Status {
        /** Lines are being registered. */
        IN_PROGRESS("InProgress"),
        /** Every line was tried; failed lines are in the error report. */
        COMPLETED("Completed"),
        /** The task could not run (e.g. its input file could not be read). */
        FAILED("Failed"),
        /** Stopped by StopThingRegistrationTask. */
        CANCELLED("Cancelled"),
        /** Stop was asked for; the line being registered finishes first. */
        CANCELLING("Cancelling");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        /** @return the name on the wire, e.g. {@code InProgress} */
        public String wireName() {
            return wireName;
        }

        /** @return whether the task has ended */
        public boolean isFinished() {
            return this == COMPLETED || this == FAILED || this == CANCELLED;
        }

        /**
         * The status of a wire name.
         *
         * @param wireName e.g. {@code Completed}
         * @return the status, if the name is one
         */
        public static Optional<Status> fromWireName(String wireName) {
            for (Status s : values()) {
                if (s.wireName.equals(wireName)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One task, as DescribeThingRegistrationTask answers it, with where its reports are.
     *
     * @param taskId the task id (a UUID: 36 characters, within the model's 40)
     * @param creationDate when it was started
     * @param lastModifiedDate when it last changed
     * @param templateBody the provisioning template
     * @param inputFileBucket the input file's bucket
     * @param inputFileKey the input file's key
     * @param roleArn the role given to read the file
     * @param status the status
     * @param message why the task failed, or empty
     * @param successCount lines registered
     * @param failureCount lines that failed
     * @param percentageProgress 0 to 100
     * @param resultReportKeys keys of the result reports in the input file's bucket
     * @param errorReportKeys keys of the error reports in the input file's bucket
     */
    public record Task(String taskId, Instant creationDate, Instant lastModifiedDate, String templateBody,
            String inputFileBucket, String inputFileKey, String roleArn, Status status, String message,
            int successCount, int failureCount, int percentageProgress, List<String> resultReportKeys,
            List<String> errorReportKeys) {

        /** Checks the parts and copies the lists. */
        public Task {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(creationDate, "creationDate");
            Objects.requireNonNull(lastModifiedDate, "lastModifiedDate");
            Objects.requireNonNull(templateBody, "templateBody");
            Objects.requireNonNull(inputFileBucket, "inputFileBucket");
            Objects.requireNonNull(inputFileKey, "inputFileKey");
            Objects.requireNonNull(roleArn, "roleArn");
            Objects.requireNonNull(status, "status");
            message = message == null ? "" : message;
            resultReportKeys = resultReportKeys == null ? List.of() : List.copyOf(resultReportKeys);
            errorReportKeys = errorReportKeys == null ? List.of() : List.copyOf(errorReportKeys);
        }

        /**
         * This task with progress counted.
         *
         * @param success lines registered so far
         * @param failure lines failed so far
         * @param percent progress, 0 to 100
         * @param now the time of the change
         * @return the changed task
         */
        public Task withProgress(int success, int failure, int percent, Instant now) {
            return new Task(taskId, creationDate, now, templateBody, inputFileBucket, inputFileKey, roleArn, status,
                    message, success, failure, percent, resultReportKeys, errorReportKeys);
        }

        /**
         * This task in another status.
         *
         * @param newStatus the status
         * @param newMessage the message (empty for none)
         * @param now the time of the change
         * @return the changed task
         */
        public Task withStatus(Status newStatus, String newMessage, Instant now) {
            return new Task(taskId, creationDate, now, templateBody, inputFileBucket, inputFileKey, roleArn, newStatus,
                    newMessage, successCount, failureCount, percentageProgress, resultReportKeys, errorReportKeys);
        }

        /**
         * This task with its reports.
         *
         * @param results the result report keys
         * @param errors the error report keys
         * @param now the time of the change
         * @return the changed task
         */
        public Task withReports(List<String> results, List<String> errors, Instant now) {
            return new Task(taskId, creationDate, now, templateBody, inputFileBucket, inputFileKey, roleArn, status,
                    message, successCount, failureCount, percentageProgress, results, errors);
        }
    }

    private final RegistryTables tables;
    private final Clock clock;
    private final RegistryTable<Task> tasks;

    /**
     * Declares the table in the registry's tables.
     *
     * @param tables the tables (shared with the other families, so one journal keeps them all)
     * @param clock the clock of creation and change dates
     */
    public RegistrationTaskStore(RegistryTables tables, Clock clock) {
        this.tables = Objects.requireNonNull(tables, "tables");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tasks = tables.table("thingRegistrationTasks", Task.class);
    }

    /**
     * Starts a task, unless one is running: AWS IoT runs one bulk registration task at a time per
     * account (developer guide, "Bulk registration").
     *
     * @param templateBody the template
     * @param bucket the input file's bucket
     * @param key the input file's key
     * @param roleArn the role
     * @return the new task, {@link Status#IN_PROGRESS}
     * @throws RegistryException {@code InvalidRequestException} while another task runs
     */
    public Task start(String templateBody, String bucket, String key, String roleArn) {
        return tables.write(() -> {
            for (Task t : tasks.values()) {
                if (!t.status().isFinished()) {
                    throw RegistryException.invalidRequest("Bulk registration task " + t.taskId() + " is "
                            + t.status().wireName() + "; AWS IoT runs one bulk registration task at a time per"
                            + " account. Wait until it ends, or stop it with StopThingRegistrationTask.");
                }
            }
            Instant now = clock.instant();
            Task task = new Task(UUID.randomUUID().toString(), now, now, templateBody, bucket, key, roleArn,
                    Status.IN_PROGRESS, "", 0, 0, 0, List.of(), List.of());
            tasks.put(task.taskId(), task);
            return task;
        });
    }

    /**
     * A task.
     *
     * @param taskId the id
     * @return the task, if it exists
     */
    public Optional<Task> find(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return tables.read(() -> tasks.find(taskId));
    }

    /**
     * Every task, by id.
     *
     * @return the tasks
     */
    public List<Task> list() {
        return tables.read(() -> List.copyOf(tasks.values()));
    }

    /**
     * Changes a task.
     *
     * @param taskId the task
     * @param change the change
     * @return the changed task
     * @throws RegistryException {@code ResourceNotFoundException} if there is no such task
     */
    public Task update(String taskId, UnaryOperator<Task> change) {
        return tables.write(() -> {
            Task t = tasks.find(taskId).orElseThrow(() -> RegistryException.notFound("Thing registration task "
                    + taskId + " does not exist."));
            Task changed = change.apply(t);
            tasks.put(taskId, changed);
            return changed;
        });
    }

    /**
     * Asks a running task to stop: an {@link Status#IN_PROGRESS} task becomes
     * {@link Status#CANCELLING}; its runner makes it {@link Status#CANCELLED}.
     *
     * @param taskId the task
     * @return the changed task
     * @throws RegistryException {@code ResourceNotFoundException} if there is no such task,
     *     {@code InvalidRequestException} if it has ended
     */
    public Task requestStop(String taskId) {
        return tables.write(() -> {
            Task t = tasks.find(taskId).orElseThrow(() -> RegistryException.notFound("Thing registration task "
                    + taskId + " does not exist."));
            if (t.status() == Status.CANCELLING) {
                return t;
            }
            if (t.status() != Status.IN_PROGRESS) {
                throw RegistryException.invalidRequest("Thing registration task " + taskId + " is "
                        + t.status().wireName() + "; only a task that is InProgress can be stopped.");
            }
            Task stopping = t.withStatus(Status.CANCELLING, "", clock.instant());
            tasks.put(taskId, stopping);
            return stopping;
        });
    }

    /**
     * Marks every task that is not finished {@link Status#FAILED}: called when an emulator starts on
     * a data directory, since the runner of such a task stopped with the previous emulator.
     *
     * @return how many tasks were marked
     */
    public int failInterrupted() {
        return tables.write(() -> {
            int n = 0;
            for (Task t : List.copyOf(tasks.values())) {
                if (!t.status().isFinished()) {
                    tasks.put(t.taskId(), t.withStatus(Status.FAILED,
                            "The emulator stopped while this task ran; start a new task for the remaining lines.",
                            clock.instant()));
                    n++;
                }
            }
            return n;
        });
    }
}

package io.github.fleetprov.policy.internal;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.IotStatement;
import io.github.fleetprov.policy.LintFinding;
import io.github.fleetprov.policy.PolicyContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** The immutable {@link IotPolicy}. */
public final class DefaultIotPolicy implements IotPolicy {

    private final String version;
    private final String id;
    private final List<IotStatement> statements;

    private DefaultIotPolicy(String version, String id, List<IotStatement> statements) {
        this.version = version;
        this.id = id;
        this.statements = List.copyOf(statements);
    }

    /** @return a new builder */
    public static IotPolicy.Builder builder() {
        return new BuilderImpl();
    }

    /**
     * A policy without validation, for the linter, which reports problems instead of throwing.
     *
     * @param version the version
     * @param id the id or {@code null}
     * @param statements the statements
     * @return the policy
     */
    static DefaultIotPolicy unvalidated(String version, String id, List<IotStatement> statements) {
        return new DefaultIotPolicy(version, id, statements);
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    @Override
    public List<IotStatement> statements() {
        return statements;
    }

    @Override
    public String toJson() {
        return IotPolicyWriter.write(this, false);
    }

    @Override
    public String toJson(boolean pretty) {
        return IotPolicyWriter.write(this, pretty);
    }

    @Override
    public int sizeWithoutWhitespace() {
        return IotPolicyWriter.sizeWithoutWhitespace(this);
    }

    @Override
    public IotPolicy.Builder toBuilder() {
        BuilderImpl b = new BuilderImpl();
        b.version = version;
        b.id = id;
        b.statements.addAll(statements);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DefaultIotPolicy other)) {
            return false;
        }
        return version.equals(other.version) && Objects.equals(id, other.id) && statements.equals(other.statements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, id, statements);
    }

    @Override
    public String toString() {
        return "IotPolicy" + toJson();
    }

    private static final class BuilderImpl implements IotPolicy.Builder {
        private String version = VERSION_2012_10_17;
        private String id;
        private PolicyContext context;
        private final List<IotStatement> statements = new ArrayList<>();

        @Override
        public IotPolicy.Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        @Override
        public IotPolicy.Builder id(String id) {
            this.id = id;
            return this;
        }

        @Override
        public IotPolicy.Builder context(PolicyContext context) {
            this.context = context;
            return this;
        }

        @Override
        public IotPolicy.Builder statements(Collection<IotStatement> statements) {
            Objects.requireNonNull(statements, "statements");
            this.statements.clear();
            statements.forEach(this::addStatement);
            return this;
        }

        @Override
        public IotPolicy.Builder addStatement(IotStatement statement) {
            Objects.requireNonNull(statement, "statement");
            statements.add(statement);
            return this;
        }

        @Override
        public IotPolicy.Builder addStatement(Consumer<IotStatement.Builder> statement) {
            Objects.requireNonNull(statement, "statement");
            IotStatement.Builder b = IotStatement.builder();
            statement.accept(b);
            return addStatement(b.build());
        }

        @Override
        public IotPolicy build() {
            List<IotStatement> bound = new ArrayList<>(statements.size());
            for (int i = 0; i < statements.size(); i++) {
                IotStatement s = statements.get(i);
                if (context != null && s instanceof DefaultIotStatement statement) {
                    s = statement.bind(context);
                }
                requireBound(i, s.resources(), "Resource");
                requireBound(i, s.notResources(), "NotResource");
                bound.add(s);
            }
            DefaultIotPolicy policy = new DefaultIotPolicy(version, id, bound);
            List<LintFinding> errors = PolicyValidator.validate(policy);
            if (!errors.isEmpty()) {
                LintFinding first = errors.get(0);
                throw new InvalidInputException(first.pointer().isEmpty() ? "policy document" : first.pointer(),
                        first.message(), first.fix());
            }
            return policy;
        }

        private static void requireBound(int index, List<IotResource> resources, String element) {
            for (int k = 0; k < resources.size(); k++) {
                if (!resources.get(k).isBound()) {
                    throw new InvalidInputException("/Statement/" + index + "/" + element + "/" + k,
                            "statement " + index + ": the resource " + resources.get(k)
                                    + " has no partition, region and account",
                            "Set IotPolicy.builder().context(PolicyContext.of(region, accountId)), or create the "
                                    + "resource with PolicyContext.topic(...) and friends.");
                }
            }
        }
    }
}

package io.github.fleetprov.policy.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotCondition;
import io.github.fleetprov.policy.IotConditionOperator;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.IotStatement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes IoT policies in the shape AWS documents them: {@code Version}, {@code Id}, then
 * {@code Statement} as an array; a single action, resource or condition value as a scalar, several as
 * an array, none (condition values) as {@code []}.
 */
public final class IotPolicyWriter {

    static final JsonFactory FACTORY = JsonFactory.builder().build();

    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private IotPolicyWriter() {
    }

    /**
     * Writes a policy.
     *
     * @param policy the policy
     * @param pretty whether to indent
     * @return the JSON text
     */
    public static String write(IotPolicy policy, boolean pretty) {
        SegmentedStringWriter out = new SegmentedStringWriter(FACTORY._getBufferRecycler());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(PRETTY.createInstance());
            }
            write(g, policy);
            g.flush();
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a policy as a JSON object into an open generator (for documents that embed a policy, such
     * as provisioning templates).
     *
     * @param g the generator
     * @param policy the policy
     * @throws IOException if the generator fails
     */
    public static void write(JsonGenerator g, IotPolicy policy) throws IOException {
        g.writeStartObject();
        g.writeStringField("Version", policy.version());
        if (policy.id().isPresent()) {
            g.writeStringField("Id", policy.id().get());
        }
        g.writeFieldName("Statement");
        g.writeStartArray();
        for (IotStatement s : policy.statements()) {
            writeStatement(g, s);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeStatement(JsonGenerator g, IotStatement s) throws IOException {
        g.writeStartObject();
        if (s.sid().isPresent()) {
            g.writeStringField("Sid", s.sid().get());
        }
        g.writeStringField("Effect", s.effect().value());
        if (!s.actions().isEmpty()) {
            writeActions(g, "Action", s.actions());
        } else {
            writeActions(g, "NotAction", s.notActions());
        }
        if (!s.resources().isEmpty()) {
            writeResources(g, "Resource", s.resources());
        } else {
            writeResources(g, "NotResource", s.notResources());
        }
        List<IotCondition> conditions = s.conditions();
        if (!conditions.isEmpty()) {
            g.writeFieldName("Condition");
            g.writeStartObject();
            IotConditionOperator open = null;
            for (IotCondition c : conditions) {
                if (!c.operator().equals(open)) {
                    if (open != null) {
                        g.writeEndObject();
                    }
                    open = c.operator();
                    g.writeFieldName(open.value());
                    g.writeStartObject();
                }
                g.writeFieldName(c.key());
                List<String> values = c.values();
                if (values.size() == 1) {
                    g.writeString(values.get(0));
                } else {
                    g.writeStartArray();
                    for (String v : values) {
                        g.writeString(v);
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeActions(JsonGenerator g, String field, List<IotAction> actions) throws IOException {
        g.writeFieldName(field);
        if (actions.size() == 1) {
            g.writeString(actions.get(0).value());
            return;
        }
        g.writeStartArray();
        for (IotAction a : actions) {
            g.writeString(a.value());
        }
        g.writeEndArray();
    }

    private static void writeResources(JsonGenerator g, String field, List<IotResource> resources) throws IOException {
        g.writeFieldName(field);
        if (resources.size() == 1) {
            g.writeString(resources.get(0).value());
            return;
        }
        g.writeStartArray();
        for (IotResource r : resources) {
            g.writeString(r.value());
        }
        g.writeEndArray();
    }

    /**
     * The size AWS IoT counts: characters of the compact document that are not white space.
     *
     * @param policy the policy
     * @return the size
     */
    public static int sizeWithoutWhitespace(IotPolicy policy) {
        String json = write(policy, false);
        int n = 0;
        for (int i = 0; i < json.length(); i++) {
            if (!Character.isWhitespace(json.charAt(i))) {
                n++;
            }
        }
        return n;
    }
}

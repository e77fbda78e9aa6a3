package io.github.fleetprov.admin.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.github.fleetprov.admin.FleetSetup;
import io.github.fleetprov.admin.PlannedCall;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.json.FleetJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and writes {@link FleetSetup} as JSON by data binding: the set-up's parts are records that
 * Jackson binds as they are; {@link Document} is the set-up's top level with its optional parts as
 * nullable members (left out of the JSON when absent). Paths are written as plain path strings.
 */
public final class FleetSetupJson {

    private static final String FIX = "Pass the text FleetSetup.toJson() wrote.";
    private static final ObjectMapper MAPPER = mapper();

    private FleetSetupJson() {
    }

    private static ObjectMapper mapper() {
        ObjectMapper mapper = FleetJson.newMapper()
                .registerModule(new SimpleModule("fleet-setup-paths")
                        .addSerializer(Path.class, ToStringSerializer.instance)
                        .addDeserializer(Path.class, new PathDeserializer()));
        // A number or a boolean where a name belongs is a mistake, not a name.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /**
     * The JSON document: a set-up's top level.
     *
     * @param fleetName the fleet
     * @param partition the partition
     * @param region the region
     * @param accountId the account
     * @param template the template part
     * @param policies the policies part
     * @param endpoints the endpoints part
     * @param claim the claim part, or {@code null}
     * @param roleAlias the role alias part, or {@code null}
     * @param changes the changes, or {@code null} for none
     */
    public record Document(String fleetName, String partition, String region, String accountId,
            FleetSetup.Template template, FleetSetup.Policies policies, FleetSetup.Endpoints endpoints,
            FleetSetup.Claim claim, FleetSetup.RoleAlias roleAlias, List<PlannedCall> changes) {
    }

    /**
     * Writes a set-up.
     *
     * @param s the set-up
     * @return pretty JSON
     */
    public static String write(FleetSetup s) {
        Document doc = new Document(s.fleetName(), s.partition(), s.region(), s.accountId(), s.template(),
                s.policies(), s.endpoints(), s.claim().orElse(null), s.roleAlias().orElse(null), s.changes());
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a fleet set-up always serializes", e);
        }
    }

    /**
     * Reads a set-up.
     *
     * @param json the JSON
     * @return the set-up
     * @throws InvalidInputException naming the member (as a JSON pointer) that is missing or invalid
     */
    public static FleetSetup read(String json) {
        Document doc;
        try {
            doc = MAPPER.readValue(json, Document.class);
        } catch (JsonMappingException e) {
            throw invalid(e);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("json", "is not JSON" + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ")"), FIX, e);
        }
        if (doc == null) {
            throw new InvalidInputException("json", "is not a JSON object", FIX);
        }
        try {
            return FleetSetup.builder().fleetName(doc.fleetName()).partition(doc.partition()).region(doc.region())
                    .accountId(doc.accountId()).template(doc.template()).policies(doc.policies())
                    .endpoints(doc.endpoints()).claim(doc.claim()).roleAlias(doc.roleAlias())
                    .changes(doc.changes() == null ? List.of() : doc.changes()).build();
        } catch (InvalidInputException e) {
            throw new InvalidInputException("/" + e.field(), e.problem(), FIX, e);
        }
    }

    private static InvalidInputException invalid(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
        }
        String where = pointer.length() == 0 ? "json" : pointer.toString();
        Throwable cause = e.getCause();
        if (cause instanceof InvalidInputException bad) {
            // A part's own check: name the member inside the part (e.g. /template/arn).
            String member = bad.field().contains(".") ? bad.field().substring(bad.field().indexOf('.') + 1) : bad.field();
            return new InvalidInputException(where + "/" + member, bad.problem(), FIX, e);
        }
        if (cause instanceof NullPointerException npe && npe.getMessage() != null) {
            return new InvalidInputException(where + "/" + npe.getMessage(), "is missing", FIX, e);
        }
        return new InvalidInputException(where, expected(e), FIX, e);
    }

    private static String expected(JsonMappingException e) {
        Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (type == null) {
            return "is not valid (" + e.getClass().getSimpleName() + ")";
        }
        if (type == String.class || type == Path.class || type == java.net.URI.class) {
            return "is not a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "is not an array";
        }
        return "is not an object";
    }

    /** A path from a plain path string. */
    private static final class PathDeserializer extends StdScalarDeserializer<Path> {
        private static final long serialVersionUID = 1L;

        PathDeserializer() {
            super(Path.class);
        }

        @Override
        public Path deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text == null || text.isBlank()) {
                return (Path) ctxt.handleUnexpectedToken(Path.class, p);
            }
            return Path.of(text);
        }
    }
}

package io.github.fleetprov.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Loads the policy documents extracted from the AWS IoT developer guide and the seeds. */
final class PolicyResources {

    private PolicyResources() {
    }

    static Path dir(String name) {
        try {
            return Path.of(PolicyResources.class.getResource("/policy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Path> files(String... dirs) {
        return Stream.of(dirs).flatMap(d -> {
            try (Stream<Path> s = Files.list(dir(d))) {
                return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(String dir, String file) {
        return read(dir(dir).resolve(file));
    }

    static List<Path> validDocuments() {
        return files("reference", "seeds", "embedded").toList();
    }
}

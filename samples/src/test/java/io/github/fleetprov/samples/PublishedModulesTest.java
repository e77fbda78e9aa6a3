package io.github.fleetprov.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the module descriptor of every published fleetprov module (the samples depend on all of
 * them) and holds the rule of the module graph: {@code internal} packages are not API, so no module
 * exports or opens one to everyone, and every other package is exported.
 */
class PublishedModulesTest {

    private static final Set<String> PUBLISHED = Set.of(
            "io.github.fleetprov.core",
            "io.github.fleetprov.policy",
            "io.github.fleetprov.testkit",
            "io.github.fleetprov.device",
            "io.github.fleetprov.admin",
            "io.github.fleetprov.admin.sagemaker");

    private static Map<String, ModuleDescriptor> modules;

    @BeforeAll
    static void readDescriptors() throws IOException {
        modules = new TreeMap<>();
        for (URL url : Collections.list(PublishedModulesTest.class.getClassLoader().getResources("module-info.class"))) {
            try (InputStream in = url.openStream()) {
                // javac does not record a module's packages in module-info.class (the jar tool may):
                // list them from the classes beside it.
                ModuleDescriptor descriptor = ModuleDescriptor.read(in, () -> packagesBeside(url));
                if (descriptor.name().startsWith("io.github.fleetprov.")) {
                    modules.put(descriptor.name(), descriptor);
                }
            }
        }
    }

    @Test
    void everyPublishedModule_hasAModuleDescriptor() {
        assertThat(modules.keySet()).containsExactlyInAnyOrderElementsOf(PUBLISHED);
    }

    @Test
    void noModule_exportsAnInternalPackageToEveryone() {
        for (ModuleDescriptor module : modules.values()) {
            Set<String> exportedInternal = new TreeSet<>();
            for (ModuleDescriptor.Exports export : module.exports()) {
                if (isInternal(export.source()) && !export.isQualified()) {
                    exportedInternal.add(export.source());
                }
            }
            assertThat(exportedInternal).as("internal packages exported by %s", module.name()).isEmpty();
        }
    }

    @Test
    void internalPackages_areExportedOrOpenedOnlyToNamedModules_neverToEveryone() {
        for (ModuleDescriptor module : modules.values()) {
            assertThat(module.isOpen()).as("%s is an open module", module.name()).isFalse();
            for (ModuleDescriptor.Opens opens : module.opens()) {
                assertThat(opens.isQualified())
                        .as("%s opens %s to every module", module.name(), opens.source())
                        .isTrue();
            }
            for (ModuleDescriptor.Exports export : module.exports()) {
                if (export.isQualified()) {
                    assertThat(export.targets()).as("%s exports %s to", module.name(), export.source())
                            .allMatch(target -> target.startsWith("io.github.fleetprov."));
                }
            }
        }
    }

    @Test
    void everyPackageOutsideInternal_isExported() {
        for (ModuleDescriptor module : modules.values()) {
            Set<String> exported = new TreeSet<>();
            for (ModuleDescriptor.Exports export : module.exports()) {
                if (!export.isQualified()) {
                    exported.add(export.source());
                }
            }
            Set<String> api = new TreeSet<>();
            for (String pkg : module.packages()) {
                if (!isInternal(pkg)) {
                    api.add(pkg);
                }
            }
            assertThat(exported).as("packages %s exports", module.name()).isEqualTo(api);
        }
    }

    private static Set<String> packagesBeside(URL moduleInfo) {
        try {
            Set<String> packages = new TreeSet<>();
            if ("jar".equals(moduleInfo.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) moduleInfo.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    jar.stream().map(JarEntry::getName).forEach(name -> addPackage(packages, name));
                }
            } else {
                Path root = Path.of(moduleInfo.toURI()).getParent();
                try (Stream<Path> files = Files.walk(root)) {
                    files.map(file -> root.relativize(file).toString().replace(File.separatorChar, '/'))
                            .forEach(name -> addPackage(packages, name));
                }
            }
            return packages;
        } catch (IOException | URISyntaxException e) {
            throw new UncheckedIOException(new IOException("cannot list the classes beside " + moduleInfo, e));
        }
    }

    private static void addPackage(Set<String> packages, String name) {
        int slash = name.lastIndexOf('/');
        if (name.endsWith(".class") && slash > 0 && !name.startsWith("META-INF/")) {
            packages.add(name.substring(0, slash).replace('/', '.'));
        }
    }

    private static boolean isInternal(String pkg) {
        return pkg.endsWith(".internal") || pkg.contains(".internal.");
    }
}

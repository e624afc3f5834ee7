package org.carecall.hub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub's packages depend on each other one way only, so that each can be read (and changed) knowing
 * only what lies below it; SQL is spoken by the classes that own the tables, not by the API or the live
 * consoles; and no class grows past what a newcomer can read at once (400 lines, 8 collaborators).
 */
class PackageRulesTest {
    private static JavaClasses hub;

    @BeforeAll
    static void importTheHub() {
        hub = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.carecall.hub");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.carecall.hub.(*)..").should().beFreeOfCycles().check(hub);
    }

    @Test
    void noClassTakesMoreThanEightCollaborators() {
        // Records are data, not collaborators: a call or a file has as many fields as it has facts.
        List<String> crowded = hub.stream().filter(type -> !type.isRecord())
                .flatMap(type -> type.getConstructors().stream())
                .filter(constructor -> constructor.getRawParameterTypes().size() > 8)
                .map(constructor -> constructor.getFullName()).toList();
        assertThat(crowded).isEmpty();
    }

    @Test
    void noClassIsLongerThanFourHundredLines() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(100); // the hub's own sources, not an empty folder
        List<String> tooLong = sources.stream().filter(file -> {
            try {
                return Files.readAllLines(file).size() > 400;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).map(Path::toString).toList();
        assertThat(tooLong).isEmpty();
    }

    @Test
    void onlyTheStoresOwnersSpeakSql() {
        noClasses().that().resideInAnyPackage("org.carecall.hub.api..", "org.carecall.hub.live..",
                        "org.carecall.hub.http..", "org.carecall.hub.mqtt..", "org.carecall.hub.escalation..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..")
                .because("each table has one owning class, and the SQL lives there")
                .check(hub);
    }
}

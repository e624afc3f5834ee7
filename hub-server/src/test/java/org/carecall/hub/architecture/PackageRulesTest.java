package org.carecall.hub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub's packages depend on each other one way only, so that each can be read (and changed) knowing
 * only what lies below it; and SQL is spoken by the classes that own the tables, not by the API or the
 * live consoles.
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
    void onlyTheStoresOwnersSpeakSql() {
        noClasses().that().resideInAnyPackage("org.carecall.hub.api..", "org.carecall.hub.live..",
                        "org.carecall.hub.http..", "org.carecall.hub.mqtt..", "org.carecall.hub.escalation..")
                .and().doNotHaveSimpleName("EscalationPolicies")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..")
                .because("each table has one owning class, and the SQL lives there")
                .check(hub);
    }
}

package io.molt.service.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service's boundaries, as ADR 0001 states them: the domain (cloud model, planner, campaign state
 * machines, ports) is plain Java; the layers point inwards (domain, then application, then adapters,
 * wiring and the command line); adapters meet only at the domain's ports; no package cycle; the domain
 * speaks the agent protocol's messages but not its wire (codec, AMQP names).
 */
class ServiceBoundariesTest {

    private static final String DOMAIN = "io.molt.service.domain..";
    private static final String APPLICATION = "io.molt.service.application..";
    private static final String ADAPTERS = "io.molt.service.adapter..";
    private static final String SETTINGS = "io.molt.service.settings..";
    private static final String WIRING = "io.molt.service.config..";
    private static final String CLI = "io.molt.service.cli..";
    private static final String EMBEDDED = "io.molt.service.embedded..";
    private static final String JSON_CODECS = "io.molt.service.adapter.json..";

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.molt.service");
    }

    @Test
    void domainUsesNoFrameworks() {
        noClasses().that().resideInAPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..",
                        "jakarta.persistence..",
                        "org.hibernate..",
                        "org.openstack4j..",
                        "org.libvirt..",
                        "com.rabbitmq..",
                        "com.fasterxml.jackson..",
                        "io.micrometer..",
                        "java.sql..",
                        "picocli..")
                .because("the domain is pure code over snapshots; adapters sit behind its ports (DESIGN.md section 2)")
                .check(classes);
    }

    /**
     * Settings (the {@code @ConfigurationProperties} records) are read by adapters and wiring alike; the
     * wiring ({@code config}) builds beans and nothing depends on it. The JSON codecs of domain values
     * ({@code adapter.json}) are shared by the web and persistence adapters, the wiring and the command line;
     * they are a layer of their own between the domain and the adapters. The root package holds only the
     * Spring Boot application class, which the command line starts.
     */
    @Test
    void layersPointInwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Domain").definedBy(DOMAIN)
                .layer("Application").definedBy(APPLICATION)
                .layer("Json codecs").definedBy(JSON_CODECS)
                .layer("Settings").definedBy(SETTINGS)
                .layer("Adapters").definedBy(resideInAPackage(ADAPTERS).and(not(resideInAPackage(JSON_CODECS)))
                        .as("'io.molt.service.adapter..' but json"))
                .layer("Wiring").definedBy(WIRING)
                .layer("Command line").definedBy(CLI)
                .layer("Embedded infrastructure").definedBy(EMBEDDED)
                .layer("Boot").definedBy("io.molt.service")
                .whereLayer("Domain").mayOnlyBeAccessedByLayers("Application", "Json codecs", "Settings", "Adapters",
                        "Wiring", "Command line")
                .whereLayer("Application").mayOnlyBeAccessedByLayers("Adapters", "Wiring", "Command line")
                .whereLayer("Json codecs").mayOnlyBeAccessedByLayers("Adapters", "Wiring", "Command line")
                .whereLayer("Settings").mayOnlyBeAccessedByLayers("Adapters", "Wiring", "Command line")
                .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Wiring", "Command line")
                .whereLayer("Wiring").mayNotBeAccessedByAnyLayer()
                .whereLayer("Embedded infrastructure").mayOnlyBeAccessedByLayers("Command line")
                .whereLayer("Boot").mayOnlyBeAccessedByLayers("Command line")
                .whereLayer("Command line").mayNotBeAccessedByAnyLayer()
                .check(classes);
    }

    @Test
    void adaptersDoNotCallOneAnother() {
        slices().matching("io.molt.service.adapter.(*)..").namingSlices("adapter $1")
                .should().notDependOnEachOther()
                .ignoreDependency(DescribedPredicate.alwaysTrue(), resideInAPackage(JSON_CODECS))
                .because("adapters meet at the domain's ports (ADR 0001); the json codecs are shared values, not an adapter")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.molt.service.(**)").should().beFreeOfCycles().check(classes);
    }

    /**
     * The domain records the agent commands it decides ({@code Envelope}) and the capabilities agents
     * report, so it may use the protocol's message types; their JSON codec and AMQP names belong to the
     * AMQP adapter (ADR 0001).
     */
    @Test
    void domainSpeaksTheProtocolsMessagesNotItsWire() {
        noClasses().that().resideInAPackage(DOMAIN)
                .should().dependOnClassesThat(resideInAnyPackage("io.molt.protocol..")
                        .and(JavaClass.Predicates.simpleName("ProtocolCodec")
                                .or(JavaClass.Predicates.simpleName("Topology")))
                        .as("the protocol's codec or AMQP topology"))
                .check(classes);
    }
}

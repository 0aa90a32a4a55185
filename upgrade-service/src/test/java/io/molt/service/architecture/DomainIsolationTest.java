package io.molt.service.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The domain (cloud model, planner, campaign and host state machines, ports) is plain Java: it knows
 * nothing of Spring, JPA, openstack4j, libvirt, RabbitMQ or JSON mapping. Adapters live at the edges.
 */
class DomainIsolationTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.molt.service");
    }

    @Test
    void domainUsesNoFrameworks() {
        noClasses().that().resideInAPackage("io.molt.service.domain..")
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
                        "io.molt.service.adapter..",
                        "io.molt.service.application..")
                .because("the domain is pure code over snapshots; adapters sit behind its ports (DESIGN.md section 2)")
                .check(classes);
    }

    @Test
    void theApiReachesPersistenceAndAgentsOnlyThroughPorts() {
        noClasses().that().resideInAPackage("io.molt.service.adapter.web..")
                .should().dependOnClassesThat().resideInAnyPackage("io.molt.service.adapter.persistence..",
                        "io.molt.service.adapter.amqp..")
                .because("adapters do not call one another; they meet at the domain's ports")
                .check(classes);
    }
}

package io.molt.service.domain.plan;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The planner and the cloud model are plain Java: no framework, no JSON, no I/O library. */
class PlannerArchitectureTest {

    private final JavaClasses domain = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.molt.service.domain.plan", "io.molt.service.domain.cloud");

    @Test
    void plannerAndModelDependOnNoFrameworkOrAdapter() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                "org.openstack4j..", "org.libvirt..", "com.rabbitmq..", "com.fasterxml.jackson..", "picocli..",
                "io.molt.service.adapter..", "io.molt.service.cli..").check(domain);
    }
}

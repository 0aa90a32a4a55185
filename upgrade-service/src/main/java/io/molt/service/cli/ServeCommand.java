package io.molt.service.cli;

import io.molt.service.UpgradeServiceApplication;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Runs the upgrade service; Spring Boot arguments such as {@code --server.port=9090} pass through. */
@Command(name = "serve", description = "Run the upgrade service (API, agent registry, campaign engine).")
final class ServeCommand implements Callable<Integer> {

    @Unmatched
    private String[] springArgs = new String[0];

    @Override
    public Integer call() {
        SpringApplication.run(UpgradeServiceApplication.class, springArgs);
        return 0;
    }
}

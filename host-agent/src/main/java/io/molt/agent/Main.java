package io.molt.agent;

import io.molt.agent.capabilities.CapabilityDetector;
import io.molt.agent.commands.CommandDispatcher;
import io.molt.agent.commands.CommandHandler;
import io.molt.agent.commands.PingHandler;
import io.molt.agent.config.AgentConfig;
import io.molt.agent.config.InvalidConfigException;
import io.molt.agent.libvirt.LibvirtDomains;
import io.molt.agent.libvirt.LibvirtProbe;
import io.molt.agent.steps.Preservation;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar host-agent-all.jar [--config /etc/molt/agent.properties]} */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);
    private static final Path DEFAULT_CONFIG = Path.of("/etc/molt/agent.properties");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        AgentConfig config;
        try {
            config = AgentConfig.load(configPath(args));
        } catch (InvalidConfigException | IllegalArgumentException e) {
            System.err.println("molt-agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        CapabilityDetector capabilities = new CapabilityDetector(config, new LibvirtProbe());
        capabilities.prefetch(); // libvirt's client loads and connects while the journal and the broker are set up
        LibvirtDomains domains = new LibvirtDomains(config.libvirtUri());
        Preservation preservation = Preservation.forConfig(config, domains, Clock.systemUTC());
        preservation.recover(); // a held domain is down: finish what the journal says is unfinished first
        List<CommandHandler<?>> handlers = new ArrayList<>(List.of(new PingHandler(config.host())));
        handlers.addAll(preservation.handlers());
        HostAgent agent = new HostAgent(config, capabilities,
                new CommandDispatcher(HostAgent.ledgerFor(config), handlers), Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "molt-shutdown"));
        agent.start();
        log.info("molt agent {} for host {} started in {} ms", AgentVersion.VALUE, config.host(),
                (System.nanoTime() - t0) / 1_000_000);
        Thread.currentThread().join();
    }

    private static Path configPath(String[] args) {
        if (args.length == 2 && args[0].equals("--config")) {
            return Path.of(args[1]);
        }
        if (args.length == 0) {
            return DEFAULT_CONFIG;
        }
        throw new IllegalArgumentException("usage: molt-agent [--config FILE] (default " + DEFAULT_CONFIG + ")");
    }
}

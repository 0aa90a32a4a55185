package io.molt.service.support;

import io.molt.migrations.FreshDatabase;
import io.molt.protocol.Topology;
import java.util.List;
import java.util.UUID;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What a service integration test runs on: a fresh database on the local PostgreSQL and a private
 * AMQP prefix on the local RabbitMQ (both real), removed afterwards. A test class using it is annotated
 * {@code @DirtiesContext}: its Spring context (and campaign engine) must not outlive its database.
 */
public final class ServiceTestEnvironment implements AutoCloseable {

    public static final String AMQP_HOST = System.getenv().getOrDefault("MOLT_TEST_AMQP_HOST", "127.0.0.1");
    public static final String AMQP_URI = "amqp://guest:guest@" + AMQP_HOST + ":5672/%2F";

    private final FreshDatabase database;
    private final String prefix;
    private final List<String> hosts;

    private ServiceTestEnvironment(FreshDatabase database, String prefix, List<String> hosts) {
        this.database = database;
        this.prefix = prefix;
        this.hosts = hosts;
    }

    /** {@code hosts}: the agents the test will run, whose queues are deleted at the end. */
    public static ServiceTestEnvironment create(String purpose, String... hosts) {
        return new ServiceTestEnvironment(FreshDatabase.create(purpose),
                "it-" + purpose.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8), List.of(hosts));
    }

    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.rabbitmq.host", () -> AMQP_HOST);
        registry.add("molt.amqp.prefix", () -> prefix);
    }

    public String prefix() {
        return prefix;
    }

    public FreshDatabase database() {
        return database;
    }

    /** Drops the database and deletes the exchanges and queues under the prefix. */
    @Override
    public void close() {
        CachingConnectionFactory cf = new CachingConnectionFactory(AMQP_HOST);
        try {
            RabbitAdmin admin = new RabbitAdmin(cf);
            Topology topology = new Topology(prefix);
            admin.deleteQueue(topology.serviceEventsQueue());
            hosts.forEach(host -> admin.deleteQueue(topology.agentQueue(host)));
            List.of(topology.commandsExchange(), topology.eventsExchange(), topology.notificationsExchange())
                    .forEach(admin::deleteExchange);
        } finally {
            cf.destroy();
            database.close();
        }
    }
}

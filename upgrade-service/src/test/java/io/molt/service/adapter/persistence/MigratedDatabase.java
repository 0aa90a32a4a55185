package io.molt.service.adapter.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.molt.migrations.FreshDatabase;
import io.molt.migrations.MoltSchema;
import io.molt.protocol.Topology;
import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.settings.NotificationProperties;
import java.util.List;
import java.util.UUID;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionInterceptor;

/**
 * A fresh database on the local PostgreSQL with the real migrations, and the JDBC adapters on it with their
 * {@code @Transactional} boundaries kept (a transaction proxy, as Spring makes), without a Spring context.
 */
final class MigratedDatabase implements AutoCloseable {

    private final FreshDatabase database;
    private final HikariDataSource dataSource;
    private final JdbcClient db;
    private final TransactionInterceptor transactions;

    MigratedDatabase(String purpose) {
        database = FreshDatabase.create(purpose);
        MoltSchema.flyway(database.url(), database.user(), null).migrate();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.url());
        dataSource.setUsername(database.user());
        dataSource.setMaximumPoolSize(2);
        dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
        db = JdbcClient.create(dataSource);
        transactions = new TransactionInterceptor(new DataSourceTransactionManager(dataSource),
                new AnnotationTransactionAttributeSource());
    }

    JdbcAgentCommands agentCommands() {
        return new JdbcAgentCommands(db, new ObjectMapper());
    }

    AgentCommands transactional(JdbcAgentCommands commands) {
        return proxy(commands, AgentCommands.class);
    }

    Campaigns campaigns(JdbcAgentCommands commands) {
        return proxy(new JdbcCampaigns(db, new JdbcTemplate(dataSource), new Topology("it-" + database.name()),
                new NotificationProperties(true, "molt.contract", "notifications"), commands), Campaigns.class);
    }

    List<String> outboxMessageIds() {
        return db.sql("SELECT message_id FROM outbox ORDER BY id").query(UUID.class).list().stream()
                .map(UUID::toString).toList();
    }

    void execute(String sql) {
        db.sql(sql).update();
    }

    private <T> T proxy(Object target, Class<T> port) {
        ProxyFactory factory = new ProxyFactory(target);
        factory.addInterface(port);
        factory.addAdvice(transactions);
        return port.cast(factory.getProxy());
    }

    @Override
    public void close() {
        dataSource.close();
        database.close();
    }
}

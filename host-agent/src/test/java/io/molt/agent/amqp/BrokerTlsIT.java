package io.molt.agent.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Connection;
import java.net.URI;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's amqps:// connection against the real RabbitMQ with a TLS listener whose certificate a test CA
 * signed for localhost: it connects when amqp.ca-file is that CA and the URI names localhost, and refuses a
 * broker whose certificate chains to another CA, or whose certificate does not name the host it dialled.
 */
class BrokerTlsIT {

    private static TlsBroker broker;

    @BeforeAll
    static void startListener() throws Exception {
        broker = TlsBroker.start();
    }

    @AfterAll
    static void stopListener() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void connectsWhenTheBrokersCertificateChainsToTheCaFileAndNamesTheHost() throws Exception {
        try (Connection connection = AmqpLink.factory(uri("localhost"), broker.ca()).newConnection("tls-test")) {
            assertThat(connection.isOpen()).isTrue();
            assertThat(connection.getServerProperties()).containsKey("product");
        }
    }

    @Test
    void refusesABrokerWhoseCertificateChainsToAnotherCa() {
        assertThatThrownBy(() -> AmqpLink.factory(uri("localhost"), broker.otherCa()).newConnection("tls-test"))
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("certification path");
    }

    @Test
    void refusesABrokerWhoseCertificateDoesNotNameTheHostDialled() {
        assertThatThrownBy(() -> AmqpLink.factory(uri("127.0.0.1"), broker.ca()).newConnection("tls-test"))
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("127.0.0.1");
    }

    @Test
    void withoutACaFileTheJvmsTrustStoreDecidesAndDoesNotKnowTheTestCa() {
        assertThatThrownBy(() -> AmqpLink.factory(uri("localhost"), null).newConnection("tls-test"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    private static URI uri(String host) {
        return URI.create("amqps://guest:guest@" + host + ":" + broker.port() + "/%2F");
    }
}

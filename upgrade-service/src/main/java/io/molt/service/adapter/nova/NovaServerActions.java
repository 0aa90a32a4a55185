package io.molt.service.adapter.nova;

import io.molt.service.domain.cloud.CloudException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.compute.Action;

/**
 * Stop, start and delete: the checks and the waiting read the server through the REST API; the actions
 * themselves go through openstack4j. Each waits until the server reached its end state.
 */
final class NovaServerActions {

    private final KeystoneSession session;
    private final NovaRest rest;
    private final Retrier.Sleeper sleeper;
    private final Duration pollInterval;
    private final Duration timeout;
    private final Clock clock;

    NovaServerActions(KeystoneSession session, NovaRest rest, Retrier.Sleeper sleeper, Duration pollInterval,
            Duration timeout, Clock clock) {
        this.session = session;
        this.rest = rest;
        this.sleeper = sleeper;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        this.clock = clock;
    }

    void stop(String uuid) {
        NovaServer server = server(uuid);
        if (!isStopped(server) && !"powering-off".equals(server.taskState())) {
            act("stop server " + uuid, () -> session.client().compute().servers().action(uuid, Action.STOP));
        }
        awaitState(uuid, "SHUTOFF", NovaServerActions::isStopped);
    }

    void start(String uuid) {
        NovaServer server = server(uuid);
        if (!isActive(server) && !"powering-on".equals(server.taskState())) {
            act("start server " + uuid, () -> session.client().compute().servers().action(uuid, Action.START));
        }
        awaitState(uuid, "ACTIVE", NovaServerActions::isActive);
    }

    void delete(String uuid) {
        try {
            NovaServer server = server(uuid);
            if (!"deleting".equals(server.taskState())) {
                ActionResponse response = call("delete server " + uuid,
                        () -> session.client().compute().servers().delete(uuid));
                if (!response.isSuccess() && response.getCode() != 404) {
                    throw NovaErrors.fromAction("delete server " + uuid, response);
                }
            }
            awaitState(uuid, "deleted", s -> "deleted".equals(s.vmState()) || "soft-delete".equals(s.vmState()));
        } catch (CloudException.NotFound gone) {
            // deleted: what was asked for
        }
    }

    private NovaServer server(String uuid) {
        return NovaServer.from(rest.get("/servers/" + uuid, NovaServer.MICROVERSION).path("server"));
    }

    private static boolean isStopped(NovaServer s) {
        return "stopped".equals(s.vmState()) && s.taskState() == null;
    }

    private static boolean isActive(NovaServer s) {
        return "active".equals(s.vmState()) && s.taskState() == null;
    }

    private static void act(String what, Supplier<ActionResponse> action) {
        ActionResponse response = call(what, action);
        if (!response.isSuccess()) {
            throw NovaErrors.fromAction(what, response);
        }
    }

    private static ActionResponse call(String what, Supplier<ActionResponse> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw NovaErrors.fromOpenstack4j(what, e);
        }
    }

    private void awaitState(String uuid, String wanted, Predicate<NovaServer> reached) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            NovaServer server = server(uuid);
            if (reached.test(server)) {
                return;
            }
            if ("error".equals(server.vmState())) {
                throw new CloudException.Refused("server " + uuid + " went to ERROR instead of " + wanted, 0);
            }
            if (clock.instant().isAfter(deadline)) {
                throw new CloudException.Transient("server " + uuid + " not " + wanted + " within " + timeout
                        + " (vm_state " + server.vmState() + ", task_state " + server.taskState() + ")", 0, null);
            }
            try {
                sleeper.sleep(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloudException.Transient("interrupted while waiting for server " + uuid, 0, e);
            }
        }
    }
}

package io.molt.service.domain.port;

import io.molt.service.domain.cloud.CloudSnapshot;

/**
 * The cloud's control plane (Nova) as the campaign engine needs it. Every action checks the world
 * before it acts, so that repeating it is harmless.
 */
public interface ComputeCloud {

    /** Reads hosts, services, servers, server groups, zones and aggregates as they are now. */
    CloudSnapshot snapshot();
}

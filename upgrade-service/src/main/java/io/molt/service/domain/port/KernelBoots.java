package io.molt.service.domain.port;

import io.molt.protocol.KernelBoot;
import io.molt.service.domain.cloud.MeasuredKexec;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The kernel upgrades' boots that hosts' agents measured (persistence port). */
public interface KernelBoots {

    /** Keeps one answer's figures; a command answered again is kept once. */
    void record(String host, String commandId, KernelBoot boot, Instant at);

    /** Each host's medians of its newest {@value MeasuredKexec#UPGRADES} measured upgrades, by host name. */
    Map<String, MeasuredKexec> measured();

    /** One host's, if it has any. */
    Optional<MeasuredKexec> measured(String host);
}

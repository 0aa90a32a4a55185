package io.molt.agent.steps;

import io.molt.agent.commands.CommandHandler;
import io.molt.agent.config.AgentConfig;
import io.molt.agent.config.AgentConfigKey;
import io.molt.agent.config.HookCommands;
import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import io.molt.agent.kexec.CommandKexecTool;
import io.molt.agent.kexec.KexecPaths;
import io.molt.agent.kexec.KexecPrechecks;
import io.molt.agent.kexec.KexecPrepare;
import io.molt.agent.kexec.KexecTool;
import io.molt.agent.libvirt.Domains;
import io.molt.protocol.Commands;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The preservation steps wired to one libvirt and one journal: their command handlers, and the
 * recovery that finishes what the journal says is unfinished when the agent starts.
 */
public final class Preservation {

    private static final Logger log = LoggerFactory.getLogger(Preservation.class);

    private final StepJournal journal;
    private final PreservationSettings settings;
    private final PreserveReplace preserve;
    private final WarmReboot warmReboot;
    private final SuspendToDisk suspend;
    private final KexecPrepare kexec;
    private final PreserveGuests preserveGuests;
    private final RunUpgrade runUpgrade;
    private final RestoreGuests restoreGuests;
    private final RunHook runHook;

    public Preservation(Domains domains, StepJournal journal, PreservationSettings settings, Faults faults, KexecPrepare kexec) {
        this(domains, journal, settings, faults, kexec, new NovaCompute(List.of(), List.of()), "localhost",
                HostReboot.NONE, Duration.ofSeconds(60), Integer.parseInt(AgentConfigKey.GUESTS_AT_ONCE.defaultValue()),
                Clock.systemUTC());
    }

    public Preservation(Domains domains, StepJournal journal, PreservationSettings settings, Faults faults, KexecPrepare kexec,
                        NovaCompute nova, String hostName, HostReboot reboot, Duration guestShutdownTimeout,
                        int guestsAtOnce, Clock clock) {
        this(domains, journal, settings, faults, kexec, nova, hostName, reboot, guestShutdownTimeout, guestsAtOnce,
                HookCommands.NONE, clock);
    }

    public Preservation(Domains domains, StepJournal journal, PreservationSettings settings, Faults faults, KexecPrepare kexec,
                        NovaCompute nova, String hostName, HostReboot reboot, Duration guestShutdownTimeout,
                        int guestsAtOnce, HookCommands hooks, Clock clock) {
        this.journal = journal;
        this.kexec = kexec;
        this.settings = settings;
        this.preserve = new PreserveReplace(domains, journal, settings, faults);
        this.warmReboot = new WarmReboot(domains, journal, settings, preserve);
        this.suspend = new SuspendToDisk(domains, journal, settings);
        GuestPool guests = new GuestPool(guestsAtOnce);
        this.preserveGuests = new PreserveGuests(domains, journal, preserve, suspend, new Prechecks(domains, settings, journal),
                nova, guestShutdownTimeout, clock, guests);
        this.runUpgrade = new RunUpgrade(journal, reboot, hostName);
        this.restoreGuests = new RestoreGuests(domains, journal, preserve, suspend, nova,
                new HostBoot(reboot, settings.stateDir(), clock), clock, guests);
        this.runHook = new RunHook(journal, hooks, hostName);
    }

    public static Preservation forConfig(AgentConfig config, Domains domains, Clock clock) {
        PreservationSettings settings = new PreservationSettings(config.qemuConf(), config.libvirtHook(),
                config.stateDir().resolve("preservation"), config.monitorDir(), config.libvirtRestartCommand(),
                config.kexecExecuteAllowed());
        StepJournal journal = new StepJournal(config.stateDir().resolve("journal"), clock);
        KexecPaths paths = KexecPaths.system();
        KexecPrepare kexec = kexecPrepare(domains, journal, config.preservedMemoryDevice(), config.kexecExecuteAllowed(),
                paths, new CommandKexecTool(paths.kexecBinary()));
        return new Preservation(domains, journal, settings, Faults.NONE, kexec,
                new NovaCompute(config.novaComputeStop(), config.novaComputeStart()), config.host(),
                new HostReboot(config.kexecExecuteAllowed(), config.kexecCommand(), config.rebootAllowed(),
                        config.rebootCommand(), HostReboot.BOOT_ID, Duration.ofMinutes(10)),
                config.guestShutdownTimeout(), config.guestsAtOnce(), config.hooks(), clock);
    }

    /** KEXEC_PREPARE on these host files and this kexec; {@code device} null when none is configured. */
    public static KexecPrepare kexecPrepare(Domains domains, StepJournal journal, Path device, boolean executeAllowed,
                                            KexecPaths paths, KexecTool tool) {
        KexecPrechecks prechecks = new KexecPrechecks(domains, uuid -> MemoryFiles.of(domains, uuid), device, paths);
        return new KexecPrepare(journal, prechecks, tool, paths.kexecLoaded(), executeAllowed);
    }

    public List<CommandHandler<?>> handlers() {
        return List.of(
                new StepCommandHandler<>(Commands.PreserveReplace.class,
                        (id, c, progress) -> preserve.run(id, UUID.fromString(c.domainUuid()), progress)),
                new StepCommandHandler<>(Commands.WarmReboot.class, (id, c, progress) -> warmReboot.run(id, progress)),
                new StepCommandHandler<>(Commands.SuspendToDisk.class,
                        (id, c, progress) -> suspend.suspend(id, UUID.fromString(c.domainUuid()), progress)),
                new StepCommandHandler<>(Commands.Resume.class,
                        (id, c, progress) -> suspend.resume(id, UUID.fromString(c.domainUuid()), progress)),
                new StepCommandHandler<>(Commands.KexecPrepare.class, (id, c, progress) -> kexec.run(id, Path.of(c.kernel()),
                        Optional.ofNullable(c.initrd()).filter(i -> !i.isBlank()).map(Path::of), progress)),
                new StepCommandHandler<>(Commands.InstallPreservationHook.class, (id, c, progress) -> installHook(c)),
                new StepCommandHandler<>(Commands.PreserveGuests.class, preserveGuests::run),
                new StepCommandHandler<>(Commands.RunUpgrade.class, runUpgrade::run),
                new StepCommandHandler<>(Commands.RestoreGuests.class, restoreGuests::run),
                new StepCommandHandler<>(Commands.RunHook.class, runHook::run));
    }

    private StepResult installHook(Commands.InstallPreservationHook command) {
        PreservationSetup setup = new PreservationSetup(settings);
        boolean changed = setup.installHook();
        String restarted = "not needed";
        if (changed && command.restartLibvirtd()) {
            restarted = WarmReboot.restart(settings.restartLibvirtd());
            if (restarted != null) {
                return StepResult.failed("hook installed, but libvirtd did not restart: " + restarted, java.util.Map.of());
            }
            restarted = "done";
        }
        List<Refusal> left = setup.check();
        return left.isEmpty()
                ? StepResult.succeeded("hook in place at " + settings.hook() + " (changed: " + changed + ", libvirtd restart: "
                        + (changed && !command.restartLibvirtd() ? "needed" : restarted) + ")", java.util.Map.of("changed", Boolean.toString(changed)))
                : StepResult.refused(left);
    }

    /** Finishes (or rolls back) every operation the journal holds open; returns what it did. */
    public List<StepResult> recover() {
        List<StepResult> results = new ArrayList<>();
        for (JournalEntry open : journal.open()) {
            String id = open.operationId();
            if (id.contains(".")) {
                continue; // a part of a warm reboot (which finishes it) or a guest held for a campaign (RestoreGuests does)
            }
            if (List.of(PreserveGuests.STEP, RunUpgrade.STEP, RestoreGuests.STEP, RunHook.STEP).contains(open.step())) {
                log.info("{} {} left in phase {}: the service sends it again (or the next step); held guests stay held",
                        open.step(), id, open.phase());
                continue;
            }
            log.info("finishing {} {} left in phase {}", open.step(), id, open.phase());
            StepResult result = switch (open.step()) {
                case PreserveReplace.STEP -> preserve.finish(id, Progress.NONE);
                case WarmReboot.STEP -> warmReboot.run(id, Progress.NONE);
                case SuspendToDisk.SUSPEND -> suspend.suspend(id, UUID.fromString(open.get("uuid")), Progress.NONE);
                case SuspendToDisk.RESUME -> suspend.resume(id, UUID.fromString(open.get("uuid")), Progress.NONE);
                case KexecPrepare.STEP -> kexec.finish(open);
                default -> StepResult.failed("unknown step " + open.step() + " in the journal", open.data());
            };
            log.info("{} {}: {} {}", open.step(), id, result.outcome(), result.message());
            results.add(result);
        }
        return results;
    }
}

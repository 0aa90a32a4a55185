package io.molt.agent.capabilities;

import io.molt.agent.config.AgentConfig;
import io.molt.agent.kexec.KexecPaths;
import io.molt.agent.libvirt.LibvirtProbe;
import io.molt.protocol.HostCapabilities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out what this host can do now: libvirt, QEMU, kexec, preserved memory, free RAM, Kexec HandOver and
 * the Live Update Orchestrator ({@link KernelHandoverProbe}); and says how many guests the agent takes down
 * and brings back at once ({@code guests.at-once}). The first detection can run ahead on a thread of its own
 * ({@link #prefetch()}): loading libvirt's client and opening its first connection takes a few hundred
 * milliseconds, which then overlap the rest of the agent's start (its journal, the broker) instead of adding
 * to it.
 */
public final class CapabilityDetector {

    private static final Logger log = LoggerFactory.getLogger(CapabilityDetector.class);

    private final AgentConfig config;
    private final LibvirtProbe libvirt;
    private final Path procMeminfo;
    private final Path qemuConf;
    private final KernelHandoverProbe kernel;
    private final AtomicReference<CompletableFuture<HostCapabilities>> prefetched = new AtomicReference<>();

    public CapabilityDetector(AgentConfig config, LibvirtProbe libvirt) {
        this(config, libvirt, Path.of("/proc/meminfo"), Path.of("/etc/libvirt/qemu.conf"), KernelHandoverProbe.system());
    }

    CapabilityDetector(AgentConfig config, LibvirtProbe libvirt, Path procMeminfo, Path qemuConf,
            KernelHandoverProbe kernel) {
        this.config = config;
        this.libvirt = libvirt;
        this.procMeminfo = procMeminfo;
        this.qemuConf = qemuConf;
        this.kernel = kernel;
    }

    /** Starts the first detection now, on a daemon thread; the next {@link #detect()} takes its result. */
    public void prefetch() {
        CompletableFuture<HostCapabilities> first = new CompletableFuture<>();
        prefetched.set(first);
        Thread thread = new Thread(() -> {
            try {
                first.complete(detectNow());
            } catch (RuntimeException | Error e) {
                first.completeExceptionally(e);
            }
        }, "molt-capabilities");
        thread.setDaemon(true);
        thread.start();
    }

    /** What the host can do: the prefetched detection once, if one was started, else a new one. */
    public HostCapabilities detect() {
        CompletableFuture<HostCapabilities> first = prefetched.getAndSet(null);
        if (first != null) {
            try {
                return first.join();
            } catch (CompletionException e) {
                log.warn("the capabilities detected ahead failed ({}); detecting again", e.getCause().toString());
            }
        }
        return detectNow();
    }

    private HostCapabilities detectNow() {
        LibvirtProbe.Result probe = libvirt.probe(config.libvirtUri());
        if (!probe.reachable()) {
            log.warn("libvirt at {} is not reachable: {}", config.libvirtUri(), probe.error());
        }
        return new HostCapabilities(config.libvirtUri(), probe.reachable(), probe.libvirtVersion(),
                probe.hypervisorVersion(), kexecAvailable(), preservedMemoryBytes(), memoryBackingDirConfigured(),
                freeMemoryBytes(), config.guestsAtOnce(), kernel.probe());
    }

    /** The kexec tool is installed and the running kernel supports kexec (it has /sys/kernel/kexec_loaded). */
    private boolean kexecAvailable() {
        return KexecPaths.system().kexecUsable();
    }

    /** Size of the configured pmem device from sysfs, e.g. /sys/block/pmem0/size (in 512-byte sectors). */
    long preservedMemoryBytes() {
        Path device = config.preservedMemoryDevice();
        if (device == null) {
            return 0;
        }
        Path sectors = Path.of("/sys/block", device.getFileName().toString(), "size");
        return readFirstLine(sectors).map(s -> Long.parseLong(s.trim()) * 512L).orElseGet(() -> {
            log.warn("preserved-memory.device {} has no {}: reporting no preserved memory", device, sectors);
            return 0L;
        });
    }

    /** qemu.conf sets memory_backing_dir: guest RAM is a file that can outlive its QEMU process. */
    boolean memoryBackingDirConfigured() {
        try {
            return Files.isReadable(qemuConf) && Files.readAllLines(qemuConf).stream()
                    .map(String::trim)
                    .anyMatch(line -> line.startsWith("memory_backing_dir") && line.contains("="));
        } catch (IOException e) {
            return false;
        }
    }

    long freeMemoryBytes() {
        try {
            return Files.readAllLines(procMeminfo).stream()
                    .filter(line -> line.startsWith("MemAvailable:"))
                    .map(line -> line.replaceAll("[^0-9]", ""))
                    .mapToLong(kib -> Long.parseLong(kib) * 1024L)
                    .findFirst().orElse(0L);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<String> readFirstLine(Path path) {
        try {
            return Files.readAllLines(path).stream().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
